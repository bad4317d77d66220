// How the page is shown: large type (for a projector) is remembered on this device, like the language link.
import { readJson, writeJson } from '../local-json';

const KEY = 'display.v1';

export class DisplayState {
  largeType = $state(readJson<{ largeType?: boolean }>(KEY, {}).largeType === true);

  setLargeType(on: boolean): void {
    this.largeType = on;
    writeJson(KEY, { largeType: on });
  }
}

export const display = new DisplayState();

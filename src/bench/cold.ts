// Cold start as a user meets it: bench.html?cold=<model> was just navigated to in a fresh browser profile
// (nothing cached, nothing compiled). Times are read from performance.now(), whose zero is the navigation start.
// fp32 on WASM with the app's default thread count (all cores up to 8, when the page is cross-origin isolated).
import type { ColdResult } from './protocol';
import { newLabBridge } from './spawn';

export async function coldStart(model: string, moduleStartMs: number): Promise<ColdResult> {
  const bridge = newLabBridge();
  const result: ColdResult = { model, ok: false, moduleStartMs };
  try {
    // open() fetches the model, its eval set and adapter, as the lab does when a model is picked.
    const opened = await bridge.call((api) => api.open({ kind: 'builtin', id: model }));
    result.openedMs = performance.now();
    result.modelBytes = opened.bytes;
    const info = await bridge.call((api) => api.load({ backend: 'wasm' }));
    result.loadedMs = performance.now();
    result.sessionCreateMs = info.loadMs;
    result.threads = info.threads;
    // One run on the first eval sample, output read back: the first inference result.
    const first = await bridge.call((api) => api.benchmark({ runs: 1, warmup: 0 }));
    result.firstResultMs = performance.now();
    result.firstRunMs = first.medianMs;
    result.ok = true;
  } catch (e) {
    result.error = (e as Error).message || String(e);
  } finally {
    bridge.dispose();
  }
  return result;
}

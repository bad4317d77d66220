// Messages between the page and the service worker (sent over a MessageChannel, one reply per request).
import type { PlannedFile } from './precache-plan';

export interface OfflineStatusRequest {
  type: 'offline-status';
}

export interface OfflineFileStatus extends PlannedFile {
  cached: boolean;
}

export interface OfflineStatusReply {
  type: 'offline-status';
  /** Build this service worker serves (changes with every deploy). */
  version: string;
  /** Every shell file is stored: the page opens without a network. */
  shellReady: boolean;
  /** Cache the heavy files belong in; the page fills it when the user asks. */
  offlineCache: string;
  heavy: OfflineFileStatus[];
}

export type SwRequest = OfflineStatusRequest;
export type SwReply = OfflineStatusReply | { type: 'error'; message: string };

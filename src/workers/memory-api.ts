// The memory probe's worker API: load one variant in a fresh worker (a fresh ORT heap), run it, and report how
// large the heap had to grow. A fresh worker per probe, because a heap only grows: in a pane's long-lived worker
// it would also hold every earlier variant and the fp32 reference used for agreement.
import type { RuntimeOptions } from '../runtime/ort';
import type { ModelSource } from './lab-api';

export interface MemoryProbeRequest {
  source: ModelSource;
  /** The variant's bytes (compressed in the pane's worker). */
  variant: Uint8Array;
  options: RuntimeOptions;
  /** The input the pane runs on; undefined: the model's first eval sample (or a synthetic one). */
  input?: unknown;
  runs: number;
}

export interface MemoryStats {
  /** WASM heap after loading the variant and running it `runs` times: the peak of that work. */
  peakHeapBytes: number;
  /** The heap ORT starts with before any model (part of the peak). */
  initialHeapBytes: number;
  runs: number;
  backend: string;
  threads: number;
}

export interface MemoryProbeApi {
  measure(request: MemoryProbeRequest): Promise<MemoryStats>;
}

// The typed API of the model worker: one object, exposed with comlink (worker side) and wrapped by the bridge.
import type { BackendAvailability, Backend } from '../runtime/backend';
import type { Feeds, PlainTensor, RuntimeOptions } from '../runtime/ort';
import type { LatencyStats } from '../runtime/stats';

export interface WorkerCapabilities {
  crossOriginIsolated: boolean;
  cores: number;
  webgpu: BackendAvailability;
}

export interface ModelInfo {
  backend: Backend;
  threads: number;
  inputNames: string[];
  outputNames: string[];
  loadMs: number;
  bytes: number;
  /** Set when the session runs other bytes than the variant file: int4 expanded at load (engine/compute-format). */
  compute?: { format: string; bytes: number; expandMs: number; layers: number; embeddings: number };
}

export interface RunResult {
  outputs: Record<string, PlainTensor>;
  ms: number;
}

export interface BenchmarkOptions {
  runs: number;
  warmup: number;
  /** Return the raw times too (LatencyStats.times). */
  keepTimes?: boolean;
}

export interface ModelWorkerApi {
  capabilities(): Promise<WorkerCapabilities>;
  load(bytes: Uint8Array, options: RuntimeOptions): Promise<ModelInfo>;
  run(feeds: Feeds): Promise<RunResult>;
  benchmark(feeds: Feeds, options: BenchmarkOptions, onProgress?: (done: number) => void): Promise<LatencyStats>;
  unload(): Promise<void>;
}

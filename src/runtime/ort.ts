// The only module that imports onnxruntime-web. It uses the `webgpu` bundle, whose new native WebGPU EP is
// correct for DequantizeLinear and fp16 graphs (the default bundle's JSEP WebGPU is not); the same bundle runs
// the WASM EP. Under vitest the import is aliased to ORT's Node build (WASM EP), see vitest.config.ts.
// The wasm binaries are self-hosted: Vite turns ORT's `new URL(..., import.meta.url)` into a same-origin asset.
import * as ort from 'onnxruntime-web/webgpu';
import { type Backend, wasmThreads } from './backend';
import { summarize, type LatencyStats } from './stats';

import type { Feeds, ModelRunner, PlainTensor, TensorType } from '../engine/tensor-data';

export type { Feeds, PlainTensor };

export interface RuntimeOptions {
  backend: Backend;
  /** WASM threads; ignored (1) without cross-origin isolation. */
  threads?: number;
}

let configuredThreads: number | undefined;

/** ORT reads env.wasm settings once, when its wasm starts: the first session fixes the thread count. */
function configure(threads?: number): number {
  if (configuredThreads === undefined) {
    const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
    const cores = (globalThis.navigator as Navigator | undefined)?.hardwareConcurrency ?? 1;
    configuredThreads = wasmThreads(isolated, cores, threads);
    ort.env.wasm.numThreads = configuredThreads;
    ort.env.wasm.proxy = false; // we already run inside a worker
    ort.env.logLevel = 'error';
  }
  return configuredThreads;
}

export interface LoadedModel {
  session: ort.InferenceSession;
  backend: Backend;
  threads: number;
  inputNames: readonly string[];
  outputNames: readonly string[];
  loadMs: number;
}

/** `profiling`: ORT records every kernel; endProfiling() prints the trace (see op-profile.ts). */
export async function loadModel(bytes: Uint8Array, options: RuntimeOptions & { profiling?: boolean }): Promise<LoadedModel> {
  const threads = configure(options.threads);
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: [options.backend],
    graphOptimizationLevel: 'all',
    ...(options.profiling ? { enableProfiling: true } : {}),
  });
  return {
    session,
    backend: options.backend,
    threads: options.backend === 'wasm' ? threads : 1,
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    loadMs: performance.now() - t0,
  };
}

function toOrt(feeds: Feeds): Record<string, ort.Tensor> {
  return Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor(t.type, t.data, t.dims)]));
}

async function fromOrt(outputs: ort.InferenceSession.OnnxValueMapType): Promise<Record<string, PlainTensor>> {
  const result: Record<string, PlainTensor> = {};
  for (const [name, value] of Object.entries(outputs)) {
    const t = value as ort.Tensor;
    // getData() downloads GPU-resident outputs; on CPU it is the data itself.
    const data = (await t.getData(true)) as PlainTensor['data'];
    result[name] = { type: t.type as TensorType, dims: [...t.dims], data };
  }
  return result;
}

export async function runModel(model: LoadedModel, feeds: Feeds): Promise<{ outputs: Record<string, PlainTensor>; ms: number }> {
  const input = toOrt(feeds);
  const t0 = performance.now();
  const raw = await model.session.run(input);
  const outputs = await fromOrt(raw);
  return { outputs, ms: performance.now() - t0 };
}

/** Runs the model `n` times on the same feeds, output read back each time, and returns each run's time (ms). */
export function timedRuns(model: LoadedModel, feeds: Feeds, onRun?: (done: number) => void): (n: number) => Promise<number[]> {
  const input = toOrt(feeds);
  return async (n) => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await fromOrt(await model.session.run(input));
      times.push(performance.now() - t0);
      onRun?.(i + 1);
    }
    return times;
  };
}

/** Warm-up runs (not timed: first runs compile shaders and allocate), then `runs` timed runs, output read back. */
export async function benchmarkModel(model: LoadedModel, feeds: Feeds, runs: number, warmup: number, onProgress?: (done: number) => void, keepTimes = false): Promise<LatencyStats> {
  if (!(runs >= 1 && warmup >= 0)) throw new Error(`benchmark needs runs >= 1 and warmup >= 0 (got ${runs}, ${warmup})`);
  await timedRuns(model, feeds)(warmup);
  const times = await timedRuns(model, feeds, onProgress)(runs);
  return keepTimes ? { ...summarize(times, warmup), times } : summarize(times, warmup);
}

export function endProfiling(model: LoadedModel): void {
  model.session.endProfiling();
}

export async function releaseModel(model: LoadedModel): Promise<void> {
  await model.session.release();
}

/** The engine's ModelRunner on this runtime (used for calibration and agreement checks). */
export function createRunner(options: RuntimeOptions = { backend: 'wasm' }): ModelRunner {
  return {
    async open(bytes) {
      const model = await loadModel(bytes, options);
      return {
        inputNames: model.inputNames,
        outputNames: model.outputNames,
        run: async (feeds) => (await runModel(model, feeds)).outputs,
        close: () => releaseModel(model),
      };
    },
  };
}

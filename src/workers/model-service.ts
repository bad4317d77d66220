// The model worker's logic, free of worker plumbing so it runs (and is tested) in Node as well.
// Holds at most one session: loading a new model releases the previous one, so repeated loads do not leak.
import { decodeModel } from '../engine/onnx/codec';
import { probeWebGpu } from '../runtime/backend';
import { benchmarkModel, loadModel, releaseModel, runModel, type Feeds, type LoadedModel, type RuntimeOptions } from '../runtime/ort';
import type { BenchmarkOptions, ModelInfo, ModelWorkerApi, RunResult, WorkerCapabilities } from './model-api';
import { explainOrtError } from './ort-errors';

export class ModelService implements ModelWorkerApi {
  #model: LoadedModel | undefined;

  async capabilities(): Promise<WorkerCapabilities> {
    return {
      crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
      cores: (globalThis.navigator as Navigator | undefined)?.hardwareConcurrency ?? 1,
      webgpu: await probeWebGpu(),
    };
  }

  async load(bytes: Uint8Array, options: RuntimeOptions): Promise<ModelInfo> {
    await this.unload();
    decodeModel(bytes); // clear format errors before ORT's terse ones
    try {
      this.#model = await loadModel(bytes, options);
    } catch (e) {
      throw explainOrtError(e, options.backend);
    }
    const m = this.#model;
    return { backend: m.backend, threads: m.threads, inputNames: [...m.inputNames], outputNames: [...m.outputNames], loadMs: m.loadMs, bytes: bytes.length };
  }

  async run(feeds: Feeds): Promise<RunResult> {
    const model = this.#require();
    try {
      return await runModel(model, feeds);
    } catch (e) {
      throw explainOrtError(e, model.backend);
    }
  }

  async benchmark(feeds: Feeds, options: BenchmarkOptions, onProgress?: (done: number) => void): Promise<Awaited<ReturnType<ModelWorkerApi['benchmark']>>> {
    const model = this.#require();
    try {
      return await benchmarkModel(model, feeds, options.runs, options.warmup, onProgress);
    } catch (e) {
      throw explainOrtError(e, model.backend);
    }
  }

  async unload(): Promise<void> {
    const model = this.#model;
    this.#model = undefined;
    if (model) await releaseModel(model);
  }

  #require(): LoadedModel {
    if (!this.#model) throw new Error('No model is loaded in this worker yet: load one first.');
    return this.#model;
  }
}

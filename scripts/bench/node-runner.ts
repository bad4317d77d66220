// A ModelRunner on onnxruntime-web's Node build (WASM EP), for int8-qdq calibration in Node scripts. Not
// src/runtime/ort.ts: its webgpu bundle keeps Node alive for minutes after the work is done.
import * as ort from 'onnxruntime-web';
import type { Feeds, ModelRunner, PlainTensor, TensorType } from '../../src/engine/tensor-data';

export function webWasmRunner(threads = 1): ModelRunner {
  ort.env.wasm.numThreads = threads;
  ort.env.logLevel = 'error';
  return {
    async open(bytes) {
      const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
      return {
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        async run(feeds: Feeds) {
          const input = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor(t.type, t.data, t.dims)]));
          const raw = await session.run(input);
          const out: Record<string, PlainTensor> = {};
          for (const [name, v] of Object.entries(raw)) out[name] = { type: v.type as TensorType, dims: [...v.dims], data: v.data as PlainTensor['data'] };
          return out;
        },
        close: () => session.release(),
      };
    },
  };
}

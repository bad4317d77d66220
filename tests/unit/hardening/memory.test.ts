// A pane's worker lives as long as the tab: compressing, loading and measuring over and over must not grow its
// memory. 100 cycles in one LabService on the digits model, rotating through techniques that open extra ORT
// sessions (int8 static calibrates with its own session; evaluation opens an fp32 reference), plus an upload that
// fails to load every 10th cycle (error paths must release too). Memory is sampled after a forced GC at cycle 10
// (warm: ORT's arena and the JIT have settled) and at cycle 100.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Recipe } from '../../../src/engine/pipeline';
import { decodeModel, encodeModel } from '../../../src/engine/onnx';
import { LabService } from '../../../src/workers/lab-service';
import { tinyModelBytes } from '../fixtures/tiny-model';

// ORT's WASM heap (a WebAssembly.Memory: it only grows, so a leaked session shows up here) found when ORT
// instantiates its module, which happens on the first session of this test file's fresh process.
let wasmMemory: WebAssembly.Memory | undefined;
const instantiate = WebAssembly.instantiate.bind(WebAssembly) as (...args: unknown[]) => Promise<unknown>;
(WebAssembly as { instantiate: unknown }).instantiate = async (source: unknown, imports?: Record<string, Record<string, unknown>>) => {
  const result = await instantiate(source, imports);
  const instance = (result as { instance?: WebAssembly.Instance }).instance ?? (result as WebAssembly.Instance);
  const candidates = [...Object.values(instance.exports ?? {}), ...Object.values(imports ?? {}).flatMap((m) => Object.values(m))];
  wasmMemory ??= candidates.find((v): v is WebAssembly.Memory => v instanceof WebAssembly.Memory);
  return result;
};

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

beforeAll(() => {
  vi.stubGlobal('fetch', async (url: string) => new Response(readFileSync(`.${new URL(url, 'http://x').pathname}`)));
});

const RECIPES: Recipe[] = [
  [{ transform: 'int8-dynamic' }],
  [{ transform: 'prune-unstructured', options: { rate: 50 } }],
  [{ transform: 'int8-qdq' }],
  [],
];
function unknownOpModel(): Uint8Array {
  const model = decodeModel(tinyModelBytes());
  model.graph!.node.find((n) => n.opType === 'Relu')!.opType = 'Frobnicate';
  return encodeModel(model);
}

const MB = 1024 * 1024;
/** Allowed growth between cycle 10 and 100. One digits session is ~1 MB of weights; a leak per cycle would be 90+ MB. */
const BOUND = { rss: 30 * MB, heapUsed: 10 * MB, wasm: 16 * MB };

interface Sample { rss: number; heapUsed: number; wasm: number }

async function sample(): Promise<Sample> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10)); // let finalizers and ORT's deferred frees run
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, wasm: wasmMemory?.buffer.byteLength ?? 0 };
}

const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;

describe('memory over 100 compress + load + benchmark cycles', () => {
  it('plateaus after warm-up: sessions, calibration sessions and failed loads are all released', async () => {
    const lab = new LabService();
    await lab.open({ kind: 'builtin', id: 'digits-cnn' });
    let warm: Sample | undefined;
    for (let cycle = 1; cycle <= 100; cycle++) {
      await lab.compress(RECIPES[cycle % RECIPES.length]);
      await lab.load({ backend: 'wasm' });
      const stats = await lab.benchmark({ runs: 3, warmup: 1 });
      expect(stats.n).toBe(3);
      expect((await lab.evaluate({ limit: 20 })).n).toBe(20); // opens the fp32 reference session once per model
      if (cycle % 10 === 5) {
        // Error path: an upload ORT refuses to load must leave nothing behind, then the digits model comes back.
        await lab.open({ kind: 'upload', name: 'bad.onnx', bytes: unknownOpModel() });
        await expect(lab.load({ backend: 'wasm' })).rejects.toThrow(/Frobnicate/);
        await lab.open({ kind: 'builtin', id: 'digits-cnn' });
      }
      if (cycle === 10) warm = await sample();
    }
    const end = await sample();
    const growth = { rss: end.rss - warm!.rss, heapUsed: end.heapUsed - warm!.heapUsed, wasm: end.wasm - warm!.wasm };
    console.log(`memory cycle 10 -> 100: rss ${mb(warm!.rss)} -> ${mb(end.rss)} (+${mb(growth.rss)}), heapUsed ${mb(warm!.heapUsed)} -> ${mb(end.heapUsed)} (+${mb(growth.heapUsed)}), ORT wasm heap ${mb(warm!.wasm)} -> ${mb(end.wasm)} (+${mb(growth.wasm)})`);
    expect(wasmMemory, 'ORT wasm memory found').toBeDefined();
    expect(growth.rss).toBeLessThan(BOUND.rss);
    expect(growth.heapUsed).toBeLessThan(BOUND.heapUsed);
    expect(growth.wasm).toBeLessThan(BOUND.wasm);
  }, 240_000);
});

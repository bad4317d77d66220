// A pane's worker lives as long as the tab: compressing, loading and measuring over and over must not grow its
// memory. 100 cycles in one LabService on the digits model, rotating through techniques that open extra ORT
// sessions (int8 static calibrates with its own session; evaluation opens an fp32 reference), plus an upload that
// fails to load every 10th cycle (error paths must release too). Memory is sampled after a forced GC at cycle 10
// (warm: ORT's arena and the JIT have settled) and at cycle 100.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Recipe } from '../../../src/engine/pipeline';
import { decodeModel, encodeModel } from '../../../src/engine/onnx';
import { loadModel, releaseModel } from '../../../src/runtime/ort';
import { LabService } from '../../../src/workers/lab-service';
import * as ort from 'onnxruntime-web';
import { tinyModelBytes } from '../fixtures/tiny-model';
import { stubSiteFetch } from '../fixtures/site-fetch';

// ORT's WASM heap: a WebAssembly.Memory that only grows, so a session leaked inside ORT shows up here. ORT creates it
// (shared, 16 MB to start) when its module starts, on the first session of this test file's fresh process.
const memories: WebAssembly.Memory[] = [];
WebAssembly.Memory = new Proxy(WebAssembly.Memory, {
  construct(target, args: [WebAssembly.MemoryDescriptor]) {
    const memory = Reflect.construct(target, args) as WebAssembly.Memory;
    memories.push(memory);
    return memory;
  },
});
const ortHeapBytes = () => Math.max(0, ...memories.map((m) => m.buffer.byteLength));

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

beforeAll(() => {
  stubSiteFetch();
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
/**
 * JS (V8 heap + ArrayBuffers) and ORT's WASM heap are measured exactly after GC. The WASM heap is bounded by one
 * leaked session's footprint, measured in this run (90 unreleased digits sessions, after the cycles: done first,
 * their freed memory would hide later leaks): here 0.36 MB each, and the cycles grow the heap by 0 bytes. JS grew
 * by 0.3 MB over the 90 cycles here; RSS also counts allocator and JIT noise (10-60 MB seen here between runs), so
 * its bound only catches gross leaks. On top of bytes, live ORT sessions are counted exactly.
 */
const BOUND = { js: 2 * MB, rss: 100 * MB };

// Every ORT session created and not yet released (src/runtime/ort.ts and this file share the module).
const live = new Set<object>();
const create = ort.InferenceSession.create.bind(ort.InferenceSession) as (...args: unknown[]) => Promise<ort.InferenceSession>;
(ort.InferenceSession as unknown as { create: unknown }).create = async (...args: unknown[]) => {
  const session = await create(...args);
  live.add(session);
  const release = session.release.bind(session);
  session.release = async () => {
    live.delete(session);
    return release();
  };
  return session;
};

interface Sample { rss: number; js: number; wasm: number }

async function sample(): Promise<Sample> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10)); // let finalizers and ORT's deferred frees run
  }
  const m = process.memoryUsage();
  return { rss: m.rss, js: m.heapUsed + m.arrayBuffers, wasm: ortHeapBytes() };
}

const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;
const describeGrowth = (a: Sample, b: Sample) =>
  (['js', 'wasm', 'rss'] as const).map((k) => `${k} ${mb(a[k])} -> ${mb(b[k])} (${b[k] >= a[k] ? '+' : ''}${mb(b[k] - a[k])})`).join(', ');

describe('memory over 100 compress + load + benchmark cycles', () => {
  it('plateaus after warm-up: sessions, calibration sessions and failed loads are all released', async () => {
    const lab = new LabService();
    await lab.open({ kind: 'builtin', id: 'digits-cnn' });
    let warm: Sample | undefined;
    let liveAtWarm = 0;
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
      if (cycle === 10) {
        warm = await sample();
        liveAtWarm = live.size;
      }
    }
    const end = await sample();
    // The pane's session and the fp32 reference: nothing else survives 90 cycles.
    expect(liveAtWarm).toBe(2);
    expect(live.size).toBe(liveAtWarm);

    // Control: the same measurement does see sessions that are never released, and prices one.
    const bytes = new Uint8Array(readFileSync('models/digits/model.onnx'));
    const before = await sample();
    const leaked = [];
    for (let i = 0; i < 90; i++) leaked.push(await loadModel(bytes, { backend: 'wasm' }));
    const after = await sample();
    expect(live.size).toBe(liveAtWarm + 90);
    await Promise.all(leaked.map((m) => releaseModel(m)));
    const perSession = (after.wasm - before.wasm) / 90;
    console.log(`memory, cycle 10 -> 100: ${describeGrowth(warm!, end)}; one unreleased digits session: ${mb(perSession)} of WASM heap`);
    expect(end.wasm, 'ORT wasm memory found').toBeGreaterThan(0);
    expect(perSession).toBeGreaterThan(0.1 * MB);
    expect(end.wasm - warm!.wasm).toBeLessThan(perSession);
    expect(end.js - warm!.js).toBeLessThan(BOUND.js);
    expect(end.rss - warm!.rss).toBeLessThan(BOUND.rss);
  }, 60_000); // ~18 s on an idle machine
});

// One scale-lab measurement end to end in Node (ORT-web WASM): generate, compress, expand, load, interleaved timing,
// decode tokens/s, agreement and the WASM heap, on micro shapes with a small time budget. Timing values are not
// asserted (shared machine); what the numbers must be made of is.
import { describe, expect, it } from 'vitest';
import { parameterCount, type TransformerShape } from '../../../src/engine/scale/shape';
import { scaleRecipe } from '../../../src/engine/scale/recipes';
import { ScaleMemoryError } from '../../../src/engine/scale/memory';
import type { InterleaveBudget } from '../../../src/runtime/interleaved';
import { ScaleService } from '../../../src/workers/scale-service';

// Constructed first: it watches for ORT's heap, which this process creates with its first session.
const service = new ScaleService();
const budget: InterleaveBudget = { minRuns: 4, maxRuns: 30, minMs: 100, maxMs: 2000, warmMinMs: 50, warmMaxMs: 1000 };
const decoder: TransformerShape = { kind: 'decoder', layers: 2, hidden: 64, heads: 2, ffn: 256, vocab: 256, positions: 48, sequence: 16, decodeTokens: 8 };

describe('ScaleService.measure', () => {
  it('measures a decoder recipe: sizes, compute format, interleaved ratios, tokens/s, agreement, heap', async () => {
    const phases: string[] = [];
    const r = scaleRecipe('int4-run-int8');
    const m = await service.measure({ shape: decoder, seed: 1, recipeId: r.id, recipe: r.recipe, threads: 1, budget, decodeBudget: budget }, (p) => phases.push(p));
    expect([...new Set(phases)]).toEqual(['generate', 'compress', 'expand', 'load', 'measure', 'decode']);
    expect(m).toMatchObject({ recipeId: 'int4-run-int8', kind: 'decoder', params: parameterCount(decoder), threads: 1, computeFormat: 'int8' });
    expect(m.fp32Bytes).toBeGreaterThan(4 * m.params);
    expect(m.downloadBytes).toBeLessThan(0.3 * m.fp32Bytes); // 4-bit weights and embedding rows
    expect(m.computeBytes).toBeGreaterThan(m.downloadBytes); // int8 layers + float32 tables, made at load
    expect(m.expanded).toEqual({ layers: decoder.layers * 4 + 1, embeddings: 2 });
    for (const c of [m.latency, m.decode!]) {
      expect(c.fp32.n).toBeGreaterThanOrEqual(budget.minRuns);
      expect(c.variant.n).toBe(c.fp32.n);
      // The median of adjacent blocks' ratios (tests/unit/scale/interleaved.test.ts pins it): near the ratio of the
      // two medians on a steady machine, and never the inverse (sides swapped would be ~1/x of it).
      const ofMedians = c.variant.medianMs / c.fp32.medianMs;
      expect(c.ratio / ofMedians).toBeGreaterThan(0.8);
      expect(c.ratio / ofMedians).toBeLessThan(1.25);
      expect(c.ci.low).toBeLessThanOrEqual(c.ratio);
      expect(c.ci.high).toBeGreaterThanOrEqual(c.ratio);
    }
    expect(m.decode!.tokens).toBe(8);
    expect(m.decode!.tokensPerSecond).toBeCloseTo(8000 / m.decode!.variant.medianMs, 6);
    expect(m.agreement.top1!.n).toBe(decoder.sequence);
    expect(m.agreement.relError).toBeGreaterThan(0); // quantized: not the fp32 model itself
    expect(m.agreement.relError).toBeLessThan(0.5);
    expect(m.variantHeapBytes).toBeGreaterThan(1e6);
    expect(m.peakHeapBytes).toBeGreaterThanOrEqual(m.variantHeapBytes!);
    expect(m.layersChanged).toBe(decoder.layers * 4 + 1 + 2);
  });

  it('measures the fp32 baseline against itself (the noise floor) on an encoder', async () => {
    const shape: TransformerShape = { kind: 'encoder', layers: 2, hidden: 32, heads: 2, ffn: 128, vocab: 256, positions: 64, sequence: 32 };
    const m = await service.measure({ shape, seed: 2, recipeId: 'fp32', recipe: [], threads: 1, budget });
    expect(m.downloadBytes).toBe(m.fp32Bytes);
    expect(m.computeFormat).toBeUndefined();
    expect(m.decode).toBeUndefined();
    expect(m.agreement.relError).toBe(0);
    expect(m.agreement.cosine).toBeCloseTo(1, 6);
  });

  it('refuses a shape that does not fit before generating anything', async () => {
    const big: TransformerShape = { kind: 'encoder', layers: 48, hidden: 4096, heads: 32, ffn: 16384, vocab: 50000, positions: 512, sequence: 128 };
    const before = process.memoryUsage().arrayBuffers;
    const t0 = performance.now();
    const r = scaleRecipe('int8-dynamic');
    const error = await service.measure({ shape: big, seed: 1, recipeId: r.id, recipe: r.recipe, threads: 1, budget }).catch((e) => e);
    expect(error).toBeInstanceOf(ScaleMemoryError);
    expect(error.message).toMatch(/9\d\d\d\.\d M parameters.*GB in fp32.*needs about \d+\.\d\d GB of WebAssembly memory/);
    expect(error.estimate.wasmBytes).toBeGreaterThan(4 * 2 ** 30);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1e6);
  });
});

// The suggestion search of engine/sensitivity.ts, with a fake "measure" whose damage per compressed layer is known:
// ranking, the predicted k, and the re-measured check that keeps one more layer when layers interact.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataType, decodeModel, encodeModel, makeNode, readFloat32 } from '../../src/engine/onnx';
import { analyseSensitivity, damageOf, isDominated, type Measurement } from '../../src/engine/sensitivity';

const DIGITS = new Uint8Array(readFileSync('models/digits/model.onnx'));
const LAYERS = ['conv1', 'conv2', 'fc1', 'fc2'];

/** Accuracy 0.99 minus each compressed layer's damage, minus `interaction` per extra compressed layer. */
function fakeMeasure(damage: Record<string, number>, interaction = 0) {
  const seen: string[][] = [];
  const measure = async (bytes: Uint8Array): Promise<Measurement> => {
    const inits = decodeModel(bytes).graph!.initializer;
    const compressed = LAYERS.filter((l) => !inits.some((t) => t.name === `${l}.weight` && t.dataType === DataType.FLOAT));
    seen.push(compressed);
    const loss = compressed.reduce((s, l) => s + damage[l], 0) + interaction * Math.max(0, compressed.length - 1);
    return { metric: 'accuracy', value: 0.99 - loss, n: 100, agreement: 1 - loss, meanAbsDelta: loss };
  };
  return { measure, seen };
}

describe('layer sensitivity: the suggested mixed recipe', () => {
  it('ranks layers by measured damage and keeps the fewest that bring the rest within the tolerance', async () => {
    const { measure, seen } = fakeMeasure({ conv1: 0.001, conv2: 0.02, fc1: 0.002, fc2: 0.004 });
    const r = await analyseSensitivity(DIGITS, { transform: 'int8-dynamic' }, { measure, tolerance: 0.005 });
    expect(r.rows.map((x) => x.node)).toEqual(LAYERS);
    expect(r.rows.map((x) => x.op)).toEqual(['Conv', 'Conv', 'Gemm', 'Gemm']);
    expect(r.rows.find((x) => x.node === 'conv2')!.damage).toBeCloseTo(0.02, 9);
    expect(r.all.damage).toBeCloseTo(0.027, 9);
    // Keeping conv2 leaves 0.007 > 0.005; keeping conv2 and fc2 leaves 0.003.
    expect(r.suggestion.exclude).toEqual(['conv2', 'fc2']);
    expect(r.suggestion.predictedDamage).toBeCloseTo(0.003, 9);
    expect(r.suggestion.damage).toBeCloseTo(0.003, 9);
    expect(r.suggestion.withinTolerance).toBe(true);
    // fp32, all layers, one per layer, then the suggestion: every number was measured.
    expect(seen).toEqual([[], LAYERS, ['conv1'], ['conv2'], ['fc1'], ['fc2'], ['conv1', 'fc1']]);
  });

  it('keeps one more layer when the re-measured suggestion is still over the tolerance', async () => {
    // Each extra compressed layer costs 0.003 more: conv1 + fc1 are predicted at 0.003 but measure 0.006.
    const { measure, seen } = fakeMeasure({ conv1: 0.001, conv2: 0.02, fc1: 0.002, fc2: 0.004 }, 0.003);
    const r = await analyseSensitivity(DIGITS, { transform: 'int8-dynamic' }, { measure, tolerance: 0.005 });
    expect(r.suggestion.exclude).toEqual(['conv2', 'fc2', 'fc1']);
    expect(r.suggestion.damage).toBeCloseTo(0.001, 9);
    expect(r.suggestion.withinTolerance).toBe(true);
    expect(seen.slice(-2)).toEqual([['conv1', 'fc1'], ['conv1']]);
  });

  it('counts a loss exactly at the tolerance as within it', async () => {
    const { measure } = fakeMeasure({ conv1: 0.005, conv2: 0, fc1: 0, fc2: 0 });
    const r = await analyseSensitivity(DIGITS, { transform: 'int8-dynamic' }, { measure, tolerance: 0.005 });
    expect(r.suggestion.exclude).toEqual([]);
    expect(r.suggestion.withinTolerance).toBe(true);
  });

  it('suggests compressing everything when every layer is harmless, and measures CER damage upwards', async () => {
    const { measure } = fakeMeasure({ conv1: 0, conv2: 0.001, fc1: 0, fc2: 0 });
    const r = await analyseSensitivity(DIGITS, { transform: 'int8-dynamic' }, { measure });
    expect(r.suggestion.exclude).toEqual([]);
    expect(r.suggestion.value).toBe(r.all.value);
    expect(damageOf('cer', 0.12, 0.1)).toBeCloseTo(0.02, 12);
    expect(damageOf('accuracy', 0.9, 0.95)).toBeCloseTo(0.05, 12);
  });

  it('falls back to compressing every layer when the mixed recipe measures no better and is no smaller', async () => {
    // Layers that help each other when compressed together (measurement noise does this on real models): all four
    // compressed lose -0.003, while keeping conv2, fc1 and fc2 loses 0.004, worse and larger.
    const { measure } = fakeMeasure({ conv1: 0.004, conv2: 0.006, fc1: 0.004, fc2: 0.004 }, -0.007);
    const r = await analyseSensitivity(DIGITS, { transform: 'int8-dynamic' }, { measure, tolerance: 0.005 });
    const { dominated } = r.suggestion;
    expect(dominated?.exclude).toEqual(['conv2', 'conv1', 'fc1']);
    expect(dominated!.damage).toBeCloseTo(0.004, 9);
    expect(dominated!.size.gzip).toBeGreaterThan(r.all.size.gzip);
    expect(r.suggestion.exclude).toEqual([]);
    expect(r.suggestion.value).toBe(r.all.value);
    expect(r.suggestion.size).toEqual(r.all.size);
    expect(r.suggestion.withinTolerance).toBe(true);
  });

  it('a mixed recipe is dominated only when it is no better and no smaller', () => {
    const check = (exclude: string[], damage: number, gzip: number) => ({ exclude, value: 0, damage, agreement: 1, meanAbsDelta: 0, size: { raw: gzip, gzip } });
    const all = check([], 0.01, 100);
    expect(isDominated(check(['a'], 0.01, 120), all)).toBe(true);
    expect(isDominated(check(['a'], 0.02, 100), all)).toBe(true);
    expect(isDominated(check(['a'], 0.005, 120), all)).toBe(false); // better quality for its bytes: a real trade
    expect(isDominated(check(['a'], 0.02, 90), all)).toBe(false);
    expect(isDominated(all, all)).toBe(false);
  });

  it('gives each layer its share of the model\'s parameters (0..1) when the weights are Constant nodes, as in PP-OCR', async () => {
    const model = decodeModel(DIGITS);
    const g = model.graph!;
    for (const t of g.initializer) g.node.unshift(makeNode({ opType: 'Constant', inputs: [], outputs: [t.name], name: `${t.name}_const`, attributes: { value: t } }));
    const total = g.initializer.reduce((n, t) => n + readFloat32(t).length, 0);
    g.initializer = [];
    const bytes = encodeModel(model);
    const measure = async (): Promise<Measurement> => ({ metric: 'accuracy', value: 0.99, n: 10, agreement: 1, meanAbsDelta: 0 });
    const r = await analyseSensitivity(bytes, { transform: 'int8-dynamic' }, { measure });
    expect(r.rows.map((x) => x.node)).toEqual(LAYERS);
    const weights = new Map(decodeModel(DIGITS).graph!.initializer.map((t) => [t.name, readFloat32(t).length]));
    for (const row of r.rows) expect(row.paramsShare).toBeCloseTo(weights.get(`${row.node}.weight`)! / total, 12);
    expect(r.rows.reduce((n, x) => n + x.paramsShare, 0)).toBeLessThan(1);
  });
});

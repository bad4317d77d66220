// Every technique on third-party-style models (helpers/third-party-models.ts): weights only inside If branches
// (one branch reading a main-graph weight by name), a Loop body with a MatMul, a conv net with dynamic H/W. Each
// result must load in ORT with the original's inputs and outputs, stay within the technique's stated tolerance of
// the fp32 outputs, shrink where the technique shrinks things, and pass onnx's own checker (python3-onnx).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataType, decodeModel, encodeModel, graphScopes, type ModelProto } from '../../../src/engine/onnx';
import { applyRecipe } from '../../../src/engine/pipeline';
import type { Feeds } from '../../../src/engine/tensor-data';
import type { TransformId } from '../../../src/engine/transforms/types';
import { compareWithReference } from './helpers/apply';
import { cosine, maxAbs, maxAbsDiff, ortRunner, randomFeeds } from './helpers/ort';
import { dynamicImageModel, ifBranchModel, loopModel } from './helpers/third-party-models';

interface Case {
  name: string;
  build: () => ModelProto;
  feeds: (bytes: Uint8Array, seed: number) => Feeds;
  /** Whether its weights sit inside subgraphs. */
  nested: boolean;
  /** Techniques that cannot shrink this model (int4 and low-rank do not cover convolutions), with the line saying so. */
  noSaving?: Partial<Record<TransformId, RegExp>>;
}

const CASES: Case[] = [
  {
    name: 'If branches (streaming audio style)', build: ifBranchModel,
    // Odd seeds take the 16 kHz branch (its own weights), even seeds the 8 kHz one (reads U_shared from outside).
    feeds: (b, s) => ({ ...randomFeeds(b, s), sr: { type: 'int64', dims: [], data: BigInt64Array.from([s % 2 ? 16000n : 8000n]) } }), nested: true,
  },
  { name: 'Loop body with a MatMul', build: loopModel, feeds: (b, s) => randomFeeds(b, s), nested: true },
  {
    name: 'conv net with dynamic H/W', build: dynamicImageModel, nested: false,
    noSaving: { 'int4': /int4 does not shrink convolutions/, 'low-rank': /none would save parameters/ },
    feeds: (_b, s) => ({ X: { type: 'float32', dims: [2, 3, 17, 23], data: Float32Array.from({ length: 2 * 3 * 17 * 23 }, (_, i) => Math.sin(i * 0.37 + s)) } }),
  },
];

/**
 * What each technique must achieve: outputs within `rel` of the output's largest magnitude (quantization, low-rank:
 * about 2-3x the errors these deterministic models measure) or with a cosine of at least `cos` (pruning, which
 * changes outputs by design), and which size must shrink.
 */
const TECHNIQUES: { id: TransformId; options?: Record<string, unknown>; rel?: number; cos?: number; shrinks: 'raw' | 'gzip' | 'none' }[] = [
  { id: 'fp16', rel: 1e-3, shrinks: 'raw' },
  { id: 'int8-dynamic', rel: 3e-2, shrinks: 'raw' },
  { id: 'int8-qdq', rel: 2e-2, shrinks: 'raw' },
  { id: 'int4', rel: 0.15, shrinks: 'raw' },
  { id: 'prune-unstructured', options: { rate: 50 }, cos: 0.9, shrinks: 'gzip' },
  { id: 'prune-structured', options: { rate: 25 }, cos: 0.9, shrinks: 'none' },
  { id: 'low-rank', options: { mode: 'energy', energy: 95 }, rel: 6e-2, shrinks: 'raw' },
];

const dir = mkdtempSync(join(tmpdir(), 'modellab-subgraphs-'));
const written: string[] = [];
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Float32 weight tensors (initializers and Constant values) of each graph, keyed by graph label. */
function floatWeights(bytes: Uint8Array): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of graphScopes(decodeModel(bytes).graph!)) {
    out.set(s.label, s.graph.initializer.filter((t) => t.dataType === DataType.FLOAT && t.dims.length === 2).map((t) => t.name));
  }
  return out;
}

describe.each(CASES)('every technique on a $name', ({ name, build, feeds, nested, noSaving }) => {
  const bytes = encodeModel(build());
  const calibration = [11, 12, 13, 14].map((s) => feeds(bytes, s));

  for (const t of TECHNIQUES) {
    const shrinks = noSaving?.[t.id] ? 'none' : t.shrinks;
    it(`${t.id}: loads in ORT, outputs close to fp32, ${shrinks === 'none' ? 'same I/O' : `${shrinks} size shrinks`}`, async () => {
      const result = await applyRecipe(bytes, [{ transform: t.id, options: t.options as never }], { calibration, runner: ortRunner });
      const out = new Uint8Array(result.bytes);
      written.push(join(dir, `${name.replace(/\W+/g, '_')}.${t.id}.onnx`));
      writeFileSync(written.at(-1)!, out);
      for (const seed of [1, 2]) {
        for (const [output, { ref, got }] of Object.entries(await compareWithReference(bytes, out, feeds(bytes, seed)))) {
          expect(got.every(Number.isFinite), output).toBe(true);
          if (t.rel !== undefined) expect(maxAbsDiff(ref, got), `${output}, seed ${seed}`).toBeLessThanOrEqual(t.rel * maxAbs(ref));
          if (t.cos !== undefined) expect(cosine(ref, got), `${output}, seed ${seed}`).toBeGreaterThanOrEqual(t.cos);
        }
      }
      const warnings = result.steps[0].warnings.map((w) => w.en).join(' ');
      if (shrinks !== 'none') expect(result.after[shrinks]).toBeLessThan(result.before[shrinks] * 0.8);
      else if (noSaving?.[t.id]) expect(warnings).toMatch(noSaving[t.id]!);
      // Layers inside subgraphs are named with their graph and changed (structured pruning: see the next block).
      const inside = result.steps[0].layers.filter((l) => l.graph);
      if (nested && t.id !== 'prune-structured') expect(inside.some((l) => l.action === 'changed')).toBe(true);
      expect(warnings).not.toMatch(/no float32 constants|nothing to quantize/);
    });
  }
});

describe('subgraph weights in detail', () => {
  it('int8 dynamic quantizes every branch weight, including the main-graph weight one branch reads by name', async () => {
    const bytes = encodeModel(ifBranchModel());
    const r = await applyRecipe(bytes, [{ transform: 'int8-dynamic' }]);
    for (const [graph, names] of floatWeights(r.bytes)) expect(names, graph || 'main graph').toEqual([]);
    const main = decodeModel(r.bytes).graph!;
    expect(main.initializer.map((t) => t.name)).not.toContain('U_shared'); // read only by the 8 kHz branch, now int8 there
    const rows = r.steps[0].layers.filter((l) => l.action === 'changed');
    expect(rows.map((l) => `${l.graph}: ${l.node}`)).toEqual(expect.arrayContaining([
      'If "sr_if" then_branch: xw_16k', 'If "sr_if" else_branch: su_8k', 'If "sr_if" else_branch: out_8k',
    ]));
  });

  it('fp16 converts the Loop body\'s weights and keeps float32 at the body\'s boundaries', async () => {
    const r = await applyRecipe(encodeModel(loopModel()), [{ transform: 'fp16' }]);
    const scopes = graphScopes(decodeModel(r.bytes).graph!);
    const body = scopes.find((s) => s.label === 'Loop "recur" body')!.graph;
    expect(body.initializer.map((t) => [t.name, t.dataType])).toEqual([['W_rec', DataType.FLOAT16], ['b_rec', DataType.FLOAT16]]);
    expect(body.input.map((v) => v.type!.tensorType!.elemType)).toEqual([DataType.INT64, DataType.BOOL, DataType.FLOAT]);
    expect(body.output.map((v) => v.type!.tensorType!.elemType)).toEqual([DataType.BOOL, DataType.FLOAT]);
  });

  it('int8 QDQ gives subgraph layers int8 weights and says their activations stay float', async () => {
    const bytes = encodeModel(loopModel());
    const r = await applyRecipe(bytes, [{ transform: 'int8-qdq' }], { calibration: [randomFeeds(bytes, 3)], runner: ortRunner });
    const step = r.steps[0];
    expect(step.layers.find((l) => l.node === 'rec_matmul')).toMatchObject({ action: 'changed', graph: 'Loop "recur" body' });
    expect(step.layers.find((l) => l.node === 'rec_matmul')!.detail.en).toMatch(/weights only: activations inside Loop "recur" body stay float/);
    expect(step.caveats?.map((c) => c.en).join(' ')).toMatch(/1 layer inside subgraphs \("Loop "recur" body"\) got int8 weights only/);
  });

  it('structured pruning says why channels that leave a subgraph stay', async () => {
    const r = await applyRecipe(encodeModel(ifBranchModel()), [{ transform: 'prune-structured', options: { rate: 25 } }]);
    const rows = r.steps[0].layers;
    expect(rows.find((l) => l.node === 'xw_16k')!.detail.en).toBe('outputs kept: "h_16k" is a graph output');
    expect(rows.find((l) => l.node === 'mid_16k')).toMatchObject({ action: 'changed', graph: 'If "sr_if" then_branch' });
  });

  it('onnx\'s own checker (python3-onnx, full_check) accepts every result', () => {
    expect(written.length).toBe(CASES.length * TECHNIQUES.length);
    const script = 'import onnx, sys\nfor f in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(f), full_check=True)\nprint("checked", len(sys.argv) - 1)';
    const run = spawnSync('/usr/bin/python3', ['-c', script, ...written], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(`checked ${written.length}`);
  });
});

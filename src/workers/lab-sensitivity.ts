// The worker side of layer sensitivity: measures variants on a fixed subset of the eval set with ORT (WASM), one
// session per variant, released right after. The fp32 model's outputs are computed once and replayed, so each
// variant costs one pass over the subset instead of two.
import type { Text } from '../engine/i18n-text';
import { analyseSensitivity, type Measurement, type SensitivityReport } from '../engine/sensitivity';
import type { RecipeStep } from '../engine/pipeline';
import type { Feeds, OpenModel, PlainTensor } from '../engine/tensor-data';
import { evaluate } from '../models/evaluate';
import { createRunner } from '../runtime/ort';
import type { LabModel } from './lab-model';

export interface SensitivityRequest {
  /** Eval samples per measurement (the first `limit` of the set). */
  limit?: number;
  /** Damage allowed for the suggested mixed recipe, in metric units (0.005 = 0.5 pp). */
  tolerance?: number;
}

export type SensitivityProgress = (done: number, total: number, message: Text) => void;

export async function analyseLayers(m: LabModel, step: RecipeStep, request: SensitivityRequest, calibration: Feeds[], onProgress?: SensitivityProgress): Promise<SensitivityReport> {
  const runner = createRunner({ backend: 'wasm' });
  const reference = replaying(await runner.open(m.bytes));
  try {
    const measure = async (bytes: Uint8Array): Promise<Measurement> => {
      const open = await runner.open(bytes);
      try {
        const r = await evaluate(m.adapter, open, m.samples, { limit: request.limit, reference });
        return { metric: r.metric, value: r.value, n: r.n, agreement: r.agreement?.top1Match ?? 1, meanAbsDelta: r.agreement?.meanAbsDelta ?? 0 };
      } finally {
        await open.close();
      }
    };
    return await analyseSensitivity(m.bytes, step, { measure, tolerance: request.tolerance, ctx: { calibration, runner }, onProgress });
  } finally {
    await reference.close();
  }
}

/** Remembers a model's outputs per input (by content), so the same inputs are not run twice. */
function replaying(model: OpenModel): OpenModel {
  const seen = new Map<string, Record<string, PlainTensor>>();
  return {
    ...model,
    async run(feeds) {
      const key = feedsKey(feeds);
      let out = seen.get(key);
      if (!out) seen.set(key, (out = await model.run(feeds)));
      return out;
    },
  };
}

/** Names, dims and two hashes of the bytes of each feed: inputs that differ get different keys. */
function feedsKey(feeds: Feeds): string {
  return Object.entries(feeds).map(([name, t]) => {
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    let h = 0x811c9dc5;
    let g = 0x12345678; // a second, independent 32-bit hash: a collision would silently pair wrong outputs
    for (let i = 0; i < bytes.length; i++) {
      h = Math.imul(h ^ bytes[i], 0x01000193);
      g = Math.imul(g + bytes[i], 0x9e3779b1) ^ (g >>> 15);
    }
    return `${name}:${t.dims.join('x')}:${bytes.length}:${(h >>> 0).toString(16)}:${(g >>> 0).toString(16)}`;
  }).join('|');
}

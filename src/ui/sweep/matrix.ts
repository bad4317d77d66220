// The default sweep: one row per recipe worth comparing, as data. Option keys are each technique's own (see its
// meta.ts); a unit test resolves every row through resolveOptions so a renamed option fails there, not mid-sweep.
import type { Text } from '../../engine/i18n-text';
import type { Recipe } from '../../engine/pipeline';

export interface SweepRowSpec {
  /** Stable id: test ids, CSV rows and the "selected" map use it. */
  id: string;
  label: Text;
  recipe: Recipe;
  /** Not ticked until the user asks for it (rows that train take tens of seconds, and need training data). */
  optIn?: boolean;
  /** Timed only (no evaluation): the fp32 noise check, whose quality is the fp32 row's. */
  timingOnly?: boolean;
}

const prune = (kind: 'unstructured' | 'structured', rate: number): SweepRowSpec =>
  kind === 'unstructured'
    ? {
        id: `prune-unstructured-${rate}`,
        label: { en: `prune ${rate}% unstructured`, zh: `非结构化剪枝 ${rate}%` },
        recipe: [{ transform: 'prune-unstructured', options: { method: 'magnitude', rate, scope: 'layer' } }],
      }
    : {
        id: `prune-structured-${rate}`,
        label: { en: `prune ${rate}% structured`, zh: `结构化剪枝 ${rate}%` },
        recipe: [{ transform: 'prune-structured', options: { rate, norm: 'l1' } }],
      };

export const DEFAULT_MATRIX: readonly SweepRowSpec[] = [
  { id: 'fp32', label: { en: 'fp32 (original)', zh: 'fp32（原始）' }, recipe: [] },
  { id: 'fp16', label: { en: 'fp16', zh: 'fp16' }, recipe: [{ transform: 'fp16', options: {} }] },
  { id: 'int8-dynamic', label: { en: 'int8 dynamic', zh: 'int8 动态' }, recipe: [{ transform: 'int8-dynamic', options: { granularity: 'per-channel', conv: true } }] },
  {
    id: 'int8-qdq-tensor', label: { en: 'int8 QDQ per-tensor', zh: 'int8 QDQ 逐张量' },
    recipe: [{ transform: 'int8-qdq', options: { granularity: 'per-tensor', activations: 'int8', calibration: 'minmax' } }],
  },
  {
    id: 'int8-qdq-channel', label: { en: 'int8 QDQ per-channel', zh: 'int8 QDQ 逐通道' },
    recipe: [{ transform: 'int8-qdq', options: { granularity: 'per-channel', activations: 'int8', calibration: 'minmax' } }],
  },
  { id: 'int4', label: { en: 'int4 weight-only', zh: 'int4 仅权重' }, recipe: [{ transform: 'int4', options: { blockSize: 32, mode: 'asymmetric' } }] },
  prune('unstructured', 25),
  prune('unstructured', 50),
  prune('unstructured', 75),
  prune('structured', 25),
  prune('structured', 50),
  prune('structured', 75),
  {
    id: 'low-rank-energy-90', label: { en: 'low-rank 90% energy', zh: '低秩 90% 能量' },
    recipe: [{ transform: 'low-rank', options: { mode: 'energy', energy: 90 } }],
  },
  {
    id: 'low-rank-rank-25', label: { en: 'low-rank rank 25%', zh: '低秩 秩 25%' },
    recipe: [{ transform: 'low-rank', options: { mode: 'rank', rank: 25 } }],
  },
  {
    id: 'prune-structured-50-recover', label: { en: 'prune 50% structured + recover', zh: '结构化剪枝 50% + 恢复' }, optIn: true,
    recipe: [{ transform: 'prune-structured', options: { rate: 50, norm: 'l1' } }, { transform: 'recover', options: { steps: 500 } }],
  },
  {
    id: 'distill-25', label: { en: 'distilled student ×0.25', zh: '蒸馏学生 ×0.25' }, optIn: true,
    recipe: [{ transform: 'distill', options: { width: 25, steps: 1500 } }],
  },
  // fp32 timed again after every other row: its ratio to the first fp32 row is the sweep's own timing noise, so a
  // recipe's ratio within that distance of 1.00× is no evidence of a speed-up (or slow-down).
  { id: 'fp32-again', label: { en: 'fp32 again (timing noise check)', zh: '再测一次 fp32（计时噪声对照）' }, recipe: [], timingOnly: true },
];

/** The fp32 row is the sweep's own baseline: ratios compare with it, measured in the same run. */
export const isBaseline = (recipe: Recipe): boolean => recipe.length === 0;

// The recipes the scale lab offers, as data: the app's checkboxes and the bench's scale section read this one list.
// Options are spelled out so a changed default cannot silently change what a published ratio means. The int4 rows
// quantize the embedding tables too (a third of BERT-base's weights sit in its token table), and differ only in the
// compute format: the same int4 file run as int4 (MatMulNBits), or expanded to int8 or fp32 when loaded.
import type { Text } from '../i18n-text';
import type { Recipe } from '../pipeline';

export interface ScaleRecipe {
  id: string;
  label: Text;
  recipe: Recipe;
}

const int4 = (runAs: 'int4' | 'int8' | 'fp32'): Recipe => [{ transform: 'int4', options: { blockSize: 32, mode: 'asymmetric', embeddings: 'int4', runAs } }];

export const SCALE_RECIPES: ScaleRecipe[] = [
  { id: 'fp32', label: { en: 'fp32 (baseline)', zh: 'fp32（基线）' }, recipe: [] },
  { id: 'int8-dynamic', label: { en: 'int8 dynamic, per channel', zh: 'int8 动态，逐通道' }, recipe: [{ transform: 'int8-dynamic', options: { granularity: 'per-channel', conv: false } }] },
  { id: 'int8-dynamic-tensor', label: { en: 'int8 dynamic, per tensor', zh: 'int8 动态，逐张量' }, recipe: [{ transform: 'int8-dynamic', options: { granularity: 'per-tensor', conv: false } }] },
  { id: 'int4', label: { en: 'int4, run as int4 (MatMulNBits)', zh: 'int4，以 int4 运行（MatMulNBits）' }, recipe: int4('int4') },
  { id: 'int4-run-int8', label: { en: 'int4 download, run as int8', zh: 'int4 下载，以 int8 运行' }, recipe: int4('int8') },
  { id: 'int4-run-fp32', label: { en: 'int4 download, run as fp32', zh: 'int4 下载，以 fp32 运行' }, recipe: int4('fp32') },
  { id: 'fp16', label: { en: 'fp16', zh: 'fp16' }, recipe: [{ transform: 'fp16' }] },
  { id: 'int8-qdq', label: { en: 'int8 static QDQ, per channel', zh: 'int8 静态 QDQ，逐通道' }, recipe: [{ transform: 'int8-qdq', options: { granularity: 'per-channel', activations: 'int8', calibration: 'minmax' } }] },
  { id: 'prune-structured-50', label: { en: 'prune 50% structured', zh: '结构化剪枝 50%' }, recipe: [{ transform: 'prune-structured', options: { rate: 50, norm: 'l1' } }] },
];

/** Ticked when the scale lab opens. */
export const DEFAULT_SCALE_RECIPES = ['fp32', 'int8-dynamic', 'int4', 'int4-run-int8'];

export function scaleRecipe(id: string): ScaleRecipe {
  const r = SCALE_RECIPES.find((x) => x.id === id);
  if (!r) throw new Error(`Unknown scale-lab recipe "${id}". Valid: ${SCALE_RECIPES.map((x) => x.id).join(', ')}.`);
  return r;
}

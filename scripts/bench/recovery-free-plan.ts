// What the training-free recovery bench measures, as data: each entry is a damaging recipe (base) and the
// training-free step that repairs it; each ensemble pairs two variants of one model. Options are spelled out so a
// changed default cannot silently change what the numbers mean.
import type { Recipe, RecipeStep } from '../../src/engine/pipeline';

export interface RecoveryPlan {
  model: string;
  label: string;
  base: Recipe;
  recovery: RecipeStep;
  /** Left out of --quick (minutes on this machine). */
  slow?: boolean;
  /** A goal the issue sets for this row (quality as a fraction; CER counts downwards). */
  target?: { quality: number };
}

export interface BenchVariant {
  label: string;
  recipe: Recipe;
}

const OCR = 'ocr-rec-ppocrv4';
const prune = (rate: number): RecipeStep => ({ transform: 'prune-structured', options: { rate, norm: 'l1' } });
const refit = (samples: number): RecipeStep => ({ transform: 'refit', options: { lambda: 0.01, samples, scope: 'pruned' } });
const bias = (samples: number): RecipeStep => ({ transform: 'bias-correction', options: { samples } });
const int4 = (blockSize: number, mode: string): RecipeStep => ({ transform: 'int4', options: { blockSize, mode } });
const qdqTensor: RecipeStep = { transform: 'int8-qdq', options: { granularity: 'per-tensor', activations: 'int8', calibration: 'minmax' } };

export const RECOVERY_ENTRIES: RecoveryPlan[] = [
  { model: 'digits-cnn', label: 'prune-structured 50% + refit', base: [prune(50)], recovery: refit(256) },
  { model: 'digits-cnn', label: 'int8 QDQ per-tensor + bias correction', base: [qdqTensor], recovery: bias(128) },
  { model: 'langid-50', label: 'prune-structured 50% + refit', base: [prune(50)], recovery: refit(256) },
  { model: 'langid-50', label: 'int4 block 128 symmetric + bias correction', base: [int4(128, 'symmetric')], recovery: bias(128) },
  { model: 'sentiment-transformer', label: 'int4 block 32 + bias correction', base: [int4(32, 'asymmetric')], recovery: bias(128) },
  // Issue 12's goal for PP-OCR: CER ≤ 10% after the refit.
  { model: OCR, label: 'prune-structured 25% + refit', base: [prune(25)], recovery: refit(64), target: { quality: 0.1 } },
  { model: OCR, label: 'prune-structured 25% + refit + BatchNorm re-estimation', base: [prune(25), refit(64)], recovery: { transform: 'bn-recalibration', options: { samples: 64 } }, slow: true },
];

const variant = (label: string, ...recipe: RecipeStep[]): BenchVariant => ({ label, recipe });

export const ENSEMBLES: { model: string; members: [BenchVariant, BenchVariant] }[] = [
  { model: 'digits-cnn', members: [variant('int8 QDQ per-tensor', qdqTensor), variant('prune-structured 50% + refit', prune(50), refit(256))] },
  { model: 'langid-50', members: [variant('int4 block 128 symmetric + bias correction', int4(128, 'symmetric'), bias(128)), variant('prune-structured 50% + refit', prune(50), refit(256))] },
  { model: 'sentiment-transformer', members: [variant('int8 dynamic', { transform: 'int8-dynamic', options: { granularity: 'per-channel' } }), variant('int4 block 32', int4(32, 'asymmetric'))] },
];

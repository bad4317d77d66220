// All techniques, looked up by id. The UI lists them in this order.
import { PRUNING_TRANSFORMS } from './pruning';
import { QUANTIZATION_TRANSFORMS } from './quantization';
import { TRAINING_TRANSFORMS } from './training';
import { TRAINING_FREE_TRANSFORMS } from './training-free';
import type { Transform, TransformId } from './types';

export const TRANSFORMS: Transform[] = [...QUANTIZATION_TRANSFORMS, ...PRUNING_TRANSFORMS, ...TRAINING_TRANSFORMS, ...TRAINING_FREE_TRANSFORMS];

export function getTransform(id: string): Transform {
  const t = TRANSFORMS.find((x) => x.meta.id === id);
  if (!t) throw new Error(`Unknown technique "${id}". Valid techniques: ${TRANSFORMS.map((x) => x.meta.id).join(', ')}.`);
  return t;
}

export type { Transform, TransformId };
export * from './types';

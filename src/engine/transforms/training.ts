// Techniques that train, on the model's committed training data: recovery fine-tuning and distillation.
import { distillStudent } from './distill/transform';
import { recover } from './recover/transform';
import type { Transform } from './types';

export const TRAINING_TRANSFORMS: Transform[] = [recover, distillStudent];

// Training-free recovery techniques: they repair a compressed model with calibration samples and the model from
// before the damaging step (recipe history), without gradients or training data.
import { biasCorrectionTransform } from './bias-correction/transform';
import { bnRecalibrationTransform } from './bn-recalibration/transform';
import { refitTransform } from './refit/transform';
import type { Transform } from './types';

export const TRAINING_FREE_TRANSFORMS: Transform[] = [refitTransform, biasCorrectionTransform, bnRecalibrationTransform];

// Every feature's message module. en.ts and zh.ts spread these in, so keys stay one flat, typed namespace.
// A new feature: add a file beside this one (see define.ts) and one line to each list below.
import { cost } from './cost';
import { ownModelEngine } from './own-model-engine';
import { ownModelInputs } from './own-model-inputs';
import { photoOcrMessages } from './photo-ocr';
import { pitch } from './pitch';
import { recoveryFreeMessages } from './recovery-free';
import { scaleLabMessages } from './scale-lab';
import { pitchMeasure } from './pitch-measure';
import { scoreboard } from './scoreboard';
import { TRAINING_MESSAGES } from './training';

export const FEATURES_EN = {
  ...ownModelEngine.en,
  ...ownModelInputs.en,
  ...scoreboard.en,
  ...cost.en,
  ...pitch.en,
  ...TRAINING_MESSAGES.en,
  ...recoveryFreeMessages.en,
  ...photoOcrMessages.en,
  ...scaleLabMessages.en,
  ...pitchMeasure.en,
};
export const FEATURES_ZH: Record<keyof typeof FEATURES_EN, string> = {
  ...ownModelEngine.zh,
  ...ownModelInputs.zh,
  ...scoreboard.zh,
  ...cost.zh,
  ...pitch.zh,
  ...TRAINING_MESSAGES.zh,
  ...recoveryFreeMessages.zh,
  ...photoOcrMessages.zh,
  ...scaleLabMessages.zh,
  ...pitchMeasure.zh,
};

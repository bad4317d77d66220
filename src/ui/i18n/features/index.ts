// Every feature's message module. en.ts and zh.ts spread these in, so keys stay one flat, typed namespace.
// A new feature: add a file beside this one (see define.ts) and one line to each list below.
import { ownModelEngine } from './own-model-engine';
import { pitchMeasure } from './pitch-measure';

export const FEATURES_EN = {
  ...ownModelEngine.en,
  ...pitchMeasure.en,
};
export const FEATURES_ZH: Record<keyof typeof FEATURES_EN, string> = {
  ...ownModelEngine.zh,
  ...pitchMeasure.zh,
};

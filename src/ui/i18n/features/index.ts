// Every feature's message module. en.ts and zh.ts spread these in, so keys stay one flat, typed namespace.
// A new feature: add a file beside this one (see define.ts) and one line to each list below.
import { cost } from './cost';
import { ownModelEngine } from './own-model-engine';
import { ownModelInputs } from './own-model-inputs';
import { pitch } from './pitch';
import { pitchMeasure } from './pitch-measure';
import { scoreboard } from './scoreboard';

export const FEATURES_EN = {
  ...ownModelEngine.en,
  ...ownModelInputs.en,
  ...scoreboard.en,
  ...cost.en,
  ...pitch.en,
  ...pitchMeasure.en,
};
export const FEATURES_ZH: Record<keyof typeof FEATURES_EN, string> = {
  ...ownModelEngine.zh,
  ...ownModelInputs.zh,
  ...scoreboard.zh,
  ...cost.zh,
  ...pitch.zh,
  ...pitchMeasure.zh,
};

// Every feature's message module. en.ts and zh.ts spread these in, so keys stay one flat, typed namespace.
// A new feature: add a file beside this one (see define.ts) and one line to each list below.
import { cost } from './cost';
import { pitch } from './pitch';
import { scoreboard } from './scoreboard';

export const FEATURES_EN = {
  ...scoreboard.en,
  ...cost.en,
  ...pitch.en,
};
export const FEATURES_ZH: Record<keyof typeof FEATURES_EN, string> = {
  ...scoreboard.zh,
  ...cost.zh,
  ...pitch.zh,
};

// Every feature's message module. en.ts and zh.ts spread these in, so keys stay one flat, typed namespace.
// A new feature: add a file beside this one (see define.ts) and one line to each list below.
import { scaleLabMessages } from './scale-lab';

export const FEATURES_EN = {
  ...scaleLabMessages.en,
};
export const FEATURES_ZH: Record<keyof typeof FEATURES_EN, string> = {
  ...scaleLabMessages.zh,
};

// What every training-free recovery technique needs before it touches a model: sample inputs to run, a runner,
// and a sentence saying which samples those are (the worker knows: eval samples, or synthetic inputs).
import type { Text } from '../../i18n-text';
import type { Feeds } from '../../tensor-data';
import type { TransformContext } from '../types';

/** The first `max` calibration samples; throws a message saying what to provide when there are none. */
export function requireSamples(ctx: TransformContext, technique: Text, max: number): Feeds[] {
  const samples = ctx.calibration ?? [];
  if (!samples.length) {
    throw new Error(`${technique.en} needs calibration data: sample inputs to run through the model (for a built-in model, its eval set; for your own model, sample inputs).`);
  }
  if (!ctx.runner) throw new Error(`${technique.en} needs a model runner to run the calibration samples (internal error: none was given).`);
  return samples.slice(0, max);
}

/** "256 calibration samples (taken evenly from the 2,000 eval samples; they are scored too)" in both languages. */
export function samplesNote(count: number, ctx: TransformContext): Text {
  const en = `${count} calibration sample${count === 1 ? '' : 's'}`;
  const zh = `${count} 个校准样本`;
  const note = ctx.calibrationNote;
  return note ? { en: `${en} (${note.en})`, zh: `${zh}（${note.zh}）` } : { en, zh };
}

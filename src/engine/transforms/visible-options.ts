// Which of a technique's options apply to a step as it is set: the recipe editor shows only those (no percentile
// slider under min-max calibration, no rank slider when the rank comes from the energy kept).
import type { OptionSchema, OptionValue, TransformMeta } from './types';

export function visibleOptions(meta: TransformMeta, options: Record<string, OptionValue> | undefined): OptionSchema[] {
  const value = (key: string) => options?.[key] ?? meta.defaults[key];
  return meta.options.filter((o) => !o.visibleWhen || o.visibleWhen.values.includes(value(o.visibleWhen.key)));
}

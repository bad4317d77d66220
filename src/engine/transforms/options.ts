// Checks a step's options against its technique's schema, so a bad recipe (from a permalink, say) fails with a
// message naming the option and its valid values instead of producing a strange model.
import type { OptionValue, TransformMeta } from './types';

export function resolveOptions<O extends Record<string, OptionValue>>(meta: TransformMeta<O>, given: Record<string, unknown> = {}): O {
  const known = new Set(meta.options.map((o) => o.key));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) throw new Error(`${meta.id}: unknown option "${key}". Valid options: ${[...known].join(', ') || 'none'}.`);
  }
  const out: Record<string, OptionValue> = { ...meta.defaults };
  for (const schema of meta.options) {
    const value = given[schema.key];
    if (value === undefined) continue;
    if (schema.kind === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < schema.min || value > schema.max) {
        throw new Error(`${meta.id}: ${schema.key} must be a number from ${schema.min} to ${schema.max} (got ${String(value)}).`);
      }
    } else if (schema.kind === 'boolean') {
      if (typeof value !== 'boolean') throw new Error(`${meta.id}: ${schema.key} must be true or false (got ${String(value)}).`);
    } else if (!schema.choices.some((c) => c.value === value)) {
      throw new Error(`${meta.id}: ${schema.key} must be one of ${schema.choices.map((c) => c.value).join(', ')} (got ${String(value)}).`);
    }
    out[schema.key] = value as OptionValue;
  }
  return out as O;
}

// A recipe as text: a compact machine form for files (every option, resolved) and a short human form for slides
// and labels (only what differs from the technique's defaults, plus the rate, which is what people compare).
import type { Recipe } from '../../engine/pipeline';
import { getTransform } from '../../engine/transforms';
import { resolveOptions } from '../../engine/transforms/options';
import type { Locale } from '../i18n/i18n.svelte';

/** e.g. "prune-structured(rate=50, norm=l1) + int8-qdq(granularity=per-channel, …)"; "fp32" for no steps. */
export function recipeCode(recipe: Recipe): string {
  if (!recipe.length) return 'fp32';
  return recipe
    .map((step) => {
      const meta = getTransform(step.transform).meta;
      const options = Object.entries(resolveOptions(meta, step.options)).map(([k, v]) => `${k}=${v}`);
      return options.length ? `${meta.id}(${options.join(', ')})` : meta.id;
    })
    .join(' + ');
}

/** One human line per step, e.g. ["Structured pruning (channels) · Channels removed 50%", "int8 static (QDQ) · Per tensor"]. */
export function recipeLines(recipe: Recipe, locale: Locale): string[] {
  return recipe.map((step) => {
    const meta = getTransform(step.transform).meta;
    const options = resolveOptions(meta, step.options);
    const parts = [meta.label[locale]];
    for (const schema of meta.options) {
      const value = options[schema.key];
      if (value === meta.defaults[schema.key] && schema.key !== 'rate') continue;
      if (schema.key === 'rate' && options.method === 'mean-abs') continue; // that rule ignores the rate
      if (schema.kind === 'select') parts.push(schema.choices.find((c) => c.value === value)?.label[locale] ?? String(value));
      else if (schema.kind === 'number') parts.push(`${schema.label[locale]} ${value}${schema.unit ?? ''}`);
      else parts.push(`${schema.label[locale]}: ${value ? '✓' : '✗'}`);
    }
    return parts.join(' · ');
  });
}

/**
 * The recipe as its techniques run it (every option resolved, defaults filled in), so two recipes that make the
 * same model compare equal: `{}` and `{ granularity: 'per-channel' }` are one recipe.
 */
export function recipeSignature(recipe: Recipe): string {
  return JSON.stringify(
    recipe.map((step) => {
      let options: unknown = step.options ?? {};
      try {
        options = resolveOptions(getTransform(step.transform).meta, step.options);
      } catch {
        // an unknown technique or a bad option: compared as written (applying it reports the problem)
      }
      return [step.transform, options, step.exclude ?? []];
    }),
  );
}

// The permalink: model + both panes' recipes and backends (+ language) in the URL hash, so a teacher can hand
// out a link that opens exactly the comparison on screen. Decoding validates everything: a mangled link
// falls back to defaults with a message, never a broken page.
import { getTransform } from '../../engine/transforms';
import { resolveOptions } from '../../engine/transforms/options';
import type { Recipe } from '../../engine/pipeline';
import { parseBackend } from '../../runtime/backend';
import type { PaneSettings } from './pane.svelte';
import { parseLocale, type Locale } from '../i18n/i18n.svelte';

export interface Permalink {
  model: string;
  panes: [PaneSettings, PaneSettings];
  locale?: Locale;
}

function encodePane(p: PaneSettings): string {
  const steps = p.recipe.map((s) => (s.stages ? [s.transform, s.options ?? {}, s.exclude ?? [], s.stages] : s.exclude?.length ? [s.transform, s.options ?? {}, s.exclude] : [s.transform, s.options ?? {}]));
  return JSON.stringify({ s: steps, b: p.choice.backend, t: p.choice.threads });
}

function decodePane(text: string): PaneSettings {
  const raw = JSON.parse(text) as { s?: unknown; b?: unknown; t?: unknown };
  if (!Array.isArray(raw.s)) throw new Error('recipe is not a list');
  const recipe: Recipe = raw.s.map((step: unknown) => {
    if (!Array.isArray(step) || typeof step[0] !== 'string') throw new Error('bad recipe step');
    const transform = getTransform(step[0]);
    const options = resolveOptions(transform.meta, step[1] as Record<string, unknown>);
    const exclude = Array.isArray(step[2]) ? step[2].filter((n): n is string => typeof n === 'string') : [];
    const stages = Array.isArray(step[3]) ? step[3].filter((n): n is string => typeof n === 'string') : undefined; // multi-stage models
    return { transform: transform.meta.id, options, ...(exclude.length ? { exclude } : {}), ...(stages ? { stages } : {}) };
  });
  const threads = typeof raw.t === 'number' && raw.t >= 1 && raw.t <= 64 ? Math.round(raw.t) : undefined;
  return { recipe, choice: { backend: parseBackend(String(raw.b ?? 'wasm')), threads } };
}

export function encodePermalink(link: Permalink): string {
  const params = new URLSearchParams();
  params.set('m', link.model);
  params.set('a', encodePane(link.panes[0]));
  params.set('b', encodePane(link.panes[1]));
  if (link.locale) params.set('lang', link.locale);
  return `#${params.toString()}`;
}

/** Returns undefined for an empty hash; throws with a readable reason for a broken one. */
export function decodePermalink(hash: string): Permalink | undefined {
  const text = hash.replace(/^#/, '');
  if (!text) return undefined;
  const params = new URLSearchParams(text);
  const model = params.get('m');
  if (!model) throw new Error('The link names no model.');
  try {
    const a = params.get('a'), b = params.get('b');
    const fallback: PaneSettings = { recipe: [], choice: { backend: 'wasm' } };
    return {
      model,
      panes: [a ? decodePane(a) : fallback, b ? decodePane(b) : fallback],
      locale: parseLocale(params.get('lang')),
    };
  } catch (e) {
    throw new Error(`This link's settings could not be read (${(e as Error).message}).`);
  }
}

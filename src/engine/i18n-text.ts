// User-facing text that the engine and model data carry, in the two languages the UI offers.
export interface Text {
  en: string;
  zh: string;
}

export const text = (en: string, zh: string): Text => ({ en, zh });

/** Joins texts with a separator of each language (English "; ", Chinese "；" by default). */
export function joinText(parts: readonly Text[], sep: Text = { en: '; ', zh: '；' }): Text {
  return { en: parts.map((p) => p.en).join(sep.en), zh: parts.map((p) => p.zh).join(sep.zh) };
}

/** The last progress message of a step or a run. */
export const DONE: Text = { en: 'done', zh: '完成' };

/** The same words in both languages (numbers, operator names, shapes). */
export const same = (s: string): Text => ({ en: s, zh: s });

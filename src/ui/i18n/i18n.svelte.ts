// The UI language. One instance per app (see ../context.ts); components call `i18n.t(key, params)` for UI strings
// and `i18n.text(value)` for the {en, zh} texts that engine and model data carry.
import type { Text } from '../../engine/i18n-text';
import { en, type MessageKey } from './en';
import { zh } from './zh';

export type Locale = 'en' | 'zh';
export const LOCALES: { id: Locale; label: string }[] = [{ id: 'en', label: 'English' }, { id: 'zh', label: '中文' }];

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, zh };

export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export function parseLocale(value: string | null | undefined): Locale | undefined {
  return value === 'en' || value === 'zh' ? value : undefined;
}

export class I18n {
  locale = $state<Locale>('en');

  constructor(initial?: Locale) {
    this.locale = initial ?? (typeof navigator !== 'undefined' && navigator.language?.startsWith('zh') ? 'zh' : 'en');
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    return format(DICTIONARIES[this.locale][key], params);
  }

  text(value: Text): string {
    return value[this.locale];
  }
}

export type { MessageKey };

/** The page's one language setting, shared by every panel (the header's offline panel included). */
export const appI18n = new I18n();

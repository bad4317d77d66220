// Typed access to the app's shared state from any component (Svelte context), instead of prop-drilling.
import { getContext, setContext } from 'svelte';
import type { I18n } from './i18n/i18n.svelte';
import type { LabState } from './state/lab.svelte';

export interface AppContext {
  lab: LabState;
  i18n: I18n;
}

const KEY = Symbol('modellab');

export function setAppContext(ctx: AppContext): AppContext {
  return setContext(KEY, ctx);
}

export function appContext(): AppContext {
  const ctx = getContext<AppContext | undefined>(KEY);
  if (!ctx) throw new Error('appContext() used outside <App>');
  return ctx;
}

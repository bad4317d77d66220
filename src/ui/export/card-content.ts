// What the results card says (pure: texts and numbers, no canvas), so its wording and arithmetic are unit-tested.
// The right column carries the change against the left one: on a slide, "how much smaller, faster, worse".
import type { MessageKey } from '../i18n/en';
import type { Locale } from '../i18n/i18n.svelte';
import { formatBytes, formatChange, formatMs, formatPercent } from '../format';
import { recipeLines } from './recipe-text';
import { timedInputText } from '../latency-text';
import type { PaneResult, ResultsFile } from './results';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface CardChange {
  text: string;
  /** true: better (smaller, faster, more accurate); false: worse; undefined: no change. */
  good?: boolean;
}

export interface CardMetric {
  label: string;
  value: string;
  detail: string;
  change?: CardChange;
}

export interface CardColumn {
  heading: string;
  recipe: string[];
  backend: string;
  metrics: CardMetric[];
  /** One line: top-1 agreement with the fp32 model, when measured. */
  agreement?: string;
}

export interface CardContent {
  title: string;
  model: string;
  columns: [CardColumn, CardColumn];
  device: string;
  date: string;
  footer: string;
}

function relative(after: number, before: number, lowerIsBetter: boolean): CardChange {
  const change = after / before - 1;
  if (!Number.isFinite(change)) return { text: '—' };
  if (Math.abs(change) < 0.0005) return { text: '±0.0%' };
  return { text: formatChange(after, before), good: lowerIsBetter ? change < 0 : change > 0 };
}

function points(after: number, before: number, lowerIsBetter: boolean, t: Translate): CardChange {
  const d = (after - before) * 100;
  if (Math.abs(d) < 0.005) return { text: t('export.pp', { value: '±0.00' }) };
  return { text: t('export.pp', { value: `${d > 0 ? '+' : ''}${d.toFixed(2)}` }), good: lowerIsBetter ? d < 0 : d > 0 };
}

function backendLabel(p: PaneResult, t: Translate): string {
  if (p.backend === 'webgpu') return t('backend.webgpu');
  const n = p.threads ?? 1;
  return n > 1 ? t('backend.wasmN', { n }) : t('backend.wasm1');
}

function qualityLabel(name: string, t: Translate): string {
  return name === 'cer' ? t('pane.cer') : name === 'agreement' ? t('pane.agreement') : t('pane.accuracy');
}

function column(p: PaneResult, other: PaneResult | undefined, t: Translate, locale: Locale): CardColumn {
  const none = t('export.notMeasuredShort');
  const vs = (c: CardChange | undefined) => (c ? { ...c, text: t('export.vsLeft', { change: c.text }) } : undefined);
  const size: CardMetric = p.size
    ? {
        label: t('pane.size'),
        value: formatBytes(p.size.raw),
        detail: `${formatBytes(p.size.gzip)} ${t('pane.gzip')}${p.recipe.length && p.fp32Size ? ` · ${t('pane.vsFp32')} ${formatChange(p.size.raw, p.fp32Size.raw)}` : ''}`,
        change: vs(other?.size ? relative(p.size.raw, other.size.raw, true) : undefined),
      }
    : { label: t('pane.size'), value: '—', detail: none };
  const latency: CardMetric = p.latency
    ? {
        label: t('pane.latency'),
        value: `${formatMs(p.latency.medianMs)} ms`,
        detail: p.latency.input
          ? t('measure.cardLatency', { p95: formatMs(p.latency.p95Ms), n: p.latency.n, input: timedInputText(p.latency.input, t, true) })
          : t('export.latencyDetail', { p95: formatMs(p.latency.p95Ms), n: p.latency.n }),
        change: vs(other?.latency ? relative(p.latency.medianMs, other.latency.medianMs, true) : undefined),
      }
    : { label: t('pane.latency'), value: '—', detail: none };
  const m = p.metric;
  const sameMetric = other?.metric && m && other.metric.name === m.name ? other.metric : undefined;
  const quality: CardMetric = m
    ? {
        label: qualityLabel(m.name, t),
        value: formatPercent(m.value, 2),
        detail: t('export.qualityDetail', { low: formatPercent(m.ci95.low), high: formatPercent(m.ci95.high), n: m.total ? `${m.n}/${m.total}` : m.n }),
        change: vs(sameMetric ? points(m.value, sameMetric.value, m.name === 'cer', t) : undefined),
      }
    : { label: t('pane.accuracy'), value: '—', detail: none };
  const agreement = p.agreement && m?.name !== 'agreement' ? `${t('pane.agreement')}: ${formatPercent(p.agreement.top1Match, 2)}` : undefined;
  return {
    heading: p.side === 'left' ? t('pane.left') : t('pane.right'),
    recipe: p.recipe.length ? recipeLines(p.recipe, locale) : [t('export.fp32')],
    backend: backendLabel(p, t),
    metrics: [size, latency, quality],
    agreement,
  };
}

export function cardContent(results: ResultsFile, t: Translate, locale: Locale): CardContent {
  const [left, right] = results.panes;
  const d = results.device;
  const device = [d.browser, d.platform, t('export.cores', { n: d.cores }), d.gpu].filter(Boolean).join(' · ');
  const date = new Date(results.date).toLocaleDateString(locale === 'zh' ? 'zh-CN' : 'en-US', { year: 'numeric', month: 'long', day: 'numeric' });
  return {
    title: t('export.cardTitle'),
    model: results.model.name,
    columns: [column(left, undefined, t, locale), column(right, left, t, locale)],
    device,
    date,
    footer: t('export.cardFooter'),
  };
}

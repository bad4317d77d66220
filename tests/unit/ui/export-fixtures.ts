// A realistic two-pane snapshot for the export tests: the left pane measured, the right one only compressed.
import type { EvalResult } from '../../../src/models/evaluate';
import type { ResultsInput } from '../../../src/ui/export/results';

const evaluation = (value: number, n = 2000): EvalResult => ({
  metric: 'accuracy', value, ci95: { low: value - 0.01, high: value + 0.005 }, n, ms: 100,
  agreement: { top1Match: 0.995, meanAbsDelta: 0.0123, n },
});

export function sampleInput(): ResultsInput {
  return {
    model: { id: 'digits-cnn', name: 'Handwritten digits (small CNN)' },
    panes: [
      {
        recipe: [], choice: { backend: 'wasm' }, info: { backend: 'wasm', threads: 4 },
        report: { before: { raw: 209994, gzip: 195152 }, after: { raw: 209994, gzip: 195152 } },
        latency: { n: 30, warmup: 5, medianMs: 0.5, p95Ms: 0.8, minMs: 0.4, maxMs: 1, meanMs: 0.55 },
        evaluation: evaluation(0.988),
      },
      {
        recipe: [{ transform: 'prune-structured', options: { rate: 50 } }, { transform: 'int8-qdq', options: { granularity: 'per-tensor' } }],
        choice: { backend: 'webgpu' }, info: { backend: 'webgpu', threads: 1 },
        report: { before: { raw: 209994, gzip: 195152 }, after: { raw: 18825, gzip: 14269 } },
        // not measured yet: latency and accuracy stay empty, never guessed
      },
    ],
    device: { browser: 'Chrome 156', platform: 'Linux', cores: 4, crossOriginIsolated: true },
    date: new Date('2025-03-15T14:32:00Z'),
    link: '#m=digits-cnn&a=x&b=y',
  };
}

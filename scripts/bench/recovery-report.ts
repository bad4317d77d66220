// The bench's `recovery` rows (from any recovery module) as target checks and as a RESULTS.md section.
import { markdownTable } from './report';
import type { RecoveryResult, TargetCheck } from './types';

const pct = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '–' : `${(100 * x).toFixed(2)}%`);

export function recoveryTargets(rows: readonly RecoveryResult[]): TargetCheck[] {
  return rows.filter((r) => r.target).map((r) => {
    const t = r.target!;
    const lowerIsBetter = r.metric === 'cer';
    const what = `${lowerIsBetter ? 'CER ≤' : '≥'} ${pct(t.quality)}${t.seconds ? ` within ${t.seconds} s` : ''}`;
    const base = { id: 'recovery', target: `${r.recipe}: ${what}`, subject: r.model };
    if (r.error || r.qualityAfter === null) return { ...base, measured: '–', status: 'not measured' as const, reason: r.error };
    const qualityOk = lowerIsBetter ? r.qualityAfter <= t.quality : r.qualityAfter >= t.quality;
    const timeOk = !t.seconds || r.seconds <= t.seconds;
    const load = r.load ? `; load average ${r.load.map((x) => x.toFixed(1)).join('→')}` : '';
    const measured = `${pct(r.qualityBefore)} → ${pct(r.qualityAfter)} (fp32 ${pct(r.fp32Quality)}, n ${r.n}) in ${r.seconds.toFixed(1)} s${r.cpuSeconds !== undefined ? ` (${r.cpuSeconds.toFixed(1)} s CPU)` : ''}${load}`;
    const reasons: string[] = [];
    if (!qualityOk) reasons.push(`quality short of the goal after ${r.steps ?? '?'} steps; the compression it recovers from: ${r.compressionDetail || 'see the report'}`);
    if (!timeOk) reasons.push(`took ${r.seconds.toFixed(1)} s wall for ${r.cpuSeconds?.toFixed(1) ?? '?'} s of CPU${load}: on a shared machine wall time exceeds CPU time`);
    return { ...base, measured, status: qualityOk && timeOk ? ('met' as const) : ('not met' as const), reason: reasons.join('; ') || undefined };
  });
}

export function recoveryMarkdown(rows: readonly RecoveryResult[]): string[] {
  if (!rows.length) return [];
  return [
    '## Recovery (fine-tuning, distillation, training-free)', '',
    'Quality on the full eval set (onnxruntime-web WASM): the compression alone, then with the recovery step; seconds are the recovery step alone (wall, with CPU time and the 1-minute load average beside it).', '',
    markdownTable(['model', 'recipe', 'before', 'after', 'fp32', 'n', 'seconds (CPU)', 'threads', 'steps', 'size before → after', 'load'], rows.map((r) => [
      r.model, r.recipe, pct(r.qualityBefore), r.error ? `failed: ${r.error}` : pct(r.qualityAfter), pct(r.fp32Quality), String(r.n),
      `${r.seconds.toFixed(1)}${r.cpuSeconds !== undefined ? ` (${r.cpuSeconds.toFixed(1)})` : ''}`, String(r.threads), r.steps === undefined ? '–' : String(r.steps),
      r.bytesBefore ? `${r.bytesBefore} → ${r.bytesAfter}` : '–', r.load ? r.load.map((x) => x.toFixed(1)).join('→') : '–',
    ])), '',
  ];
}

// The bench's `recovery` rows (from any recovery module: fine-tuning, distillation, training-free) and its
// `ensembles` as target checks and as a RESULTS.md section.
import { markdownTable, pct as percent } from './report';
import type { EnsembleEntry, RecoveryResult, TargetCheck } from './types';

/** A quality as a percentage, or '–' where a failed row has none. */
export const pct = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '–' : percent(x));
const quality = (r: RecoveryResult, x: number | null) => (r.metric === 'cer' && x !== null ? `CER ${pct(x)}` : pct(x));

export function recoveryTargets(rows: readonly RecoveryResult[], ensembles: readonly EnsembleEntry[] = []): TargetCheck[] {
  const checks: TargetCheck[] = rows.filter((r) => r.target).map((r) => {
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
    if (!qualityOk) reasons.push(`quality short of the goal${r.steps === undefined ? '' : ` after ${r.steps} steps`}; the compression it recovers from: ${r.compressionDetail || 'see the per-layer report'}`);
    if (!timeOk) reasons.push(`took ${r.seconds.toFixed(1)} s wall for ${r.cpuSeconds?.toFixed(1) ?? '?'} s of CPU${load}: on a shared machine wall time exceeds CPU time`);
    return { ...base, measured, status: qualityOk && timeOk ? ('met' as const) : ('not met' as const), reason: reasons.join('; ') || undefined };
  });
  for (const e of ensembles) {
    checks.push({
      id: 'ensemble-beside-members', target: 'each ensemble’s accuracy beside its members’', subject: `${e.model}: ${e.members.join(' + ')}`,
      measured: e.error ?? `${pct(e.quality)} vs members ${pct(e.memberQualities[0])} / ${pct(e.memberQualities[1])} (n = ${e.n})`, status: e.error ? 'not measured' : 'met',
    });
  }
  return checks;
}

export function recoveryMarkdown(rows: readonly RecoveryResult[], ensembles: readonly EnsembleEntry[] = []): string[] {
  if (!rows.length && !ensembles.length) return [];
  const out = ['## Recovery (fine-tuning, distillation, training-free) and ensembles', ''];
  if (rows.length) {
    out.push(
      'Quality on held-out eval samples (onnxruntime-web WASM in Node): the compression alone, then with the recovery step; seconds are the recovery step alone (wall, with CPU time and the 1-minute load average beside it).', '',
      markdownTable(['model', 'recipe', 'before', 'after', 'fp32', 'n', 'seconds (CPU)', 'threads', 'steps', 'size before → after', 'load', 'data'], rows.map((r) => [
        r.model, r.recipe, quality(r, r.qualityBefore), r.error ? `failed: ${r.error}` : `**${quality(r, r.qualityAfter)}**`, quality(r, r.fp32Quality), String(r.n),
        `${r.seconds.toFixed(1)}${r.cpuSeconds !== undefined ? ` (${r.cpuSeconds.toFixed(1)})` : ''}`, String(r.threads), r.steps === undefined ? '–' : String(r.steps),
        r.bytesBefore ? `${r.bytesBefore} → ${r.bytesAfter}` : '–', r.load ? r.load.map((x) => x.toFixed(1)).join('→') : '–', r.data ?? '',
      ])), '',
    );
  }
  if (ensembles.length) {
    out.push(
      'Ensembles average two variants\' class probabilities per sample (the panel\'s arithmetic), scored on the same held-out samples; size = both files together.', '',
      markdownTable(['model', 'members', 'member accuracy', 'ensemble (95% CI)', 'fp32', 'same top-1 as fp32', 'size vs fp32', 'n'],
        ensembles.map((e) => e.error ? [e.model, e.members.join(' + '), `failed: ${e.error}`, '', '', '', '', ''] : [
          e.model, e.members.join(' + '), `${pct(e.memberQualities[0])} / ${pct(e.memberQualities[1])}`, `**${pct(e.quality)}** (${pct(e.ci95.low)}–${pct(e.ci95.high)})`,
          pct(e.fp32Quality), pct(e.agreement), `${(e.bytes / e.fp32Bytes).toFixed(2)}×`, String(e.n),
        ])), '',
    );
  }
  return out;
}

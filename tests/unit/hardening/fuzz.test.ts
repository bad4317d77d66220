// "Nothing breaks on bad input": over a thousand malformed files, each opened, compressed (fp32, int8 dynamic,
// 50% pruning), loaded on WASM and run in ONE LabService, as uploads reach a pane's worker. Every file must end in
// a prediction or in an Error a user can read, and the service must keep serving the real digits model throughout.
import { appendFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LabService } from '../../../src/workers/lab-service';
import { runMutant, summarize, type Outcome } from './fuzz-harness';
import { generateMutants } from './mutators';
import { stubSiteFetch } from '../fixtures/site-fetch';

beforeAll(() => {
  stubSiteFetch();
});

const CHECK_EVERY = 100;
// Debugging aids: FUZZ_TRACE=<file> logs each mutant before it runs (finds a hang), FUZZ_DUMP=<file> writes every
// outcome with its messages as JSON (to read what users would see).

/** The real digits model, opened, loaded and run: proves the service survived what came before. */
async function digitsScores(lab: LabService): Promise<number[]> {
  await lab.open({ kind: 'builtin', id: 'digits-cnn' });
  await lab.load({ backend: 'wasm' });
  const input = new Float32Array(28 * 28);
  for (let y = 4; y < 24; y++) input[y * 28 + 14] = 1; // a vertical stroke: a "1"
  const { prediction } = await lab.predict(input);
  return [...(prediction.scores ?? [])];
}

describe('fuzzing the upload path', () => {
  it('ends every malformed file in a prediction or a clear error, and keeps working', async () => {
    const mutants = generateMutants();
    expect(mutants.length).toBeGreaterThanOrEqual(1000);
    const lab = new LabService();
    const baseline = await digitsScores(lab);
    const outcomes: Outcome[] = [];
    const t0 = performance.now();
    for (const [i, mutant] of mutants.entries()) {
      if (process.env.FUZZ_TRACE) appendFileSync(process.env.FUZZ_TRACE, `${i} ${(performance.now() / 1000).toFixed(1)} [${mutant.kind}] ${mutant.label}\n`);
      outcomes.push(await runMutant(lab, mutant));
      if ((i + 1) % CHECK_EVERY === 0) expect(await digitsScores(lab), `digits after mutant ${i}: ${mutant.label}`).toEqual(baseline);
    }
    expect(await digitsScores(lab)).toEqual(baseline);
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`${summarize(outcomes)}\n  (${seconds} s)`);
    if (process.env.FUZZ_DUMP) writeFileSync(process.env.FUZZ_DUMP, JSON.stringify(outcomes.map((o) => ({ ...o, mutant: { kind: o.mutant.kind, label: o.mutant.label } })), null, 1));

    const unclear = outcomes.flatMap((o) => o.failures.filter((f) => f.unclear).map((f) => `[${o.mutant.kind}] ${o.mutant.label} -> ${f.stage}${f.recipe ? `/${f.recipe}` : ''}: ${f.unclear}: ${f.message.slice(0, 200)}`));
    expect(unclear.slice(0, 25), `${unclear.length} unclear errors`).toEqual([]);
    // The mutants must reach every layer, or the test proves less than it claims.
    const stages = new Set(outcomes.flatMap((o) => o.failures.map((f) => f.stage)));
    expect([...stages]).toEqual(expect.arrayContaining(['open', 'load', 'predict']));
    expect(outcomes.filter((o) => o.ok.length).length).toBeGreaterThan(100);
  }, 120_000); // 41 s on an idle machine
});

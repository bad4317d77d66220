// Drives one malformed file through what a user does with an upload (open, compress with a few recipes, load on
// WASM, predict) in one long-lived LabService, and judges every error message as a user would read it.
import type { Recipe } from '../../../src/engine/pipeline';
import type { LabService } from '../../../src/workers/lab-service';
import type { Mutant } from './mutators';

export const RECIPES: { name: string; recipe: Recipe }[] = [
  { name: 'fp32', recipe: [] },
  { name: 'int8-dynamic', recipe: [{ transform: 'int8-dynamic' }] },
  { name: 'prune-50', recipe: [{ transform: 'prune-unstructured', options: { rate: 50 } }] },
];

export type Stage = 'open' | 'compress' | 'load' | 'predict';

export interface Failure {
  stage: Stage;
  recipe?: string;
  message: string;
  /** Why the message is not good enough for a user, if it is not. */
  unclear?: string;
}

export interface Outcome {
  mutant: Mutant;
  /** Recipes that went all the way to a prediction. */
  ok: string[];
  failures: Failure[];
}

// Messages that only make sense to the people who wrote the runtime, or that say nothing.
const RAW = [
  /^(undefined|null|\[object \w+\]|Error|\d+)?$/i,
  /RuntimeError|unreachable|memory access out of bounds|Aborted\(/i,
  /ERROR_CODE|ERROR_MESSAGE|\[ONNXRuntimeError\]|onnxruntime::|\.cc:\d+|0x[0-9a-f]{6,}/i,
  /is not a function|Cannot read propert|is not iterable|undefined is not|of undefined|of null|is not defined/i,
  /Maximum call stack|Invalid typed array length|Invalid array length|offset is out of bounds|index out of range/i,
  /^(TypeError|RangeError|SyntaxError|ReferenceError)\b/,
];

/** Undefined when `error` is a clear sentence for a user, otherwise what is wrong with it. */
export function unclearReason(error: unknown): string | undefined {
  if (!(error instanceof Error)) return `not an Error: ${String(error)}`;
  // Technical detail in parentheses after a plain sentence is fine ("... damaged (index out of range ...)").
  const message = error.message.replace(/\((?:[^()]|\([^()]*\))+\)/g, '').trim();
  if (message.length <= 20) return 'too short to explain anything';
  if (!/^([A-Z"]|onnxruntime-web )/.test(message)) return 'not a sentence (an internal assertion?)';
  const raw = RAW.find((re) => re.test(message));
  if (raw) return `raw internal text (${raw.source.slice(0, 30)}…)`;
  if (error.name !== 'Error' && /^(TypeError|RangeError|SyntaxError|ReferenceError)$/.test(error.name)) return `a ${error.name}`;
  return undefined;
}

function failure(stage: Stage, error: unknown, recipe?: string): Failure {
  const message = error instanceof Error ? error.message : String(error);
  return { stage, recipe, message, unclear: unclearReason(error) };
}

export async function runMutant(lab: LabService, mutant: Mutant): Promise<Outcome> {
  const outcome: Outcome = { mutant, ok: [], failures: [] };
  try {
    await lab.open({ kind: 'upload', name: 'fuzzed.onnx', bytes: mutant.bytes });
  } catch (e) {
    outcome.failures.push(failure('open', e));
    return outcome;
  }
  for (const { name, recipe } of RECIPES) {
    let stage: Stage = 'compress';
    try {
      await lab.compress(recipe);
      stage = 'load';
      await lab.load({ backend: 'wasm' });
      stage = 'predict';
      await lab.predict(1);
      outcome.ok.push(name);
    } catch (e) {
      outcome.failures.push(failure(stage, e, name));
    }
  }
  return outcome;
}

/** "open" when rejected on opening; else the first failing stage, "ok" when every recipe predicted. */
export function verdict(o: Outcome): string {
  if (o.failures[0]?.stage === 'open') return 'rejected at open';
  if (o.failures.length === 0) return 'ok';
  if (o.ok.length) return 'partly ok';
  return `rejected at ${o.failures[0].stage}`;
}

/** Per mutation kind, how many mutants ended each way, as a table line each plus a total line. */
export function summarize(outcomes: Outcome[]): string {
  const byKind = new Map<string, Map<string, number>>();
  for (const o of outcomes) {
    const counts = byKind.get(o.mutant.kind) ?? new Map<string, number>();
    const v = verdict(o);
    counts.set(v, (counts.get(v) ?? 0) + 1);
    byKind.set(o.mutant.kind, counts);
  }
  const lines = [...byKind].map(([kind, counts]) => {
    const n = [...counts.values()].reduce((a, b) => a + b, 0);
    return `  ${kind.padEnd(15)} n=${String(n).padStart(4)}  ${[...counts].sort().map(([v, c]) => `${v}: ${c}`).join(', ')}`;
  });
  const all = new Map<string, number>();
  for (const counts of byKind.values()) for (const [v, c] of counts) all.set(v, (all.get(v) ?? 0) + c);
  const unclear = outcomes.reduce((n, o) => n + o.failures.filter((f) => f.unclear).length, 0);
  return [`fuzz: ${outcomes.length} mutants; ${[...all].sort().map(([v, c]) => `${v}: ${c}`).join(', ')}; unclear errors: ${unclear}`, ...lines].join('\n');
}

// Samples written as JSON: a nested array of numbers (its nesting is the shape), an object mapping input names to
// nested arrays (one sample for several inputs), or an array of such objects (several samples).
import { fail } from './errors';
import type { NdArray } from './ndarray';

export type JsonSample = Map<string, NdArray>;

/** Key of an array meant for "the input this file is added to" (a bare nested array). */
export const UNNAMED = '';

export function parseJsonSamples(bytes: Uint8Array, file = 'the file'): JsonSample[] {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    return fail(`${file} is not valid JSON (${(e as Error).message}).`, `${file} 不是有效的 JSON（${(e as Error).message}）。`);
  }
  if (Array.isArray(value) && value.length && value.every((v) => isRecord(v))) return value.map((v) => named(v as Record<string, unknown>, file));
  if (isRecord(value)) return [named(value, file)];
  return [new Map([[UNNAMED, toArray(value, file)]])];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function named(record: Record<string, unknown>, file: string): JsonSample {
  const entries = Object.entries(record);
  if (!entries.length) fail(`${file} holds an empty object: give arrays by input name, e.g. {"input": [[0.1, 0.2]]}.`, `${file} 是空对象：请按输入名给出数组，例如 {"input": [[0.1, 0.2]]}。`);
  return new Map(entries.map(([k, v]) => [k, toArray(v, `${file}: "${k}"`)]));
}

/** A rectangular nested array of numbers (or booleans) -> float64 (or bool) array with its shape. */
export function toArray(value: unknown, where: string): NdArray {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  const flat: unknown[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth === shape.length) return void flat.push(v);
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      fail(`${where} is not a rectangular array: every row at depth ${depth + 1} must have ${shape[depth]} entries.`, `${where} 不是规则数组：第 ${depth + 1} 层的每一行都必须有 ${shape[depth]} 个元素。`);
    }
    for (const x of v as unknown[]) walk(x, depth + 1);
  };
  walk(value, 0);
  if (flat.length && flat.every((x) => typeof x === 'boolean')) return { dtype: 'bool', shape, data: Uint8Array.from(flat as boolean[], Number) };
  const bad = flat.find((x) => typeof x !== 'number' || !Number.isFinite(x));
  if (bad !== undefined) fail(`${where} contains ${JSON.stringify(bad)}: only finite numbers (or true/false) can be fed to a model.`, `${where} 含有 ${JSON.stringify(bad)}：只有有限的数值（或 true/false）可以输入模型。`);
  return { dtype: 'float64', shape, data: Float64Array.from(flat as number[]), untyped: true };
}

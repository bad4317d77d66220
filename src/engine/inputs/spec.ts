// What a model input is fed with: its concrete shape (the model's dynamic dimensions resolved by name hints or by
// the user) and how synthetic values are made. Validated here, against the model's declared rank and fixed sizes,
// so a wrong shape gets a sentence naming the input before onnxruntime sees it.
import type { Text } from '../i18n-text';
import type { IoInfo } from '../model-info';
import { formatShape } from '../samples/ndarray';

/** How synthetic values for an input are made: seeded random values, or one constant (zeros for a state). */
export type Fill = { kind: 'random' } | { kind: 'constant'; value: number };

export interface InputSpec {
  name: string;
  elemType: string;
  /** The model's own shape: numbers for fixed dims, names (or null) for dynamic ones. */
  declared: (number | string | null)[];
  /** False when the model declares no shape at all (then any rank is accepted). */
  ranked: boolean;
  /** The shape used; undefined where ModelLab could not guess and the user must say. */
  dims: (number | undefined)[];
  fill: Fill;
}

/** What is remembered per model (by hash) and sent to the pane workers. */
export interface SavedInputs {
  dims: Record<string, number[]>;
  fills: Record<string, Fill>;
}

/** More values than this in one input is a mistake (or more memory than a tab has). */
export const MAX_INPUT_VALUES = 64 * 1024 * 1024;

export function isDynamic(d: number | string | null): boolean {
  return typeof d !== 'number' || d <= 0;
}

export function specFromInfo(info: IoInfo): Omit<InputSpec, 'dims' | 'fill'> {
  return { name: info.name, elemType: info.elemType, declared: info.dims, ranked: info.ranked !== false };
}

/** Why `dims` cannot feed `spec`'s input, or undefined when they can. */
export function checkDims(spec: Omit<InputSpec, 'dims' | 'fill'>, dims: readonly (number | undefined)[]): Text | undefined {
  const name = spec.name;
  const model = formatShape(spec.declared);
  if (spec.ranked && dims.length !== spec.declared.length) {
    return {
      en: `Input "${name}" has ${spec.declared.length} dimension${spec.declared.length === 1 ? '' : 's'} (${model}); you gave ${dims.length} (${formatShape(dims)}).`,
      zh: `输入“${name}”有 ${spec.declared.length} 个维度（${model}）；你给了 ${dims.length} 个（${formatShape(dims)}）。`,
    };
  }
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i];
    const declared = spec.ranked ? spec.declared[i] : null;
    const label = typeof declared === 'string' ? ` ("${declared}")` : '';
    if (d === undefined) {
      return {
        en: `Input "${name}": give a size for dimension ${i + 1}${label}; ModelLab cannot guess it from the model.`,
        zh: `输入“${name}”：请给出第 ${i + 1} 维${label ? `（“${declared}”）` : ''}的大小；ModelLab 无法从模型推断。`,
      };
    }
    if (declared !== null && typeof declared === 'number' && declared > 0 && d !== declared) {
      return {
        en: `Input "${name}": dimension ${i + 1} is fixed at ${declared} by the model (${model}); you gave ${d}.`,
        zh: `输入“${name}”：第 ${i + 1} 维被模型固定为 ${declared}（${model}）；你给了 ${d}。`,
      };
    }
    if (!Number.isInteger(d) || d < minimumDim(name)) {
      return {
        en: `Input "${name}": dimension ${i + 1}${label} must be a whole number of at least ${minimumDim(name)}; you gave ${d}.`,
        zh: `输入“${name}”：第 ${i + 1} 维${label ? `（“${declared}”）` : ''}必须是不小于 ${minimumDim(name)} 的整数；你给了 ${d}。`,
      };
    }
  }
  const count = (dims as number[]).reduce((a, b) => a * b, 1);
  if (count > MAX_INPUT_VALUES) {
    return {
      en: `Input "${name}" would have ${count.toLocaleString('en-US')} values (${formatShape(dims)}), more than a browser tab can handle; use smaller sizes.`,
      zh: `输入“${name}”将有 ${count.toLocaleString('en-US')} 个值（${formatShape(dims)}），超出浏览器标签页的承受能力；请使用更小的尺寸。`,
    };
  }
  return undefined;
}

/** A past key/value cache may be empty (length 0); any other dimension needs at least one element. */
function minimumDim(name: string): number {
  return /past|cache/i.test(name) ? 0 : 1;
}

/** "1, 3, 224, 224", "1x3x224x224", "[1 3 224 224]" -> numbers ("?" for a size not given yet); an error text otherwise. */
export function parseDims(text: string): (number | undefined)[] | Text {
  const tokens = text.replace(/[[\]()]/g, ' ').split(/[\s,×xX*]+/).filter(Boolean);
  const bad = tokens.find((t) => t !== '?' && (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t))));
  if (bad !== undefined) {
    return { en: `"${bad}" is not a size: write whole numbers separated by commas or ×, e.g. 1, 3, 224, 224.`, zh: `“${bad}”不是尺寸：请写用逗号或 × 分隔的整数，例如 1, 3, 224, 224。` };
  }
  return tokens.map((t) => (t === '?' ? undefined : Number(t)));
}

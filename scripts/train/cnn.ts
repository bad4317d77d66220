// The small CNN's architecture and parameters. Its forward and backward passes are the graph engine's
// (src/engine/train/graph): the trainer exports these parameters to the ONNX graph and trains that graph.
// Layout is NCHW.
//   conv1 3x3 1->C1, pad 1, ReLU, maxpool 2   28x28 -> 14x14
//   conv2 3x3 C1->C2, pad 1, ReLU, maxpool 2  14x14 -> 7x7
//   flatten (C2*49), fc1 -> H, ReLU, fc2 -> 10 logits
import { gaussian, type Rand as Rng } from '../../src/engine/random';

export const ARCH = { c1: 8, c2: 16, hidden: 64, classes: 10 } as const;
const { c1: C1, c2: C2, hidden: H, classes: NC } = ARCH;
const FLAT = C2 * 49;

/** Parameter names double as ONNX initializer names; shapes are PyTorch-style. */
export const PARAM_SHAPES = {
  'conv1.weight': [C1, 1, 3, 3],
  'conv1.bias': [C1],
  'conv2.weight': [C2, C1, 3, 3],
  'conv2.bias': [C2],
  'fc1.weight': [H, FLAT], // [out, in]: exported as Gemm with transB=1
  'fc1.bias': [H],
  'fc2.weight': [NC, H],
  'fc2.bias': [NC],
} as const;
export type ParamName = keyof typeof PARAM_SHAPES;
export type Params = Record<ParamName, Float32Array>;
export const PARAM_NAMES = Object.keys(PARAM_SHAPES) as ParamName[];

export const sizeOf = (name: ParamName): number => PARAM_SHAPES[name].reduce((a: number, b: number) => a * b, 1);

export function zeroParams(): Params {
  const p = {} as Params;
  for (const name of PARAM_NAMES) p[name] = new Float32Array(sizeOf(name));
  return p;
}

/** He-normal weights (fan-in, suits ReLU), zero biases. */
export function initParams(rng: Rng): Params {
  const p = zeroParams();
  for (const name of PARAM_NAMES) {
    if (name.endsWith('.bias')) continue;
    const shape = PARAM_SHAPES[name];
    const fanIn = sizeOf(name) / shape[0];
    const std = Math.sqrt(2 / fanIn);
    for (let i = 0; i < p[name].length; i++) p[name][i] = gaussian(rng) * std;
  }
  return p;
}

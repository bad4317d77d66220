// The contract of one operator in the graph engine: a forward pass on engine tensors and, for the inputs it
// can differentiate, a backward pass. Ops never write into their inputs.
import type { NodeProto } from '../../../onnx';
import type { Vec, VecCtor } from '../../kernels/vec';
import type { Tensor } from '../tensor';

export interface OpEnv {
  F: VecCtor;
  /** The model's default-domain opset (some ops changed meaning between opsets). */
  opset: number;
}

export interface Forwarded {
  outputs: Tensor[];
  /** Whatever backward needs beyond the inputs and outputs (argmax indices, normalised values...). */
  saved?: unknown;
}

export interface BackwardArgs {
  node: NodeProto;
  inputs: (Tensor | undefined)[];
  outputs: Tensor[];
  /** dLoss/d(output i); undefined when no gradient reached that output. */
  grads: (Vec | undefined)[];
  saved: unknown;
  /** Which inputs want a gradient. */
  need: boolean[];
  env: OpEnv;
}

export interface Op {
  /** Input positions a gradient can flow into (the others are indices, shapes, conditions...), or all of them. */
  differentiable: readonly number[] | 'all';
  forward(node: NodeProto, inputs: (Tensor | undefined)[], env: OpEnv): Forwarded;
  /** Gradients for the inputs `need` asks for (undefined elsewhere). Absent: the op passes no gradient. */
  backward?(a: BackwardArgs): (Vec | undefined)[];
}

/** An error that names the node, for a model the engine cannot train. */
export class UnsupportedError extends Error {
  override name = 'UnsupportedError';
}

export function unsupported(node: NodeProto, why: string): never {
  throw new UnsupportedError(`The training engine cannot handle node "${node.name || node.output[0]}" (${node.opType}): ${why}.`);
}

export function required(node: NodeProto, inputs: (Tensor | undefined)[], i: number): Tensor {
  const t = inputs[i];
  if (!t) unsupported(node, `input ${i} is missing`);
  return t;
}

export function floatInput(node: NodeProto, inputs: (Tensor | undefined)[], i: number): Tensor {
  const t = required(node, inputs, i);
  if (t.int) unsupported(node, `input ${i} holds integers where floats are expected`);
  return t;
}

/** Integer values of a small input (axes, shapes, starts...). */
export function intValues(node: NodeProto, inputs: (Tensor | undefined)[], i: number): number[] {
  return Array.from(required(node, inputs, i).data);
}

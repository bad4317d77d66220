// Carries out a plan once the kept channels are chosen: slices every listed constant, fixes depthwise group counts
// and Reshape feature counts, and updates (or drops) the value_info shapes of the tensors that shrank.
import { readIntegers, DataType, getAttribute, makeTensor, tensorShape, type GraphProto, type NodeProto, type TensorProto } from '../../onnx';
import type { ConstantStore } from '../prune-common/constants';
import { sliceAxis } from '../prune-common/tensor-data';
import type { Plan } from './plan';

export function applyPlan(graph: GraphProto, store: ConstantStore, plan: Plan, keep: Int32Array, newName: (base: string) => string): void {
  const keepFlat = expand(keep, plan.blk);
  for (const edit of plan.edits) {
    const { node } = edit;
    if (edit.kind === 'group') {
      getAttribute(node, 'group')!.i = keep.length;
    } else if (edit.kind === 'slice') {
      const t = store.get(node.input[edit.input])!;
      writeInput(graph, store, node, edit.input, sliceAxis(t, edit.axis, edit.flat ? keepFlat : keep), newName);
    } else {
      const t = store.get(node.input[1])!;
      const shape = readIntegers(t);
      shape[edit.pos] = keepFlat.length;
      const tensor = makeTensor(t.name, DataType.INT64, tensorShape(t), BigInt64Array.from(shape, BigInt));
      writeInput(graph, store, node, 1, tensor, newName);
    }
  }
  updateValueInfo(graph, plan, keep.length);
}

/** Channel indices -> feature indices when each channel is a block of `blk` features. */
function expand(keep: Int32Array, blk: number): Int32Array {
  if (blk === 1) return keep;
  const out = new Int32Array(keep.length * blk);
  for (let i = 0; i < keep.length; i++) for (let j = 0; j < blk; j++) out[i * blk + j] = keep[i] * blk + j;
  return out;
}

/** Rewrites a constant input in place when only this node reads it, otherwise gives this node its own copy. */
function writeInput(graph: GraphProto, store: ConstantStore, node: NodeProto, input: number, tensor: TensorProto, newName: (base: string) => string): void {
  const name = node.input[input];
  if (store.useCount(name) === 1) {
    store.replace(name, tensor);
    return;
  }
  const copy = newName(`${name}_pruned`);
  store.add(copy, tensor, name, node);
  node.input[input] = copy;
}

function updateValueInfo(graph: GraphProto, plan: Plan, kept: number): void {
  graph.valueInfo = graph.valueInfo.filter((vi) => {
    const tag = plan.region.get(vi.name);
    if (!tag) return true;
    const dims = vi.type?.tensorType?.shape?.dim;
    if (!dims) return true;
    const d = dims[dims.length + tag.axis];
    const old = plan.channels * (tag.flat ? plan.blk : 1);
    if (!d || d.dimParam) return true;
    if (d.dimValue !== undefined && Number(d.dimValue) === old) {
      d.dimValue = kept * (tag.flat ? plan.blk : 1);
      return true;
    }
    return false; // stale and not understood: let the runtime infer it again
  });
}

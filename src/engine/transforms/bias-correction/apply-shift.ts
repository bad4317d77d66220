// Subtracts a per-channel shift from a layer's bias slot (see slot.ts) and returns the shift really applied
// (an int32 bias moves in whole steps of its scale).
import { DataType, makeNode, makeTensor, readFloat32, readIntegers, tensorShape, uniqueNamer, type GraphProto } from '../../onnx';
import { rint } from '../quant/math';
import type { ConstantWriter } from '../layer-fit/write';
import type { Slot } from './slot';

/** `rank` and `channelAxis` of the measured output place a new bias so it broadcasts over the channel axis. */
export function applyShift(graph: GraphProto, writer: ConstantWriter, slot: Exclude<Slot, { kind: 'none' }>, shift: Float64Array, rank: number, channelAxis: number): Float64Array {
  const c = shift.length;
  if (slot.kind === 'constant') {
    const t = writer.get(slot.node.input[slot.input])!;
    const old = readFloat32(t);
    const dims = old.length === c ? tensorShape(t) : broadcastDims(c, rank, channelAxis);
    const next = Float32Array.from({ length: c }, (_, i) => old[old.length === 1 ? 0 : i] - shift[i] / slot.scale);
    writer.set(slot.node, slot.input, makeTensor(t.name, DataType.FLOAT, dims, next), slot.input, `${t.name}_corrected`);
    return Float64Array.from(next, (v, i) => (old[old.length === 1 ? 0 : i] - v) * slot.scale);
  }
  if (slot.kind === 'int32') {
    const q = writer.get(slot.dq.input[0])!;
    const scales = readFloat32(writer.get(slot.dq.input[1])!);
    const values = readIntegers(q);
    const applied = new Float64Array(c);
    const next = Int32Array.from(values, (v, i) => {
      const s = scales[scales.length === 1 ? 0 : i];
      const steps = rint(shift[i] / s);
      applied[i] = steps * s;
      return Math.max(-2147483648, Math.min(2147483647, v - steps));
    });
    writer.set(slot.dq, 0, makeTensor(q.name, DataType.INT32, tensorShape(q), next), 0, `${q.name}_corrected`);
    return applied;
  }
  // A new Add after the layer: its output takes the layer's output name, so every reader sees the corrected value.
  const name = uniqueNamer(graph);
  const out = slot.node.output[0];
  const raw = name(`${out}_uncorrected`);
  const bias = makeTensor(name(`${out}_bias_correction`), DataType.FLOAT, broadcastDims(c, rank, channelAxis), Float32Array.from(shift, (v) => -v));
  graph.initializer.push(bias);
  slot.node.output[0] = raw;
  const add = makeNode({ opType: 'Add', inputs: [raw, bias.name], outputs: [out], name: name(`${out}_bias_correction_Add`) });
  graph.node.splice(graph.node.indexOf(slot.node) + 1, 0, add);
  return Float64Array.from(shift, (v) => Math.fround(v));
}

/** [C] for a last-axis channel, [C, 1, ..., 1] for axis 1 of an N-C-spatial tensor. */
function broadcastDims(c: number, rank: number, channelAxis: number): number[] {
  return channelAxis === rank - 1 ? [c] : [c, ...Array.from({ length: rank - channelAxis - 1 }, () => 1)];
}

// Which output channels of the reference (unpruned) model each pruned layer kept. Structured pruning keeps an
// ordered subset of a layer's channels and copies their weights bit for bit (sliced along the inputs where the
// layer before was pruned too), so the kept channels are found by matching weight rows exactly, in graph order:
// a layer's input selection follows from the layer that feeds it. Nothing has to be recorded by the pruning step.
import { producerMap, readFloat32, tensorShape, type GraphProto, type TensorProto } from '../../onnx';
import { constantSources } from '../quant/graph-utils';
import { BROADCAST, CHANNEL_PARAMS, POOLS, UNARY } from '../prune-structured/ops';
import { floatLayers, type FloatLayer } from './layers';

export interface ChannelMap {
  /** Layer output tensor -> the reference channel of each current output channel. */
  kept: Map<string, Int32Array>;
  /** Layer output tensor -> why its channels could not be matched. */
  problems: Map<string, string>;
}

const FOLLOW = new Set([...UNARY, ...BROADCAST, ...POOLS, ...Object.keys(CHANNEL_PARAMS), 'Flatten', 'Reshape']);

const range = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

export function mapChannels(ref: GraphProto, cur: GraphProto): ChannelMap {
  const refLayers = floatLayers(ref);
  const curLayers = floatLayers(cur);
  const producers = producerMap(cur);
  const sources = constantSources(cur);
  const refSources = constantSources(ref);
  const kept = new Map<string, Int32Array>();
  const problems = new Map<string, string>();

  /** The kept channels flowing into `tensor` (through channel-wise ops), as reference feature indices. */
  const upstream = (tensor: string, refFeatures: number): Int32Array => {
    let name = tensor;
    for (let guard = 0; guard < 10_000; guard++) {
      const from = kept.get(name);
      if (from) {
        const refChannels = refLayers.get(name)!.dims[refLayers.get(name)!.outAxis];
        if (refFeatures % refChannels) throw new Error(`${refFeatures} inputs are not a whole number of blocks of ${refChannels} channels`);
        return expand(from, refFeatures / refChannels);
      }
      if (problems.has(name)) throw new Error(`the layer feeding it could not be matched (${problems.get(name)})`);
      const node = producers.get(name);
      if (!node) throw new Error(`"${name}" is a graph input or unknown tensor, yet its size changed`);
      if (!FOLLOW.has(node.opType)) throw new Error(`channels cannot be followed through ${node.opType} "${node.name}"`);
      const data = node.input.find((i) => i && !sources.has(i));
      if (!data) throw new Error(`${node.opType} "${node.name}" has only constant inputs`);
      name = data;
    }
    throw new Error('the graph is too deep to follow');
  };

  for (const [out, layer] of curLayers) {
    const r = refLayers.get(out);
    try {
      if (!r) throw new Error('the layer is not in the reference model');
      if (r.dims.length !== layer.dims.length) throw new Error('its weight has another rank in the reference model');
      const same = r.dims.every((d, i) => d === layer.dims[i]);
      if (same) {
        kept.set(out, range(layer.dims[layer.outAxis]));
        continue;
      }
      const depthwise = layer.op === 'Conv' && layer.group > 1 && layer.dims[1] === 1 && layer.group === layer.dims[0];
      if (depthwise) {
        kept.set(out, upstream(layer.node.input[0], r.dims[0]));
        continue;
      }
      if (layer.group !== 1) throw new Error(`grouped convolution (group ${layer.group}) changed shape`);
      const keepIn = layer.dims[layer.inAxis] === r.dims[r.inAxis] ? range(r.dims[r.inAxis]) : upstream(layer.node.input[0], r.dims[r.inAxis]);
      if (keepIn.length !== layer.dims[layer.inAxis]) throw new Error(`${keepIn.length} inputs traced, but the layer has ${layer.dims[layer.inAxis]}`);
      kept.set(out, matchRows(layer, r, keepIn, bias(layer, sources), bias(r, refSources)));
    } catch (e) {
      problems.set(out, (e as Error).message);
    }
  }
  return { kept, problems };
}

function expand(keep: Int32Array, blk: number): Int32Array {
  if (blk === 1) return keep;
  const out = new Int32Array(keep.length * blk);
  for (let i = 0; i < keep.length; i++) for (let j = 0; j < blk; j++) out[i * blk + j] = keep[i] * blk + j;
  return out;
}

/** Per-output-channel bias values (Conv B, Gemm C of one value per output), or undefined. */
function bias(layer: FloatLayer, sources: ReturnType<typeof constantSources>): Float32Array | undefined {
  const t: TensorProto | undefined = layer.node.input[2] ? sources.get(layer.node.input[2])?.tensor : undefined;
  if (!t) return undefined;
  const n = tensorShape(t).reduce((a, b) => a * b, 1);
  return n === layer.dims[layer.outAxis] ? readFloat32(t) : undefined;
}

/** The ordered subset of reference output channels whose weights (at `keepIn`) and bias equal each current one. */
function matchRows(cur: FloatLayer, ref: FloatLayer, keepIn: Int32Array, curBias?: Float32Array, refBias?: Float32Array): Int32Array {
  const cw = readFloat32(cur.weight);
  const rw = readFloat32(ref.weight);
  const curOut = cur.dims[cur.outAxis];
  const refOut = ref.dims[ref.outAxis];
  // Element (o, i, rest) of a 2-D or conv weight, for either axis order.
  const inner = cur.dims.slice(2).reduce((a, b) => a * b, 1);
  const at = (w: Float32Array, dims: number[], outAxis: number, o: number, i: number, s: number) =>
    outAxis === 0 ? w[(o * dims[1] + i) * inner + s] : w[i * dims[1] + o];
  const result = new Int32Array(curOut);
  let j = 0;
  for (let o = 0; o < curOut; o++) {
    for (; j < refOut; j++) {
      if (curBias && refBias && curBias[o] !== refBias[j]) continue;
      let equal = true;
      for (let i = 0; i < keepIn.length && equal; i++) {
        for (let s = 0; s < inner; s++) {
          if (at(cw, cur.dims, cur.outAxis, o, i, s) !== at(rw, ref.dims, ref.outAxis, j, keepIn[i], s)) { equal = false; break; }
        }
      }
      if (equal) break;
    }
    if (j === refOut) throw new Error(`output channel ${o} matches no channel of the reference layer`);
    result[o] = j++;
  }
  return result;
}

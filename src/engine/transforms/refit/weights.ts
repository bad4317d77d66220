// A layer's weights and bias as the solver sees them (per group: k inputs [+ bias row] × m outputs, the effective
// values alpha·B and beta·C for Gemm) and back into the stored tensors afterwards.
import { attrFloat, DataType, makeTensor, readFloat32, tensorShape, type TensorProto } from '../../onnx';
import type { FloatLayer } from '../layer-fit/layers';
import type { ConstantWriter } from '../layer-fit/write';
import type { Geometry } from './geometry';

export interface LayerParams {
  /** Per group: (k + bias) × m, row i = input i, last row = bias when fitted. */
  groups: Float64Array[];
  withBias: boolean;
}

/** Conv and Gemm fit a bias (a missing one is added); a Gemm with beta = 0 and MatMul have none. */
export function fitsBias(layer: FloatLayer): boolean {
  return layer.op === 'Conv' || (layer.op === 'Gemm' && attrFloat(layer.node, 'beta', 1) !== 0);
}

function scales(layer: FloatLayer): { alpha: number; beta: number } {
  return layer.op === 'Gemm' ? { alpha: attrFloat(layer.node, 'alpha', 1), beta: attrFloat(layer.node, 'beta', 1) } : { alpha: 1, beta: 1 };
}

/** Per-output bias values as the layer applies them (beta·C broadcast to m outputs), zeros when absent. */
function biasValues(layer: FloatLayer, writer: ConstantWriter, outputs: number): Float32Array {
  const t = writer.get(layer.node.input[2] ?? '');
  const out = new Float32Array(outputs);
  if (!t) return out;
  const v = readFloat32(t);
  const { beta } = scales(layer);
  for (let c = 0; c < outputs; c++) out[c] = beta * v[v.length === 1 ? 0 : c];
  return out;
}

export function readParams(layer: FloatLayer, geo: Geometry, writer: ConstantWriter): LayerParams {
  const w = readFloat32(layer.weight);
  const withBias = fitsBias(layer);
  const { k, m, groups } = geo;
  const rows = k + (withBias ? 1 : 0);
  const outputs = m * groups;
  const bias = biasValues(layer, writer, outputs);
  const { alpha } = scales(layer);
  const out: Float64Array[] = [];
  for (let g = 0; g < groups; g++) {
    const p = new Float64Array(rows * m);
    for (let c = 0; c < m; c++) {
      const o = g * m + c;
      for (let i = 0; i < k; i++) p[i * m + c] = alpha * (layer.outAxis === 0 ? w[o * k + i] : w[i * outputs + o]);
      if (withBias) p[k * m + c] = bias[o];
    }
    out.push(p);
  }
  return { groups: out, withBias };
}

/** Stores fitted parameters in the layer's weight (and bias) tensors; says whether a bias was added. */
export function writeParams(layer: FloatLayer, geo: Geometry, params: LayerParams, writer: ConstantWriter): boolean {
  const { k, m, groups } = geo;
  const outputs = m * groups;
  const { alpha, beta } = scales(layer);
  const w = new Float32Array(layer.dims.reduce((a, b) => a * b, 1));
  const bias = new Float32Array(outputs);
  for (let g = 0; g < groups; g++) {
    const p = params.groups[g];
    for (let c = 0; c < m; c++) {
      const o = g * m + c;
      for (let i = 0; i < k; i++) w[layer.outAxis === 0 ? o * k + i : i * outputs + o] = p[i * m + c] / alpha;
      if (params.withBias) bias[o] = p[k * m + c] / beta;
    }
  }
  const node = layer.node;
  writer.set(node, 1, makeTensor(layer.weightName, DataType.FLOAT, layer.dims, w), 1, `${layer.weightName}_fitted`);
  if (!params.withBias) return false;
  const old: TensorProto | undefined = writer.get(node.input[2] ?? '');
  const dims = old && tensorShape(old).reduce((a, b) => a * b, 1) === outputs ? tensorShape(old) : [outputs];
  writer.set(node, 2, makeTensor(old?.name ?? `${node.name || node.output[0]}_bias`, DataType.FLOAT, dims, bias), 1, `${node.name || node.output[0]}_bias`);
  return !old;
}

// How a layer's input activation becomes the rows of a least-squares problem, and where its outputs sit.
// Conv: one row per output position and group, holding the input patch that position sees (im2col), laid out as
// the weight's [Cin/group, kh, kw] so the solution is the weight row. Gemm/MatMul: one row per input row.
import { attrInts, getAttribute, type NodeProto } from '../../onnx';
import type { FloatLayer } from '../layer-fit/layers';
import { text, type Text } from '../../i18n-text';

export interface Activation {
  data: Float32Array;
  dims: number[];
}

export interface Geometry {
  groups: number;
  /** Inputs of one output channel (Cin/group × kernel for Conv, K for Gemm/MatMul). */
  k: number;
  /** Output channels per group. */
  m: number;
  /** Writes the k inputs that output position p (layer-fit/rows.ts layouts) of group g reads into row[offset..]. */
  readRow(x: Activation, outDims: readonly number[], p: number, g: number, row: Float32Array, offset: number): void;
}

/** The reason, in both languages, when the layer's geometry is not handled. */
export function geometryOf(layer: FloatLayer): Geometry | Text {
  const { dims } = layer;
  if (layer.op !== 'Conv') {
    const [k, m] = layer.outAxis === 0 ? [dims[1], dims[0]] : [dims[0], dims[1]];
    return {
      groups: 1, k, m,
      readRow: (x, _out, p, _g, row, offset) => row.set(x.data.subarray(p * k, p * k + k), offset),
    };
  }
  const spatial = dims.length - 2;
  if (spatial < 1 || spatial > 2) return text(`${spatial}-D convolution is not handled`, `不处理 ${spatial} 维卷积`);
  const kernel = spatial === 1 ? [1, dims[2]] : [dims[2], dims[3]];
  const two = (v: number[] | undefined, fill: number) => (v ? (spatial === 1 ? [fill, v[0]] : v) : [fill, fill]);
  const strides = two(attrInts(layer.node, 'strides'), 1);
  const dilations = two(attrInts(layer.node, 'dilations'), 1);
  const cinG = dims[1];
  const coutG = dims[0] / layer.group;
  const kk = kernel[0] * kernel[1];
  const padsOf = padding(layer.node, spatial, kernel, strides, dilations);
  if (typeof padsOf !== 'function') return padsOf;
  return {
    groups: layer.group, k: cinG * kk, m: coutG,
    readRow(x, out, p, g, row, offset) {
      const [oh, ow] = spatial === 1 ? [1, out[2]] : [out[2], out[3]];
      const [ih, iw] = spatial === 1 ? [1, x.dims[2]] : [x.dims[2], x.dims[3]];
      const cin = x.dims[1];
      const n = Math.floor(p / (oh * ow));
      const s = p % (oh * ow);
      const y0 = Math.floor(s / ow) * strides[0] - padsOf([ih, iw])[0];
      const x0 = (s % ow) * strides[1] - padsOf([ih, iw])[1];
      let o = offset;
      for (let c = 0; c < cinG; c++) {
        const plane = (n * cin + g * cinG + c) * ih * iw;
        for (let ky = 0; ky < kernel[0]; ky++) {
          const yy = y0 + ky * dilations[0];
          for (let kx = 0; kx < kernel[1]; kx++) {
            const xx = x0 + kx * dilations[1];
            row[o++] = yy >= 0 && yy < ih && xx >= 0 && xx < iw ? x.data[plane + yy * iw + xx] : 0;
          }
        }
      }
    },
  };
}

/** Leading (top, left) padding for an input size, from `pads` or `auto_pad`. */
function padding(node: NodeProto, spatial: number, kernel: number[], strides: number[], dilations: number[]): ((input: number[]) => number[]) | Text {
  const auto = getAttribute(node, 'auto_pad');
  const mode = auto ? new TextDecoder().decode(auto.s) : 'NOTSET';
  if (mode === 'NOTSET') {
    const pads = attrInts(node, 'pads');
    const lead = pads ? (spatial === 1 ? [0, pads[0]] : [pads[0], pads[1]]) : [0, 0];
    return () => lead;
  }
  if (mode === 'VALID') return () => [0, 0];
  if (mode !== 'SAME_UPPER' && mode !== 'SAME_LOWER') return text(`auto_pad ${mode} is not handled`, `不处理 auto_pad ${mode}`);
  return (input) => input.map((size, i) => {
    const total = Math.max(0, (Math.ceil(size / strides[i]) - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - size);
    return mode === 'SAME_UPPER' ? Math.floor(total / 2) : Math.ceil(total / 2);
  });
}

// Conv (2-D, one group, no dilation) and MaxPool (2-D, no padding), one image at a time over the batch.
import { attrInt, attrInts, getAttribute, type NodeProto } from '../../../onnx';
import {
  col2im, col2im3x3, convMatmul, convMatmulBackward, im2col, im2col3x3, isFast3x3, maxPool, type ConvShape, type PoolShape,
} from '../../kernels/conv';
import type { Vec } from '../../kernels/vec';
import { floatTensor } from '../tensor';
import { floatInput, unsupported, type Op } from './types';

function convShape(node: NodeProto, x: number[], w: number[]): ConvShape {
  if (x.length !== 4 || w.length !== 4) unsupported(node, 'only 2-D convolutions (NCHW) are supported');
  if (attrInt(node, 'group', 1) !== 1) unsupported(node, 'grouped convolutions are not supported');
  if ((attrInts(node, 'dilations') ?? [1, 1]).some((d) => d !== 1)) unsupported(node, 'dilated convolutions are not supported');
  const autoPad = getAttribute(node, 'auto_pad');
  if (autoPad && new TextDecoder().decode(autoPad.s) !== 'NOTSET') unsupported(node, 'auto_pad is not supported');
  if (w[1] !== x[1]) unsupported(node, `the weight expects ${w[1]} input channels, the input has ${x[1]}`);
  const [kh, kw] = [w[2], w[3]];
  const [strideH, strideW] = attrInts(node, 'strides') ?? [1, 1];
  const [padT, padL, padB, padR] = attrInts(node, 'pads') ?? [0, 0, 0, 0];
  const outH = Math.floor((x[2] + padT + padB - kh) / strideH) + 1;
  const outW = Math.floor((x[3] + padL + padR - kw) / strideW) + 1;
  return { cIn: x[1], h: x[2], w: x[3], kh, kw, strideH, strideW, padT, padL, outH, outW };
}

interface ConvSaved { cols: Vec; s: ConvShape }

const conv: Op = {
  differentiable: [0, 1, 2],
  forward(node, inputs, env) {
    const x = floatInput(node, inputs, 0), w = floatInput(node, inputs, 1), b = inputs[2];
    const s = convShape(node, x.dims, w.dims);
    const batch = x.dims[0], cOut = w.dims[0], k = s.cIn * s.kh * s.kw, p = s.outH * s.outW;
    const fast = isFast3x3(s);
    const cols = new env.F(batch * k * p);
    const y = new env.F(batch * cOut * p);
    for (let n = 0; n < batch; n++) {
      if (fast) im2col3x3(x.data, n * s.cIn * s.h * s.w, s.cIn, s.h, cols, n * k * p);
      else im2col(x.data, n * s.cIn * s.h * s.w, s, cols.subarray(n * k * p, (n + 1) * k * p));
      convMatmul(w.data, b ? b.data : null, cols, n * k * p, cOut, k, p, y, n * cOut * p, false);
    }
    return { outputs: [floatTensor([batch, cOut, s.outH, s.outW], y)], saved: { cols, s } satisfies ConvSaved };
  },
  backward({ inputs, grads, need, saved, env }) {
    const { cols, s } = saved as ConvSaved;
    const x = inputs[0]!, w = inputs[1]!, g = grads[0]!;
    const batch = x.dims[0], cOut = w.dims[0], k = s.cIn * s.kh * s.kw, p = s.outH * s.outW;
    const dW = new env.F(w.data.length);
    const dB = inputs[2] && need[2] ? new env.F(cOut) : null;
    const dX = need[0] ? new env.F(x.data.length) : undefined;
    const dCol = dX ? new env.F(k * p) : null;
    const fast = isFast3x3(s);
    for (let n = 0; n < batch; n++) {
      convMatmulBackward(w.data, cols, n * k * p, g, n * cOut * p, cOut, k, p, dW, dB, dCol);
      if (dX && dCol) {
        if (fast) col2im3x3(dCol, s.cIn, s.h, dX, n * s.cIn * s.h * s.w);
        else col2im(dCol, s, dX, n * s.cIn * s.h * s.w);
      }
    }
    return [dX, need[1] ? dW : undefined, dB ?? undefined];
  },
};

function poolShape(node: NodeProto, x: number[]): PoolShape {
  if (x.length !== 4) unsupported(node, 'only 2-D pooling (NCHW) is supported');
  const kernel = attrInts(node, 'kernel_shape');
  if (!kernel || kernel.length !== 2) unsupported(node, 'kernel_shape must have two values');
  if ((attrInts(node, 'pads') ?? [0, 0, 0, 0]).some((v) => v !== 0)) unsupported(node, 'padded pooling is not supported');
  if (attrInt(node, 'ceil_mode', 0) !== 0) unsupported(node, 'ceil_mode is not supported');
  if ((attrInts(node, 'dilations') ?? [1, 1]).some((d) => d !== 1)) unsupported(node, 'dilated pooling is not supported');
  if (node.output.length > 1 && node.output[1]) unsupported(node, 'the Indices output is not supported');
  const [kh, kw] = kernel;
  const [strideH, strideW] = attrInts(node, 'strides') ?? [1, 1];
  return { channels: x[1], h: x[2], w: x[3], kh, kw, strideH, strideW, outH: Math.floor((x[2] - kh) / strideH) + 1, outW: Math.floor((x[3] - kw) / strideW) + 1 };
}

const maxPoolOp: Op = {
  differentiable: [0],
  forward(node, inputs, env) {
    const x = floatInput(node, inputs, 0);
    const s = poolShape(node, x.dims);
    const batch = x.dims[0], inPlane = s.channels * s.h * s.w, outPlane = s.channels * s.outH * s.outW;
    const y = new env.F(batch * outPlane);
    const argmax = new Int32Array(y.length);
    for (let n = 0; n < batch; n++) maxPool(x.data, n * inPlane, s, y, n * outPlane, argmax);
    return { outputs: [floatTensor([batch, s.channels, s.outH, s.outW], y)], saved: argmax };
  },
  backward({ inputs, grads, saved, env }) {
    const argmax = saved as Int32Array, g = grads[0]!;
    const dx = new env.F(inputs[0]!.data.length);
    for (let i = 0; i < g.length; i++) dx[argmax[i]] += g[i];
    return [dx];
  },
};

export const CONV_OPS: Record<string, Op> = { Conv: conv, MaxPool: maxPoolOp };

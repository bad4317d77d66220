// The operators the graph engine can run forward and (where it makes sense) backward: what the committed
// digits CNN, language-ID MLP and sentiment Transformer use, plus what pruning and low-rank add to them.
import { CONV_OPS } from './conv';
import { ELEMENTWISE_OPS } from './elementwise';
import { LINEAR_OPS } from './linear';
import { NORM_OPS } from './norm';
import { SELECT_OPS } from './select';
import { SHAPE_OPS } from './shape';
import type { Op } from './types';

export const OPS: Record<string, Op> = { ...ELEMENTWISE_OPS, ...LINEAR_OPS, ...CONV_OPS, ...NORM_OPS, ...SHAPE_OPS, ...SELECT_OPS };

export const isDifferentiableInput = (op: Op, i: number): boolean => op.differentiable === 'all' || op.differentiable.includes(i);

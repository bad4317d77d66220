// Models shaped like the ones engineers bring from other projects, built here with the codec's create helpers:
// a streaming audio model whose weights live only inside the two branches of a top-level If (plus one branch
// reading a main-graph weight by name), a recurrent Loop whose body holds a MatMul, a conv net with dynamic H/W,
// and an MLP with NaN and Inf weights. Weights come from the seeded PRNG; the low-rank-friendly ones are rank 4 plus
// a little noise, so low-rank factorization has something to find.
import { AttributeType, DataType, create, makeNode, makeTensor, type GraphProto, type ModelProto, type TensorProto } from '../../../../src/engine/onnx';
import { convModel, mlpModel, randomFloats, valueInfo } from './quant-models';

const F = DataType.FLOAT;

/** A [rows, cols] matrix of rank 4 (times `scale`) plus 1% noise. */
function lowRankish(rows: number, cols: number, seed: number, scale: number): Float32Array {
  const a = randomFloats(rows * 4, seed, 1);
  const b = randomFloats(4 * cols, seed + 1, 1);
  const noise = randomFloats(rows * cols, seed + 2, 0.01);
  const w = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let r = 0; r < 4; r++) s += a[i * 4 + r] * b[r * cols + j];
    w[i * cols + j] = (s / 4 + noise[i * cols + j]) * scale;
  }
  return w;
}

const mat = (name: string, rows: number, cols: number, seed: number, scale: number) => makeTensor(name, F, [rows, cols], lowRankish(rows, cols, seed, scale));
const vec = (name: string, n: number, seed: number) => makeTensor(name, F, [n], randomFloats(n, seed, 0.1));
const graphAttr = (name: string, g: GraphProto) => create.attribute({ name, type: AttributeType.GRAPH, g });

function model(graph: GraphProto, opset = 17): ModelProto {
  return create.model({ irVersion: 8, producerName: 'third-party-style', graph, opsetImport: [create.opset({ domain: '', version: opset })] });
}

export const AUDIO = { frame: 64, state: 64, hidden: 32, classes: 8 };

/**
 * One step of a streaming model: `prob, state_out = If(sr == 16000, branch16k, branch8k)(x, state)`. Each branch:
 * h = Tanh(x·Wx + state·U + b); prob = Sigmoid(Gemm(Relu(h·Wm), Wo, bo, transB)); state_out = h. The 16 kHz
 * branch keeps every weight as its own initializer; the 8 kHz branch reads its U ("U_shared") from the main graph.
 */
export function ifBranchModel(): ModelProto {
  const { frame, state, hidden, classes } = AUDIO;
  const branch = (tag: string, seed: number, ownU: boolean): GraphProto => {
    const u = ownU ? `U_${tag}` : 'U_shared';
    const inits: TensorProto[] = [mat(`Wx_${tag}`, frame, state, seed, 0.3), vec(`b_${tag}`, state, seed + 3), mat(`Wm_${tag}`, state, hidden, seed + 11, 0.4),
      mat(`Wo_${tag}`, classes, hidden, seed + 4, 0.5), vec(`bo_${tag}`, classes, seed + 7)];
    if (ownU) inits.push(mat(u, state, state, seed + 8, 0.2));
    return create.graph({
      name: `branch_${tag}`,
      node: [
        makeNode({ opType: 'MatMul', inputs: ['x', `Wx_${tag}`], outputs: [`xw_${tag}`], name: `xw_${tag}` }),
        makeNode({ opType: 'MatMul', inputs: ['state', u], outputs: [`su_${tag}`], name: `su_${tag}` }),
        makeNode({ opType: 'Add', inputs: [`xw_${tag}`, `su_${tag}`], outputs: [`pre0_${tag}`], name: `add0_${tag}` }),
        makeNode({ opType: 'Add', inputs: [`pre0_${tag}`, `b_${tag}`], outputs: [`pre_${tag}`], name: `add_${tag}` }),
        makeNode({ opType: 'Tanh', inputs: [`pre_${tag}`], outputs: [`h_${tag}`], name: `tanh_${tag}` }),
        makeNode({ opType: 'MatMul', inputs: [`h_${tag}`, `Wm_${tag}`], outputs: [`m_${tag}`], name: `mid_${tag}` }),
        makeNode({ opType: 'Relu', inputs: [`m_${tag}`], outputs: [`r_${tag}`], name: `relu_${tag}` }),
        makeNode({ opType: 'Gemm', inputs: [`r_${tag}`, `Wo_${tag}`, `bo_${tag}`], outputs: [`logits_${tag}`], name: `out_${tag}`, attributes: { transB: 1 } }),
        makeNode({ opType: 'Sigmoid', inputs: [`logits_${tag}`], outputs: [`prob_${tag}`], name: `sigmoid_${tag}` }),
      ],
      initializer: inits,
      output: [valueInfo(`prob_${tag}`, F, [1, classes]), valueInfo(`h_${tag}`, F, [1, state])],
    });
  };
  const graph = create.graph({
    name: 'streaming_vad_like',
    node: [
      makeNode({ opType: 'Equal', inputs: ['sr', 'sr16k'], outputs: ['is16k'], name: 'sr_check' }),
      create.node({ opType: 'If', name: 'sr_if', input: ['is16k'], output: ['prob', 'state_out'], attribute: [
        graphAttr('then_branch', branch('16k', 100, true)), graphAttr('else_branch', branch('8k', 200, false)),
      ] }),
    ],
    initializer: [makeTensor('sr16k', DataType.INT64, [], BigInt64Array.from([16000n])), mat('U_shared', state, state, 300, 0.2)],
    input: [valueInfo('x', F, [1, frame]), valueInfo('state', F, [1, state]), valueInfo('sr', DataType.INT64, [])],
    output: [valueInfo('prob', F, [1, classes]), valueInfo('state_out', F, [1, state])],
  });
  return model(graph);
}

export const LOOP = { width: 48, steps: 5 };

/**
 * A recurrent Loop: h0 = x·W_in (main graph), then `steps` times h = Tanh(h·W_rec + b + x) inside the body, whose
 * MatMul weight and bias are the body's own initializers and which reads x from the main graph by name.
 */
export function loopModel(): ModelProto {
  const { width, steps } = LOOP;
  const body = create.graph({
    name: 'loop_body',
    node: [
      makeNode({ opType: 'Identity', inputs: ['cond_in'], outputs: ['cond_out'], name: 'keep_going' }),
      makeNode({ opType: 'MatMul', inputs: ['h_in', 'W_rec'], outputs: ['hw'], name: 'rec_matmul' }),
      makeNode({ opType: 'Add', inputs: ['hw', 'b_rec'], outputs: ['hb'], name: 'rec_bias' }),
      makeNode({ opType: 'Add', inputs: ['hb', 'x'], outputs: ['hx'], name: 'rec_input' }),
      makeNode({ opType: 'Tanh', inputs: ['hx'], outputs: ['h_out'], name: 'rec_tanh' }),
    ],
    initializer: [mat('W_rec', width, width, 400, 0.4), vec('b_rec', width, 403)],
    input: [valueInfo('i', DataType.INT64, []), valueInfo('cond_in', DataType.BOOL, []), valueInfo('h_in', F, [1, width])],
    output: [valueInfo('cond_out', DataType.BOOL, []), valueInfo('h_out', F, [1, width])],
  });
  const graph = create.graph({
    name: 'recurrent',
    node: [
      makeNode({ opType: 'MatMul', inputs: ['x', 'W_in'], outputs: ['h0'], name: 'in_matmul' }),
      create.node({ opType: 'Loop', name: 'recur', input: ['trip', 'go', 'h0'], output: ['h_final'], attribute: [graphAttr('body', body)] }),
    ],
    initializer: [mat('W_in', width, width, 410, 0.3), makeTensor('trip', DataType.INT64, [], BigInt64Array.from([BigInt(steps)])), makeTensor('go', DataType.BOOL, [], [1])],
    input: [valueInfo('x', F, [1, width])],
    output: [valueInfo('h_final', F, [1, width])],
  });
  return model(graph);
}

/** The quantization tests' conv net with dynamic height and width, as vision exporters write it. */
export function dynamicImageModel(): ModelProto {
  const m = convModel();
  const dims = m.graph!.input[0].type!.tensorType!.shape!.dim;
  dims[2] = { dimParam: 'H' };
  dims[3] = { dimParam: 'W' };
  return m;
}

/** The MLP with 3 NaN values in W1 and a +Inf in W2. */
export function nanModel(): ModelProto {
  const m = mlpModel();
  const replace = (name: string, edit: (v: Float32Array) => void) => {
    const g = m.graph!;
    const i = g.initializer.findIndex((t) => t.name === name);
    const t = g.initializer[i];
    const v = new Float32Array(new Uint8Array(t.rawData).buffer);
    edit(v);
    g.initializer[i] = makeTensor(name, F, t.dims.map(Number), v);
  };
  replace('W1', (v) => { v[0] = NaN; v[5] = NaN; v[77] = NaN; });
  replace('W2', (v) => { v[3] = Infinity; });
  return m;
}

// "Download int4, run int8": the int4 technique's file is the download (and storage) format; its `runAs` option
// picks the compute format. MatMulNBits is slow on WASM (18x fp32 for a one-token GEMV on this project's machines),
// so before the session is created the worker rewrites each MatMulNBits into a plain MatMul over the dequantized
// float32 weight, and for int8 then quantizes those MatMuls with the int8-dynamic technique.
// 4-bit embedding rows (GatherBlockQuantized) are always expanded to a float32 Gather here, whatever the format:
// onnxruntime-web's WebGPU bundle, which this app runs, has no WASM kernel for GatherBlockQuantized (its plain
// bundle and native ORT do). A lookup reads a few rows per run, so this costs memory (the float32 table), not time.
import { DataType, attrInt, decodeModel, uniqueNamer, encodeModel, initializerMap, makeNode, makeTensor, readFloat32, readIntegers, replaceNode, setInitializer, tensorShape, type ModelProto, type NodeProto, type TensorProto } from './onnx';
import type { Recipe } from './pipeline';
import { removeUnusedConstants } from './transforms/quant/graph-utils';
import { int8DynamicTransform } from './transforms/int8-dynamic/transform';

export type ComputeFormat = 'int4' | 'int8' | 'fp32';

/** The compute format a recipe asks for: its (last) int4 step's runAs; undefined without an int4 step. */
export function computeFormatOf(recipe: Recipe): ComputeFormat | undefined {
  const step = [...recipe].reverse().find((s) => s.transform === 'int4');
  if (!step) return undefined;
  const runAs = step.options?.runAs;
  return runAs === 'int8' || runAs === 'fp32' ? runAs : 'int4';
}

export interface ExpandReport {
  /** MatMulNBits nodes rewritten, embedding lookups expanded, and nodes left as they were (with why). */
  expanded: number;
  embeddings: number;
  kept: { node: string; reason: string }[];
}

/** Column n's weights along K, dequantized, as a float32 [K, N] MatMul weight. */
function dequantize(node: NodeProto, init: ReadonlyMap<string, TensorProto>): Float32Array | string {
  const k = attrInt(node, 'K', 0), n = attrInt(node, 'N', 0), block = attrInt(node, 'block_size', 0);
  if (attrInt(node, 'bits', 4) !== 4) return 'only 4-bit MatMulNBits is expanded';
  const [b, s, zp, gIdx] = [1, 2, 3, 4].map((i) => (node.input[i] ? init.get(node.input[i]) : undefined));
  if (!b || !s || (node.input[3] && !zp)) return 'its weights are not constant initializers';
  if (gIdx) return 'g_idx (act-order) is not supported';
  if (b.dataType !== DataType.UINT8 || s.dataType !== DataType.FLOAT) return 'unexpected weight or scale types';
  const kBlocks = Math.ceil(k / block), blob = block / 2;
  const packed = b.rawData.length ? b.rawData : Uint8Array.from(readIntegers(b));
  if (packed.length !== n * kBlocks * blob) return 'B does not match K, N and block_size';
  const scales = readFloat32(s);
  const zpBytes = zp && zp.dataType === DataType.UINT8 ? Uint8Array.from(readIntegers(zp)) : undefined;
  const zpFloat = zp && zp.dataType !== DataType.UINT8 ? readFloat32(zp) : undefined;
  const zpBlob = Math.ceil(kBlocks / 2);
  const w = new Float32Array(k * n);
  for (let col = 0; col < n; col++) {
    for (let blk = 0; blk < kBlocks; blk++) {
      const scale = scales[col * kBlocks + blk];
      const z = zpBytes ? (zpBytes[col * zpBlob + (blk >> 1)] >> ((blk & 1) * 4)) & 0xf : zpFloat ? zpFloat[col * kBlocks + blk] : 8;
      const base = (col * kBlocks + blk) * blob;
      const end = Math.min(block, k - blk * block);
      for (let j = 0; j < end; j++) {
        const q = (packed[base + (j >> 1)] >> ((j & 1) * 4)) & 0xf;
        w[(blk * block + j) * n + col] = (q - z) * scale;
      }
    }
  }
  return w;
}

/** GatherBlockQuantized (uint8 data, 4 bits, rows quantized along the last axis) -> Gather over the float32 table. */
function expandGather(node: NodeProto, init: ReadonlyMap<string, TensorProto>): TensorProto | string {
  if (attrInt(node, 'bits', 4) !== 4 || attrInt(node, 'gather_axis', 0) !== 0) return 'only 4-bit row lookups are expanded';
  const [data, , s, zp] = [0, 1, 2, 3].map((i) => (node.input[i] ? init.get(node.input[i]) : undefined));
  if (!data || !s || (node.input[3] && !zp)) return 'its table is not a constant initializer';
  if (data.dataType !== DataType.UINT8 || s.dataType !== DataType.FLOAT || tensorShape(data).length !== 2) return 'unexpected table or scale types';
  const [rows, half] = tensorShape(data);
  const d = 2 * half, block = attrInt(node, 'block_size', 128), kBlocks = Math.ceil(d / block);
  const packed = data.rawData.length ? data.rawData : Uint8Array.from(readIntegers(data));
  const scales = readFloat32(s);
  const zpBytes = zp ? Uint8Array.from(readIntegers(zp)) : undefined;
  const zpBlob = Math.ceil(kBlocks / 2);
  const table = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < d; i++) {
      const blk = Math.floor(i / block);
      const z = zpBytes ? (zpBytes[r * zpBlob + (blk >> 1)] >> ((blk & 1) * 4)) & 0xf : 8;
      const q = (packed[r * half + (i >> 1)] >> ((i & 1) * 4)) & 0xf;
      table[r * d + i] = (q - z) * scales[r * kBlocks + blk];
    }
  }
  return makeTensor(`${node.input[0]}_float`, DataType.FLOAT, [rows, d], table);
}

/** Expands the 4-bit lookups, and (int8 / fp32) rewrites MatMulNBits into float32 MatMul, then (int8) int8-dynamic MatMulInteger. */
export async function expandInt4(model: ModelProto, to: ComputeFormat): Promise<ExpandReport> {
  const graph = model.graph!;
  const init = initializerMap(graph);
  const name = uniqueNamer(graph);
  const report: ExpandReport = { expanded: 0, embeddings: 0, kept: [] };
  const replaced: string[] = [];
  const made = new Set<string>();
  for (const node of graph.node.filter((x) => x.opType === 'GatherBlockQuantized' && x.domain === 'com.microsoft')) {
    const label = node.name || node.output[0];
    const table = expandGather(node, init);
    if (typeof table === 'string') {
      report.kept.push({ node: label, reason: table });
      continue;
    }
    table.name = name(table.name);
    setInitializer(graph, table);
    replaceNode(graph, node, [makeNode({ opType: 'Gather', inputs: [table.name, node.input[1]], outputs: [node.output[0]], name: name(`${label}_expanded`), attributes: { axis: 0 } })]);
    replaced.push(node.input[0], ...node.input.slice(2).filter(Boolean));
    report.embeddings++;
  }
  for (const node of graph.node.filter((x) => x.opType === 'MatMulNBits' && x.domain === 'com.microsoft' && to !== 'int4')) {
    const label = node.name || node.output[0];
    const w = dequantize(node, init);
    if (typeof w === 'string') {
      report.kept.push({ node: label, reason: w });
      continue;
    }
    const weight = makeTensor(name(`${label}_weight`), DataType.FLOAT, [attrInt(node, 'K', 0), attrInt(node, 'N', 0)], w);
    setInitializer(graph, weight);
    const bias = node.input[5];
    const mmName = name(`${label}_MatMul`);
    const mmOut = bias ? name(`${label}_MatMul_out`) : node.output[0];
    const nodes = [makeNode({ opType: 'MatMul', inputs: [node.input[0], weight.name], outputs: [mmOut], name: mmName })];
    if (bias) nodes.push(makeNode({ opType: 'Add', inputs: [mmOut, bias], outputs: [node.output[0]], name: name(`${label}_bias_Add`) }));
    replaceNode(graph, node, nodes);
    replaced.push(...node.input.slice(1, 5).filter(Boolean));
    made.add(mmName);
    report.expanded++;
  }
  removeUnusedConstants(graph, replaced);
  if (to === 'int8' && made.size) {
    // Only the expanded layers: MatMuls the int4 step had left in float32 stay as they were.
    const exclude = new Set(graph.node.filter((x) => (x.opType === 'MatMul' || x.opType === 'Gemm') && !made.has(x.name)).map((x) => x.name || x.output[0]));
    await int8DynamicTransform.apply(model, { granularity: 'per-channel', conv: false }, { exclude });
  }
  return report;
}

export interface PreparedModel {
  /** What the session loads: the download bytes themselves, or their expansion. */
  bytes: Uint8Array;
  format: ComputeFormat | undefined;
  report?: ExpandReport;
  ms: number;
}

/** The bytes to create a session from, for a variant made by `recipe` (expansion happens here, in the worker). */
export async function prepareForLoad(bytes: Uint8Array, recipe: Recipe): Promise<PreparedModel> {
  const format = computeFormatOf(recipe);
  if (!format) return { bytes, format, ms: 0 };
  const t0 = performance.now();
  const model = decodeModel(bytes);
  const report = await expandInt4(model, format);
  if (!report.expanded && !report.embeddings) return { bytes, format, report, ms: performance.now() - t0 };
  return { bytes: encodeModel(model), format, report, ms: performance.now() - t0 };
}

// Follows a layer's output channels forward through channel-wise ops to the layers that consume them, collecting
// every constant that must shrink. Anything that would make removal unsafe (a residual Add with another branch,
// Concat, a graph output, a shape read at run time, an unknown op) refuses the whole layer with the reason.
import { attrInt, tensorShape, type NodeProto } from '../../onnx';
import type { ConstantStore } from '../prune-common/constants';
import { BROADCAST, CHANNEL_PARAMS, POOLS, UNARY, blockReason } from './ops';
import { channelFirst, refuse, sameTag, TraceError, type Edit, type Plan, type Tag, type Trace } from './plan';
import { startAt } from './producer';
import { followConv, followMatMul, followReshape } from './trace-layers';
import { text } from '../../i18n-text';

export interface GraphIndex {
  consumers: Map<string, NodeProto[]>;
  outputs: Set<string>;
  /** Tensors read inside subgraphs (If/Loop bodies): their readers are invisible here. */
  subgraphReads: (name: string) => boolean;
}

export function tracePlan(producer: NodeProto, weightInput: number, store: ConstantStore, index: GraphIndex): Trace {
  try {
    const start = startAt(producer, weightInput, store);
    const tracer = new Tracer(store, index, start.channels);
    tracer.edits.push(...start.edits);
    if (start.gemmBias !== undefined) tracer.constantEdit(producer, start.gemmBias, start.tag);
    tracer.run(producer.output[0], start.tag);
    const blk = tracer.resolveBlock();
    const { weightInput: wi, outAxis, channels } = start;
    const plan: Plan = { producer, weightInput: wi, outAxis, channels, blk, edits: tracer.edits, region: tracer.region, consumers: tracer.terminals };
    return { ok: true, plan };
  } catch (e) {
    if (e instanceof TraceError) return { ok: false, reason: e.reason };
    throw e;
  }
}

export class Tracer {
  readonly region = new Map<string, Tag>();
  readonly edits: Edit[] = [];
  readonly terminals: NodeProto[] = [];
  private readonly claims: number[] = [];
  private readonly seen = new Set<NodeProto>();
  private readonly joins: NodeProto[] = [];
  private readonly queue: [string, Tag][] = [];

  constructor(readonly store: ConstantStore, private readonly index: GraphIndex, readonly channels: number) {}

  run(start: string, tag: Tag): void {
    this.queue.push([start, tag]);
    while (this.queue.length) {
      const [name, t] = this.queue.shift()!;
      const known = this.region.get(name);
      if (known) {
        if (!sameTag(known, t)) refuse(text(`"${name}" is reached with two different layouts`, `以两种不同的布局到达 "${name}"`));
        continue;
      }
      this.region.set(name, t);
      if (this.index.outputs.has(name)) refuse(text(`"${name}" is a graph output`, `"${name}" 是图的输出`));
      if (this.index.subgraphReads(name)) refuse(text(`"${name}" is read inside a subgraph`, `"${name}" 在子图中被读取`));
      for (const node of this.index.consumers.get(name) ?? []) {
        if (this.seen.has(node)) continue;
        this.seen.add(node);
        this.visit(node, name, t);
      }
    }
    for (const node of this.joins) this.checkJoin(node);
  }

  private visit(node: NodeProto, name: string, tag: Tag): void {
    const op = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : node.opType;
    const where = `${op} "${node.name || node.output[0]}"`;
    if (BROADCAST.has(op)) {
      this.joins.push(node);
      return this.pass(node, this.broadcastTag(node, tag));
    }
    const dataOnly = () => {
      if (node.input[0] !== name || node.input.indexOf(name, 1) > 0) refuse(text(`"${name}" is a parameter input of ${where}`, `"${name}" 是 ${where} 的参数输入`));
    };
    if (UNARY.has(op)) {
      dataOnly();
      return this.pass(node, tag);
    }
    if (POOLS.has(op) || op in CHANNEL_PARAMS) {
      dataOnly();
      if (!channelFirst(tag) || tag.flat) refuse(text(`${where} needs channels on axis 1`, `${where} 要求通道在第 1 轴`));
      for (const i of CHANNEL_PARAMS[op] ?? []) this.paramEdit(node, i, where);
      return this.pass(node, tag);
    }
    if (op === 'Conv' || op === 'ConvTranspose') return followConv(this, node, name, tag, where);
    if (op === 'Gemm' || op === 'MatMul') return followMatMul(this, node, name, tag, where);
    if (op === 'Flatten') {
      dataOnly();
      const axis = attrInt(node, 'axis', 1);
      if (!channelFirst(tag) || (axis !== 1 && axis !== 1 - tag.rank!)) refuse(text(`${where} does not keep channels in one block per channel`, `${where} 没有让每个通道保持为一块`));
      return this.pass(node, { axis: -1, rank: 2, flat: tag.flat || tag.rank! > 2 });
    }
    if (op === 'Reshape') return followReshape(this, node, name, tag, where);
    refuse(((r) => text(`feeds ${where}: ${r.en}`, `输入到 ${where}：${r.zh}`))(blockReason(op)));
  }

  /** Continues into output 0; other outputs (Dropout mask, MaxPool indices, BN training stats) must be unused. */
  pass(node: NodeProto, tag: Tag): void {
    for (const extra of node.output.slice(1)) {
      if (extra && ((this.index.consumers.get(extra)?.length ?? 0) > 0 || this.index.outputs.has(extra))) {
        refuse(text(`${node.opType} "${node.name}" has a second output in use`, `${node.opType} "${node.name}" 的第二个输出被使用`));
      }
    }
    this.queue.push([node.output[0], tag]);
  }

  private broadcastTag(node: NodeProto, tag: Tag): Tag {
    if (tag.rank === undefined) return tag;
    let rank = tag.rank;
    for (const input of node.input) {
      const c = input && this.store.get(input);
      if (c) rank = Math.max(rank, c.dims.length);
    }
    return { ...tag, rank };
  }

  /** A join must combine only tensors of this region and constants: another branch means a residual or gate. */
  private checkJoin(node: NodeProto): void {
    const tag = node.input.map((i) => this.region.get(i)).find((t) => t)!;
    for (const [i, input] of node.input.entries()) {
      if (!input) continue;
      const t = this.region.get(input);
      if (t) {
        if (t.axis !== tag.axis || t.flat !== tag.flat) refuse(text(`${node.opType} "${node.name}" combines two layouts`, `${node.opType} "${node.name}" 合并了两种布局`));
      } else if (this.store.get(input)) {
        this.constantEdit(node, i, tag);
      } else {
        refuse(text(`joins another branch at ${node.opType} "${node.name}" (residual/gating connection)`, `在 ${node.opType} "${node.name}" 处与另一分支汇合（残差/门控连接）`));
      }
    }
  }

  /** A broadcast constant: size 1 (or absent) on the channel axis stays; size C is sliced; anything else refuses. */
  constantEdit(node: NodeProto, input: number, tag: Tag): void {
    const dims = tensorShape(this.store.get(node.input[input])!);
    const axis = dims.length + tag.axis;
    if (axis < 0 || dims[axis] === 1) return;
    this.expectSize(dims[axis], tag.flat, `constant "${node.input[input]}" of ${node.opType} "${node.name}"`);
    this.edits.push({ kind: 'slice', node, input, axis, flat: tag.flat });
  }

  paramEdit(node: NodeProto, input: number, where: string): void {
    const t = node.input[input] ? this.store.get(node.input[input]) : undefined;
    if (!t) refuse(text(`${where} has a parameter computed at run time`, `${where} 有在运行时计算的参数`));
    const dims = tensorShape(t);
    if (dims.length !== 1) refuse(text(`${where} has a parameter of shape [${dims}]`, `${where} 有形状为 [${dims}] 的参数`));
    this.expectSize(dims[0], false, where);
    this.edits.push({ kind: 'slice', node, input, axis: 0, flat: false });
  }

  expectSize(size: number, flat: boolean, what: string): void {
    if (flat) {
      if (size % this.channels !== 0) refuse(text(`${what} has ${size} features, not a multiple of ${this.channels} channels`, `${what} 有 ${size} 个特征，不是 ${this.channels} 个通道的整数倍`));
      this.claims.push(size / this.channels);
    } else if (size !== this.channels) {
      refuse(text(`${what} has size ${size} where ${this.channels} channels are expected`, `${what} 的大小为 ${size}，而应为 ${this.channels} 个通道`));
    }
  }

  resolveBlock(): number {
    const blk = this.claims[0] ?? 1;
    if (this.claims.some((c) => c !== blk)) refuse(text(`flattened features disagree on the block size per channel (${[...new Set(this.claims)]})`, `展平后的特征对每个通道的块大小不一致（${[...new Set(this.claims)]}）`));
    return blk;
  }
}

// Per-layer bookkeeping for structured pruning. A layer can shrink twice: its own outputs (when it is pruned) and its
// inputs (when the layer before it is). Sizes are taken at the start and at the end, so each row shows both.
import { elementCount, tensorShape, type NodeProto } from '../../onnx';
import type { LayerReport, TransformOutcome } from '../types';
import { pct } from '../prune-common/format';
import { elementBytes } from '../prune-common/tensor-data';
import { nodeLabel, type WeightUse } from '../prune-common/weights';
import type { Plan } from './plan';
import { EXCLUDED_DETAIL } from '../exclude';
import { graphField } from '../quant/report';
import { joinText, same, text, type Text } from '../../i18n-text';

interface Entry {
  use: WeightUse;
  shapeBefore: number[];
  params: number;
  bytes: number;
  outputs?: Text;
  inputsFrom: string[];
}

export class LayerLedger {
  private readonly entries = new Map<NodeProto, Entry>();

  constructor(uses: WeightUse[]) {
    for (const use of uses) {
      const { params, bytes } = this.size(use);
      this.entries.set(use.node, { use, shapeBefore: tensorShape(use.tensor), params, bytes, inputsFrom: [] });
    }
  }

  outputsKept(node: NodeProto, reason: Text): void {
    this.entries.get(node)!.outputs = text(`outputs kept: ${reason.en}`, `输出保留：${reason.zh}`);
  }

  excluded(node: NodeProto): void {
    this.entries.get(node)!.outputs = EXCLUDED_DETAIL;
  }

  outputsPruned(plan: Plan, kept: number, norm: string): void {
    const removed = plan.channels - kept, norm_ = norm.toUpperCase();
    this.entries.get(plan.producer)!.outputs = text(`removed ${removed} of ${plan.channels} output channels (${norm_})`, `删除了 ${plan.channels} 个输出通道中的 ${removed} 个（${norm_}）`);
    for (const node of plan.consumers) this.entries.get(node)?.inputsFrom.push(nodeLabel(plan.producer));
  }

  outcome(skipped: LayerReport[]): TransformOutcome {
    const layers = [...this.entries.values()].map((e) => this.row(e));
    const changed = layers.filter((l) => l.action === 'changed');
    const before = layers.reduce((n, l) => n + l.paramsBefore, 0);
    const after = layers.reduce((n, l) => n + l.paramsAfter, 0);
    const share = before ? pct(1 - after / before) : '0%';
    const warnings = !layers.length
      ? [{
        en: 'No Conv, Gemm or MatMul with a constant weight was found: nothing was pruned.',
        zh: '未找到带常量权重的 Conv、Gemm 或 MatMul：没有进行剪枝。',
      }]
      : changed.length
      ? [{
        en: `${changed.length} of ${layers.length} weight layers shrank; their parameters went from ${before} to ${after} (−${share}).`,
        zh: `${layers.length} 个权重层中有 ${changed.length} 个变小；参数从 ${before} 减少到 ${after}（−${share}）。`,
      }]
      : [{
        en: 'No layer could be pruned safely at this rate: each row gives the reason.',
        zh: '在此比例下没有可以安全剪枝的层：每行列出了原因。',
      }];
    return { layers: [...layers, ...skipped], warnings };
  }

  private row(e: Entry): LayerReport {
    const { params, bytes } = this.size(e.use);
    const shape = tensorShape(e.use.store.get(e.use.node.input[e.use.input])!);
    const parts = [e.outputs ?? text('outputs kept', '输出保留')];
    const from = e.inputsFrom.join(', ');
    if (e.inputsFrom.length) parts.push(text(`inputs follow ${from}`, `输入随 ${from} 变化`));
    if (params !== e.params) parts.push(text(`weight [${e.shapeBefore}] → [${shape}]`, `权重 [${e.shapeBefore}] → [${shape}]`));
    return {
      node: nodeLabel(e.use.node), op: e.use.node.opType, ...graphField(e.use.scope), action: params < e.params ? 'changed' : 'skipped',
      detail: joinText(parts, same(' · ')), paramsBefore: e.params, paramsAfter: params, bytesBefore: e.bytes, bytesAfter: bytes,
    };
  }

  /** Weight plus bias (Conv/Gemm input 2) as currently stored. */
  private size(use: WeightUse): { params: number; bytes: number } {
    const { node, store } = use;
    let params = 0;
    let bytes = 0;
    const inputs = node.opType === 'MatMul' ? [node.input[0], node.input[1]] : [node.input[1], node.input[2]];
    for (const name of inputs) {
      const t = name ? store.get(name) : undefined;
      if (!t) continue;
      const n = elementCount(tensorShape(t));
      params += n;
      bytes += n * elementBytes(t);
    }
    return { params, bytes };
  }
}

// Structured pruning: for each Conv/Gemm/MatMul (in graph order, in every graph of the model), trace where its
// output channels go; if every path is channel-wise and ends in layers of the same graph that read them as inputs,
// drop the lowest-norm channels everywhere. Channels never cross a subgraph boundary (a tensor read inside an
// If/Loop/Scan body, or a body's output, refuses the layer with that reason).
import { readFloat32, consumerMap, namesReadBySubgraphs, tensorShape, uniqueNamer, type GraphProto, type ModelProto } from '../../onnx';
import type { Transform, TransformContext, TransformOutcome } from '../types';
import type { ConstantStore } from '../prune-common/constants';
import { complement, smallestIndices } from '../prune-common/select';
import { findModelWeights } from '../prune-common/weights';
import { isExcluded } from '../exclude';
import { applyPlan } from './apply-plan';
import { structuredMeta, type StructuredOptions } from './meta';
import type { Plan } from './plan';
import { LayerLedger } from './report';
import { tracePlan, type GraphIndex } from './trace';
import { text } from '../../i18n-text';

function apply(model: ModelProto, options: StructuredOptions, ctx: TransformContext): TransformOutcome {
  const scan = findModelWeights(model);
  const ledger = new LayerLedger(scan.weights);
  const newName = uniqueNamer(model.graph!);
  for (const [i, use] of scan.weights.entries()) {
    ctx.checkCancelled?.();
    ctx.onProgress?.(i / scan.weights.length, text(`tracing ${use.node.name || use.name}`, `追踪 ${use.node.name || use.name}`));
    if (isExcluded(use.node, ctx.exclude)) {
      ledger.excluded(use.node); // its outputs stay; its inputs may still follow a pruned layer before it
      continue;
    }
    const { store, scope: { graph } } = use;
    const trace = tracePlan(use.node, use.input, store, indexOf(graph));
    if (!trace.ok) {
      ledger.outputsKept(use.node, trace.reason);
      continue;
    }
    const { plan } = trace;
    const remove = Math.min(Math.round((options.rate / 100) * plan.channels), plan.channels - 1);
    if (remove === 0) {
      ledger.outputsKept(use.node, text(`rate ${options.rate}% removes none of ${plan.channels} channels`, `比例 ${options.rate}% 在 ${plan.channels} 个通道中一个也不删除`));
      continue;
    }
    const norms = channelNorms(plan, store, options.norm);
    const keep = complement(plan.channels, smallestIndices(norms, remove));
    applyPlan(graph, store, plan, keep, newName);
    ledger.outputsPruned(plan, keep.length, options.norm);
  }
  ctx.onProgress?.(1, text('pruned', '剪枝完成'));
  return ledger.outcome(scan.skipped);
}

function indexOf(graph: GraphProto): GraphIndex {
  const outputs = new Set(graph.output.map((o) => o.name));
  const inside = namesReadBySubgraphs(graph);
  return { consumers: consumerMap(graph), outputs, subgraphReads: (name) => inside.has(name) };
}

/** L1 or L2 norm of each output channel's weights (float64 sums). */
function channelNorms(plan: Plan, store: ConstantStore, norm: 'l1' | 'l2'): Float64Array {
  const w = store.get(plan.producer.input[plan.weightInput])!;
  const dims = tensorShape(w);
  const values = readFloat32(w);
  const out = new Float64Array(plan.channels);
  const inner = dims.slice(plan.outAxis + 1).reduce((a, b) => a * b, 1);
  const size = dims[plan.outAxis];
  for (let i = 0; i < values.length; i++) {
    const c = Math.floor(i / inner) % size;
    const v = values[i];
    out[c] += norm === 'l1' ? Math.abs(v) : v * v;
  }
  if (norm === 'l2') for (let c = 0; c < out.length; c++) out[c] = Math.sqrt(out[c]);
  return out;
}

export const pruneStructured: Transform<StructuredOptions> = { meta: structuredMeta, apply };

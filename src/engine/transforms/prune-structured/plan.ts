// The data a structured-pruning plan is made of: where the removed channels travel (tags) and which constants
// and attributes must change once the kept channels are known (edits).
import type { NodeProto } from '../../onnx';
import type { Text } from '../../i18n-text';

/** How the channel axis of a tensor in the pruned region is laid out. */
export interface Tag {
  /** Channel axis counted from the end (-1 = last), so it survives broadcasting. */
  axis: number;
  /** Rank when known (Conv outputs: yes; MatMul outputs: no). */
  rank?: number;
  /** After Flatten/Reshape: each channel is a contiguous block of `blk` features. */
  flat: boolean;
}

export type Edit =
  /** Keep only the kept channels along `axis` of the constant at node.input[input]. */
  | { kind: 'slice'; node: NodeProto; input: number; axis: number; flat: boolean }
  /** Depthwise conv: its group count follows the channel count. */
  | { kind: 'group'; node: NodeProto }
  /** Reshape to [batch, C*blk]: the explicit feature count at `pos` of the shape constant shrinks. */
  | { kind: 'reshape'; node: NodeProto; pos: number };

export interface Plan {
  producer: NodeProto;
  /** Input index and axis of the producer's weight that hold its output channels. */
  weightInput: number;
  outAxis: number;
  channels: number;
  /** Features per channel after a flatten (1 when there is none). */
  blk: number;
  edits: Edit[];
  region: Map<string, Tag>;
  /** Weight layers whose input channels shrink (for the report). */
  consumers: NodeProto[];
}

export type Trace = { ok: true; plan: Plan } | { ok: false; reason: Text };

export function sameTag(a: Tag, b: Tag): boolean {
  return a.axis === b.axis && a.flat === b.flat && (a.rank === undefined || b.rank === undefined || a.rank === b.rank);
}

/** The absolute channel axis is 1 (NCHW-style layouts that Conv, pools and normalizations need). */
export function channelFirst(tag: Tag): boolean {
  return tag.rank !== undefined && tag.rank + tag.axis === 1;
}

export class TraceError extends Error {
  constructor(readonly reason: Text) {
    super(reason.en);
  }
}

export function refuse(reason: Text): never {
  throw new TraceError(reason);
}

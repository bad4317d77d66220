// Mixed recipes (from layer sensitivity) name layers a step must leave as they are. Every technique checks its
// candidate layers here, so "excluded" means the same thing, and reads the same in the report, everywhere.
import type { NodeProto } from '../onnx';
import { text } from '../i18n-text';

/** The report detail of an excluded layer. */
export const EXCLUDED_DETAIL = text('kept as is (excluded)', '保持原样（已排除）');

/** Layers are named by node name, or by first output for unnamed nodes (as the layer reports do). */
export function isExcluded(node: NodeProto, exclude: ReadonlySet<string> | undefined): boolean {
  return !!exclude?.size && exclude.has(node.name || node.output[0]);
}

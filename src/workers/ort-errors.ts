// ORT's error strings are written for its developers; turn the common ones into what a user can act on.
import type { Backend } from '../runtime/backend';

export function explainOrtError(error: unknown, backend: Backend): Error {
  const message = error instanceof Error ? error.message : String(error);
  const where = backend === 'webgpu' ? 'WebGPU' : 'WASM';
  const op = /Could not find an implementation for (\w+)\((\d+)\)/.exec(message);
  if (op) {
    return new Error(`This model uses the operator ${op[1]} (opset ${op[2]}), which onnxruntime-web cannot run on ${where}. Re-export the model with a different opset or without that operator.`);
  }
  if (/Unrecognized attribute|Unsupported model IR version|opset .* is not supported|No Op registered/i.test(message)) {
    return new Error(`onnxruntime-web cannot run this model: ${message.trim()}`);
  }
  if (/out of memory|Aborted\(OOM\)|memory access out of bounds|Array buffer allocation failed|RangeError/i.test(message)) {
    return new Error(`Ran out of memory on ${where} (${message.trim().slice(0, 120)}). Try a smaller model, a smaller batch, or close other tabs.`);
  }
  if (/input|dims|shape|type/i.test(message) && /expected|mismatch|invalid/i.test(message)) {
    return new Error(`The input does not match what the model expects: ${message.trim()}`);
  }
  if (backend === 'webgpu' && /webgpu|device|adapter|gpu/i.test(message)) {
    return new Error(`WebGPU failed (${message.trim()}). Switch to WASM to keep working.`);
  }
  return error instanceof Error ? error : new Error(message);
}

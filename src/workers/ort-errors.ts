// ORT's error strings are written for its developers ("Can't create a session. ERROR_CODE: 1, ERROR_MESSAGE:
// /mnt/.../graph.cc:1509 void onnxruntime::Graph::...() ..."). Turn them into one sentence a user can act on: what
// failed (loading or running the model), the part of ORT's text that names the cause, and what to try.
import type { Backend } from '../runtime/backend';

/** Removes "file.cc:123 function-or-signature " (ORT_ENFORCE's prefix); a signature may nest parentheses. */
function dropSourceLocations(message: string): string {
  let m = message;
  for (let loc = /\S+\.(?:cc|h|cpp|hpp):\d+\s+/.exec(m); loc; loc = /\S+\.(?:cc|h|cpp|hpp):\d+\s+/.exec(m)) {
    let rest = m.slice(loc.index + loc[0].length);
    const paren = rest.indexOf('(');
    const space = rest.search(/\s/);
    if (paren > 0 && (space < 0 || paren < space || rest.slice(0, paren).includes('::'))) {
      let depth = 0;
      let i = paren;
      for (; i < rest.length; i++) {
        if (rest[i] === '(') depth++;
        else if (rest[i] === ')' && --depth === 0) break;
      }
      rest = rest.slice(i + 1).replace(/^\s*const\b/, '');
    } else {
      rest = space < 0 ? '' : rest.slice(space);
    }
    m = `${m.slice(0, loc.index)}${rest.trimStart()}`;
  }
  return m;
}

/** ORT's own cause, without its wrapper, error code, source locations and C++ signatures. */
export function ortDetail(message: string): string {
  const m = dropSourceLocations(message.replace(/^[\s\S]*?ERROR_MESSAGE:\s*/, ''))
    .replace(/^(?:Fatal error|Error|This is an invalid model\.)\s*:?\s*/i, '')
    .replace(/\[ONNXRuntimeError\]\s*:\s*\d+\s*:\s*\w+\s*:\s*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return m && !/[.!?]$/.test(m) ? `${m}.` : m;
}

type Phase = 'load' | 'run';

function phaseOf(message: string, fallback: Phase): Phase {
  if (/OrtRun|Non-zero status code returned while running/.test(message)) return 'run';
  if (/create a session|Load model|protobuf parsing failed/i.test(message)) return 'load';
  return fallback;
}

/** A clear Error for what ORT threw; errors that did not come from ORT are returned unchanged. */
export function explainOrtError(error: unknown, backend: Backend, fallback: Phase = 'run'): Error {
  const message = error instanceof Error ? error.message : String(error);
  const where = backend === 'webgpu' ? 'WebGPU' : 'WASM';
  const phase = phaseOf(message, fallback);
  const detail = ortDetail(message);
  const clear = (text: string) => new Error(text, { cause: error });
  let m: RegExpExecArray | null;
  if ((m = /Could not find an implementation for (\w+)\((\d+)\)/.exec(message))) {
    return clear(`This model uses the operator ${m[1]} (opset ${m[2]}), which onnxruntime-web cannot run on ${where}. Re-export the model with a different opset or without that operator.`);
  }
  if ((m = /No Op registered for (\S*) with domain_version of (\d+)/.exec(message))) {
    return clear(`This model uses an operator named "${m[1]}" (opset ${m[2]}) that onnxruntime-web does not know: it may be a custom operator, or the file may be damaged.`);
  }
  if ((m = /([\w.]*):(\w*)\(-?\d+\) is not a registered function\/op/.exec(message))) {
    return clear(`This model uses the operator "${m[2]}" from the domain "${m[1] || 'ai.onnx'}", which onnxruntime-web does not provide: it may be a custom operator, or the file may be damaged.`);
  }
  if ((m = /No opset import for domain '([^']*)'/.exec(message))) {
    return clear(`This model uses operators from the domain "${m[1]}" without declaring its operator set (opset_import): the file is damaged or was edited by hand.`);
  }
  if ((m = /Unsupported model IR version: (\d+), max supported IR version: (\d+)/.exec(message))) {
    return clear(`This model's ONNX IR version (${m[1]}) is newer than onnxruntime-web supports (up to ${m[2]}). Re-export it with an older ONNX version.`);
  }
  if ((m = /Opset (\d+) is under development/.exec(message))) {
    return clear(`This model uses operator set ${m[1]}, which is not a released ONNX opset that onnxruntime-web supports. Re-export it with a released opset (for example 17).`);
  }
  if (/protobuf parsing failed/i.test(message)) {
    return clear('onnxruntime-web could not parse this file as an ONNX model: it is damaged (for example, text fields with invalid characters). Re-export or re-download it.');
  }
  if (/Integer overflow/.test(message)) {
    return clear(`This model asks for a tensor too large for ${where} to address (over 4 GB, "integer overflow"). Use smaller inputs, or a model made for the browser.`);
  }
  if (/out of memory|bad_alloc|Aborted\(OOM\)|memory access out of bounds|Array buffer allocation failed|RangeError/i.test(message)) {
    return clear(`Ran out of memory on ${where} (${detail.slice(0, 120)}). Try a smaller model, a smaller batch, or close other tabs.`);
  }
  if (/Aborted\(|RuntimeError: unreachable/.test(message)) {
    return clear(`onnxruntime-web stopped with an internal error while ${phase === 'load' ? 'loading' : 'running'} this model on ${where}. The model may be invalid, or its inputs may not have the shapes it expects.`);
  }
  if (backend === 'webgpu' && /webgpu|device|adapter|gpu/i.test(message)) {
    return clear(`WebGPU failed (${detail}). Switch to WASM to keep working.`);
  }
  if ((m = /Non-zero status code returned while running (\w+) node\. Name:'([^']*)' Status Message:\s*([\s\S]*)/.exec(message))) {
    return clear(`Running the model failed at its ${m[1]} node "${m[2]}": ${ortDetail(m[3])} The model may be invalid, or the input does not have the shape or type the model expects.`);
  }
  if (!/ERROR_CODE|ERROR_MESSAGE|ONNXRuntimeError|OrtRun|create a session/.test(message)) {
    if (phase === 'run' && /input|dims|shape|type/i.test(message) && /expected|mismatch|invalid/i.test(message)) {
      return clear(`The input does not match what the model expects: ${message.trim()}`);
    }
    return error instanceof Error ? error : new Error(message);
  }
  return phase === 'load'
    ? clear(`onnxruntime-web could not load this model: ${detail} Check that the file is a valid ONNX model (it may be damaged or edited).`)
    : clear(`Running the model failed in onnxruntime-web: ${detail}`);
}

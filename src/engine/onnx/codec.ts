// Bytes <-> ModelProto. Sniffs the first bytes before decoding (as Netron does) so that a JPEG, a PyTorch
// zip or a TFLite file dropped on the page gets a message naming what it is, not a protobuf stack trace.
import { decodeModelProto, encodeModelProto, type ModelProto } from './proto';
import { modelProblem } from './validate';

export class OnnxFormatError extends Error {
  override name = 'OnnxFormatError';
}

const KNOWN_FORMATS: { name: string; test: (b: Uint8Array) => boolean; hint: string }[] = [
  { name: 'a ZIP archive (PyTorch .pt/.pth, Keras or .npz)', test: (b) => b[0] === 0x50 && b[1] === 0x4b, hint: 'export it to ONNX first (torch.onnx.export or tf2onnx)' },
  { name: 'a gzip file', test: (b) => b[0] === 0x1f && b[1] === 0x8b, hint: 'unzip it first' },
  { name: 'a TensorFlow Lite model', test: (b) => ascii(b, 4, 8) === 'TFL3', hint: 'convert it with tf2onnx' },
  { name: 'a safetensors file', test: (b) => b[4] === 0 && b[5] === 0 && b[6] === 0 && b[7] === 0 && b[8] === 0x7b, hint: 'export the full model to ONNX' },
  { name: 'a PNG image', test: (b) => ascii(b, 1, 4) === 'PNG', hint: 'images go in the input panel, models here' },
  { name: 'a JPEG image', test: (b) => b[0] === 0xff && b[1] === 0xd8, hint: 'images go in the input panel, models here' },
  { name: 'a text/JSON/HTML file', test: (b) => /^\s*[{[<]/.test(ascii(b, 0, 16)), hint: 'choose the binary .onnx file' },
  { name: 'an ORT format model', test: (b) => ascii(b, 4, 8) === 'ORTM', hint: 'use the .onnx file it was made from' },
];

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));
}

/** ModelProto field numbers and wire types a real ONNX file may start with. */
const MODEL_FIELDS: Record<number, number> = { 1: 0, 2: 2, 3: 2, 4: 2, 5: 0, 6: 2, 7: 2, 8: 2, 14: 2, 20: 2, 25: 2 };

/** Throws OnnxFormatError unless the bytes plausibly start a serialized ModelProto. */
export function sniffOnnx(bytes: Uint8Array): void {
  if (bytes.length < 16) throw new OnnxFormatError(`This file is ${bytes.length} bytes long: too short to be an ONNX model.`);
  for (const f of KNOWN_FORMATS) {
    if (f.test(bytes)) throw new OnnxFormatError(`This looks like ${f.name}, not an ONNX model: ${f.hint}.`);
  }
  const tag = bytes[0];
  if (MODEL_FIELDS[tag >> 3] !== (tag & 7)) {
    throw new OnnxFormatError('This file does not start like an ONNX model (protobuf ModelProto); is it really a .onnx file?');
  }
}

/** Decodes and sanity-checks a model (format, then structure: see validate.ts). The result shares memory with `bytes` (raw_data views): treat it as read-only. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  sniffOnnx(bytes);
  let model: ModelProto;
  try {
    model = decodeModelProto(bytes);
  } catch (e) {
    throw new OnnxFormatError(`The ONNX file is damaged or truncated (${(e as Error).message}). Re-export or re-download it.`);
  }
  if (!model.graph) throw new OnnxFormatError('The ONNX file has no graph: it holds no model to run.');
  if (!model.opsetImport?.length) throw new OnnxFormatError('The ONNX file declares no operator set (opset_import): it cannot be run.');
  const problem = modelProblem(model);
  if (problem) throw new OnnxFormatError(problem);
  return model;
}

/**
 * Re-encoding is byte-identical for models this encoder wrote (everything in models/). Files from other
 * exporters can differ by a few bytes: onnx-proto's generated code writes repeated scalars such as `dims`
 * packed (proto3 style) where ONNX's C++ writer uses unpacked proto2; both are valid ONNX.
 */
export function encodeModel(model: ModelProto): Uint8Array {
  return encodeModelProto(model);
}

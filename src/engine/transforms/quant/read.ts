// Reading a float32 weight into a fresh, aligned Float32Array. Decoded raw_data may be a Node Buffer view into a
// shared pool (protobufjs decodes Buffers with Buffer#slice, which does not copy), so the bytes are copied with
// `set`, which copies whatever the view type.
import { DataType, readFloat32, type TensorProto } from '../../onnx';

export function readWeights(t: TensorProto): Float32Array {
  if (t.dataType === DataType.FLOAT && t.rawData.length) {
    const bytes = new Uint8Array(t.rawData.length);
    bytes.set(t.rawData);
    return new Float32Array(bytes.buffer);
  }
  return readFloat32(t);
}

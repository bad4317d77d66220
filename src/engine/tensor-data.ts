// Tensors as plain data: what crosses worker boundaries and what engine code (no ORT import) hands a runner.
export type TensorType = 'float32' | 'float16' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

export interface PlainTensor {
  type: TensorType;
  dims: number[];
  data: Float32Array | Uint16Array | BigInt64Array | Int32Array | Int8Array | Uint8Array;
}

export type Feeds = Record<string, PlainTensor>;

/** Runs model bytes on some runtime. The engine receives one (e.g. for calibration) instead of importing ORT. */
export interface ModelRunner {
  open(model: Uint8Array): Promise<OpenModel>;
}

export interface OpenModel {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Feeds): Promise<Record<string, PlainTensor>>;
  close(): Promise<void>;
}

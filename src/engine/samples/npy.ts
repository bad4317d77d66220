// NumPy's .npy format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html): magic, version,
// a Python-dict header (descr, fortran_order, shape), then the raw array. C order only; both byte orders.
import { fail } from './errors';
import { elementCount, type NdArray, type NdData, type NdDtype } from './ndarray';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DTYPES: Record<string, { dtype: NdDtype; size: number }> = {
  f2: { dtype: 'float16', size: 2 }, f4: { dtype: 'float32', size: 4 }, f8: { dtype: 'float64', size: 8 },
  i1: { dtype: 'int8', size: 1 }, u1: { dtype: 'uint8', size: 1 }, i2: { dtype: 'int16', size: 2 }, u2: { dtype: 'uint16', size: 2 },
  i4: { dtype: 'int32', size: 4 }, u4: { dtype: 'uint32', size: 4 }, i8: { dtype: 'int64', size: 8 }, u8: { dtype: 'uint64', size: 8 },
  b1: { dtype: 'bool', size: 1 },
};

export function isNpy(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

export function parseNpy(bytes: Uint8Array, file = 'the file'): NdArray {
  if (!isNpy(bytes)) fail(`${file} is not a .npy file (it does not start with \\x93NUMPY).`, `${file} 不是 .npy 文件（开头不是 \\x93NUMPY）。`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) fail(`${file} uses .npy format version ${major}, which ModelLab does not read (1 to 3).`, `${file} 使用 .npy 格式版本 ${major}，ModelLab 只能读取 1 到 3 版。`);
  const headerStart = major === 1 ? 10 : 12;
  if (bytes.length < headerStart) truncated(file);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart) truncated(file);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    if (/'descr'\s*:\s*\[/.test(header)) fail(`${file} holds a structured (record) array; save one plain numeric array per input.`, `${file} 是结构化（记录）数组；请为每个输入保存一个普通数值数组。`);
    fail(`${file} has a .npy header ModelLab cannot read: ${header.trim().slice(0, 80)}`, `${file} 的 .npy 文件头无法读取：${header.trim().slice(0, 80)}`);
  }
  if (fortran === 'True') fail(`${file} is stored in Fortran (column-major) order; save it in C order (np.ascontiguousarray(x)).`, `${file} 以 Fortran（列优先）顺序保存；请改用 C 顺序保存（np.ascontiguousarray(x)）。`);
  const shape = shapeText!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) fail(`${file} has an invalid shape (${shapeText}).`, `${file} 的形状无效（${shapeText}）。`);
  const order = descr![0];
  const info = DTYPES[descr!.slice(1)];
  if (!info || !'<>|='.includes(order)) {
    fail(`${file} holds dtype ${descr}, which is not a number type ModelLab can feed a model (floats, integers or bool).`, `${file} 的数据类型为 ${descr}，不是可输入模型的数值类型（浮点、整数或布尔）。`);
  }
  const count = elementCount(shape);
  const byteLength = count * info.size;
  if (bytes.length < dataStart + byteLength) truncated(file);
  const raw = bytes.slice(dataStart, dataStart + byteLength); // an aligned copy the typed array can own
  if (order === '>' && info.size > 1) swapBytes(raw, info.size);
  return { dtype: info.dtype, shape, data: typed(info.dtype, raw.buffer) };
}

function truncated(file: string): never {
  return fail(`${file} is truncated: it ends before its data does.`, `${file} 不完整：数据在结尾前中断。`);
}

function swapBytes(raw: Uint8Array, size: number): void {
  for (let i = 0; i < raw.length; i += size) raw.subarray(i, i + size).reverse();
}

function typed(dtype: NdDtype, buffer: ArrayBuffer): NdData {
  switch (dtype) {
    case 'float16': return new Uint16Array(buffer);
    case 'float32': return new Float32Array(buffer);
    case 'float64': return new Float64Array(buffer);
    case 'int8': return new Int8Array(buffer);
    case 'uint8': case 'bool': return new Uint8Array(buffer);
    case 'int16': return new Int16Array(buffer);
    case 'uint16': return new Uint16Array(buffer);
    case 'int32': return new Int32Array(buffer);
    case 'uint32': return new Uint32Array(buffer);
    case 'int64': return new BigInt64Array(buffer);
    case 'uint64': return new BigUint64Array(buffer);
  }
}

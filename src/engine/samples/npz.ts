// NumPy's .npz: a zip of .npy files, one per array (np.savez / np.savez_compressed). Keys are the entry names
// without ".npy": the names given to np.savez(images=x), or arr_0, arr_1, ... for positional arrays.
import { unzipSync } from 'fflate';
import { fail, SampleError } from './errors';
import type { NdArray } from './ndarray';
import { parseNpy } from './npy';

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function parseNpz(bytes: Uint8Array, file = 'the file'): Map<string, NdArray> {
  if (!isZip(bytes)) fail(`${file} is not a .npz file (not a zip archive).`, `${file} 不是 .npz 文件（不是 zip 压缩包）。`);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    throw new SampleError({ en: `${file} could not be unzipped (${(e as Error).message}); it may be damaged.`, zh: `${file} 无法解压（${(e as Error).message}），文件可能已损坏。` });
  }
  const arrays = new Map<string, NdArray>();
  for (const [name, data] of Object.entries(entries)) {
    if (!name.endsWith('.npy')) continue;
    arrays.set(name.slice(0, -4), parseNpy(data, `${file}:${name}`));
  }
  if (!arrays.size) fail(`${file} holds no .npy arrays.`, `${file} 中没有 .npy 数组。`);
  return arrays;
}

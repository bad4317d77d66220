// Browser-only: a file the user adds as a sample -> a SampleSource. The kind is told by magic bytes (then the
// extension for JSON); images are decoded by the browser (createImageBitmap), audio by WebAudio at the chosen
// sample rate (workers have no AudioContext), arrays by the engine's pure parsers.
import { sniffAudio } from '../../engine/samples/audio';
import type { SampleSource } from '../../engine/samples/build';
import { SampleError, fail } from '../../engine/samples/errors';
import { parseJsonSamples } from '../../engine/samples/json';
import { isNpy, parseNpy } from '../../engine/samples/npy';
import { isZip, parseNpz } from '../../engine/samples/npz';
import type { Pixels } from '../../engine/samples/image';

/** Larger photos are scaled down by the browser first (high quality), then to the input size by the engine. */
const MAX_IMAGE_SIDE = 1024;
/** An audio file longer than this is refused: its chunks would be capped anyway. */
const MAX_AUDIO_BYTES = 64 * 1024 * 1024;

export interface ReadSource {
  source: SampleSource;
  /** Audio: the file, to decode again at another sample rate. */
  audio?: Uint8Array;
}

export async function readSampleFile(file: File, sampleRate: number): Promise<ReadSource[]> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const name = file.name;
  if (isImage(bytes)) return [{ source: { kind: 'image', name, pixels: await decodeImage(bytes, name) } }];
  if (isNpy(bytes)) return [{ source: { kind: 'arrays', name, arrays: new Map([['', parseNpy(bytes, name)]]) } }];
  if (isZip(bytes)) return [{ source: { kind: 'arrays', name, arrays: parseNpz(bytes, name) } }];
  if (sniffAudio(bytes)) return [{ source: await decodeAudio(bytes, name, sampleRate), audio: bytes }];
  if (/\.json$/i.test(name) || /^\s*[[{]/.test(new TextDecoder().decode(bytes.subarray(0, 64)))) {
    const samples = parseJsonSamples(bytes, name);
    return samples.map((arrays, i) => ({ source: { kind: 'arrays', name: samples.length > 1 ? `${name} #${i + 1}` : name, arrays } }));
  }
  return fail(
    `${name} is not a sample ModelLab reads: add images (PNG, JPEG, WebP, GIF, BMP), audio (WAV, MP3, FLAC, Ogg, WebM, M4A), .npy, .npz or JSON arrays.`,
    `${name} 不是 ModelLab 能读取的样本：请添加图像（PNG、JPEG、WebP、GIF、BMP）、音频（WAV、MP3、FLAC、Ogg、WebM、M4A）、.npy、.npz 或 JSON 数组。`,
  );
}

function isImage(b: Uint8Array): boolean {
  const ascii = (at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
  return (
    (b[0] === 0x89 && ascii(1, 3) === 'PNG') || (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) || ascii(0, 4) === 'GIF8' ||
    (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') || ascii(0, 2) === 'BM' || (ascii(4, 4) === 'ftyp' && /avi[fs]/.test(ascii(8, 4)))
  );
}

async function decodeImage(bytes: Uint8Array, name: string): Promise<Pixels> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    const scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(bitmap.width, bitmap.height));
    if (scale < 1) {
      const resized = await createImageBitmap(bitmap, { resizeWidth: Math.max(1, Math.round(bitmap.width * scale)), resizeHeight: Math.max(1, Math.round(bitmap.height * scale)), resizeQuality: 'high' });
      bitmap.close();
      bitmap = resized;
    }
  } catch {
    return fail(`${name} could not be decoded as an image; the file may be damaged.`, `${name} 无法解码为图像，文件可能已损坏。`);
  }
  const { width, height } = bitmap;
  const ctx = new OffscreenCanvas(width, height).getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { width, height, data: ctx.getImageData(0, 0, width, height).data };
}

/** Decodes and resamples to `rate` in one step (WebAudio decodes to its context's rate), mixed down to mono. */
export async function decodeAudio(bytes: Uint8Array, name: string, rate: number): Promise<SampleSource> {
  if (bytes.length > MAX_AUDIO_BYTES) fail(`${name} is larger than 64 MB: cut a shorter clip.`, `${name} 超过 64 MB：请剪一段更短的音频。`);
  const header = sniffAudio(bytes);
  let buffer: AudioBuffer;
  try {
    buffer = await new OfflineAudioContext(1, 1, rate).decodeAudioData(bytes.slice().buffer);
  } catch (e) {
    throw e instanceof SampleError ? e : new SampleError({ en: `${name} could not be decoded as audio by this browser (${(e as Error).message || 'unsupported format'}).`, zh: `此浏览器无法将 ${name} 解码为音频（${(e as Error).message || '格式不受支持'}）。` });
  }
  const pcm = new Float32Array(buffer.length);
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const channel = buffer.getChannelData(c);
    for (let i = 0; i < pcm.length; i++) pcm[i] += channel[i] / buffer.numberOfChannels;
  }
  return { kind: 'audio', name, pcm, rate: buffer.sampleRate, fileRate: header?.sampleRate };
}

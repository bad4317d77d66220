// Audio samples: which container a file is (magic bytes, checked before the browser decodes it) and the sample
// rate it was recorded at (so the page can say when it resampled), and cutting decoded mono PCM into the chunks
// an audio input takes (its last dimension).
import type { InputSpec } from '../inputs/spec';
import type { PlainTensor } from '../tensor-data';
import { floatToHalf } from '../onnx/float16';
import { fail } from './errors';

export interface AudioFile {
  format: 'wav' | 'flac' | 'mp3' | 'ogg' | 'webm' | 'm4a';
  /** The rate stored in the file's header; undefined where the format does not say it up front. */
  sampleRate?: number;
}

const ascii = (bytes: Uint8Array, at: number, n: number) => String.fromCharCode(...bytes.subarray(at, at + n));

export function sniffAudio(bytes: Uint8Array): AudioFile | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return { format: 'wav', sampleRate: wavRate(bytes, view) };
  if (ascii(bytes, 0, 4) === 'fLaC' && bytes.length >= 21) return { format: 'flac', sampleRate: (view.getUint32(18) >>> 12) || undefined };
  if (ascii(bytes, 0, 4) === 'OggS') return { format: 'ogg', sampleRate: oggRate(bytes, view) };
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return { format: 'webm' };
  if (ascii(bytes, 4, 4) === 'ftyp') return { format: 'm4a' };
  if (ascii(bytes, 0, 3) === 'ID3' || (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0)) return { format: 'mp3', sampleRate: mp3Rate(bytes) };
  return undefined;
}

function wavRate(bytes: Uint8Array, view: DataView): number | undefined {
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = view.getUint32(at + 4, true);
    if (ascii(bytes, at, 4) === 'fmt ' && at + 16 <= bytes.length) return view.getUint32(at + 12, true);
    at += 8 + size + (size & 1);
  }
  return undefined;
}

function oggRate(bytes: Uint8Array, view: DataView): number | undefined {
  const body = 27 + bytes[26]; // page header + segment table
  if (ascii(bytes, body + 1, 6) === 'vorbis' && body + 16 <= bytes.length) return view.getUint32(body + 12, true);
  // Opus always decodes at 48 kHz; OpusHead's field is only the rate of the original input.
  if (ascii(bytes, body, 8) === 'OpusHead') return 48_000;
  return undefined;
}

const MPEG_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

function mp3Rate(bytes: Uint8Array): number | undefined {
  let at = 0;
  if (ascii(bytes, 0, 3) === 'ID3' && bytes.length > 10) at = 10 + ((bytes[6] << 21) | (bytes[7] << 14) | (bytes[8] << 7) | bytes[9]);
  for (; at + 4 <= bytes.length && at < 1 << 20; at++) {
    if (bytes[at] !== 0xff || (bytes[at + 1] & 0xe0) !== 0xe0) continue;
    const version = (bytes[at + 1] >> 3) & 3;
    const rate = MPEG_RATES[version]?.[(bytes[at + 2] >> 2) & 3];
    if (rate) return rate;
  }
  return undefined;
}

/** The chunk length an audio input takes: its last dimension, with every other dimension 1. */
export function audioChunkLength(spec: InputSpec): number | undefined {
  const dims = spec.dims;
  const float = spec.elemType === 'float' || spec.elemType === 'float16';
  if (!float || dims.length < 1 || dims.length > 3 || dims.some((d) => d === undefined)) return undefined;
  return dims.slice(0, -1).every((d) => d === 1) ? (dims[dims.length - 1] as number) : undefined;
}

export interface Chunks {
  tensors: PlainTensor[];
  /** Chunks the file had in all (more than `tensors` when capped). */
  total: number;
  /** Samples of zero padding on the last chunk. */
  padded: number;
}

/** Consecutive chunks from the start; the last, partial one padded with silence; at most `max` chunks. */
export function chunkAudio(pcm: Float32Array, spec: InputSpec, max: number, where: string): Chunks {
  const length = audioChunkLength(spec);
  if (!length) {
    fail(`Input "${spec.name}" does not take audio chunks (float, shape 1 × … × samples): add ${where} to another input.`, `输入“${spec.name}”不接受音频片段（float，形状 1 × … × 采样数）：请将 ${where} 添加到其他输入。`);
  }
  if (!pcm.length) fail(`${where} holds no audio samples.`, `${where} 中没有音频采样。`);
  const total = Math.ceil(pcm.length / length!);
  const count = Math.min(total, max);
  const tensors: PlainTensor[] = [];
  for (let i = 0; i < count; i++) {
    const data = new Float32Array(length!);
    data.set(pcm.subarray(i * length!, (i + 1) * length!));
    const dims = spec.dims as number[];
    tensors.push(spec.elemType === 'float16' ? { type: 'float16', dims, data: Uint16Array.from(data, floatToHalf) } : { type: 'float32', dims, data });
  }
  return { tensors, total, padded: count === total ? total * length! - pcm.length : 0 };
}

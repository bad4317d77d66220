// The user's files (decoded in the page) -> the sample set for calibration, agreement and latency: each source is
// fitted to its input (images resized and scaled, audio chunked, arrays matched by shape and type) against the
// current input specs, so changing a shape re-fits every file without reading it again.
import type { Text } from '../i18n-text';
import { imageAxes } from '../inputs/hints';
import type { InputSpec } from '../inputs/spec';
import type { Feeds, PlainTensor } from '../tensor-data';
import { audioChunkLength, chunkAudio } from './audio';
import { SampleError } from './errors';
import { fitArray } from './fit';
import { imageToTensor, type ImageOptions, type Pixels } from './image';
import { UNNAMED } from './json';
import type { NdArray } from './ndarray';

export type SampleSource =
  | { kind: 'image'; name: string; pixels: Pixels }
  /** `pcm`: mono, already at `rate` (the page decodes and resamples); `fileRate`: the rate the file was recorded at. */
  | { kind: 'audio'; name: string; pcm: Float32Array; rate: number; fileRate?: number }
  /** Arrays by input name; UNNAMED for a bare array (.npy, a JSON array), fed to the chosen input. */
  | { kind: 'arrays'; name: string; arrays: Map<string, NdArray> };

export interface BuildSettings {
  image: ImageOptions;
  /** The input bare arrays, images and audio go to when several could take them. */
  target?: string;
  /** Most chunks taken from one audio file. */
  maxChunks: number;
  /** Most samples in all (each costs two runs per measurement). */
  maxSamples: number;
  /** Most bytes of sample tensors in all: each pane's worker gets a copy. */
  maxBytes: number;
}

export interface SourceOutcome {
  /** How many samples this file gave. */
  count: number;
  input?: string;
  /** Something the user should know (resampled, converted, capped). */
  note?: Text;
  error?: Text;
}

export interface BuiltSamples {
  names: string[];
  feeds: Feeds[];
  outcomes: SourceOutcome[];
}

/** The inputs a kind of file can feed: 4-D image inputs, audio-chunk inputs, or any input for arrays. */
export function candidateInputs(kind: SampleSource['kind'], specs: readonly InputSpec[]): InputSpec[] {
  if (kind === 'image') return specs.filter((s) => s.declared.length === 4 && imageAxes(s.declared) && /float|uint8/.test(s.elemType));
  if (kind === 'audio') return specs.filter((s) => audioChunkLength(s) !== undefined);
  return specs.filter((s) => s.fill.kind === 'random').concat(specs.filter((s) => s.fill.kind !== 'random'));
}

export function buildSamples(sources: readonly SampleSource[], specs: readonly InputSpec[], settings: BuildSettings): BuiltSamples {
  const names: string[] = [];
  const feeds: Feeds[] = [];
  let bytes = 0;
  const outcomes = sources.map((source): SourceOutcome => {
    try {
      const { tensors, input, note } = fitSource(source, specs, settings);
      const size = tensors.length ? Object.values(tensors[0]).reduce((a, t) => a + t.data.byteLength, 0) : 0;
      const room = Math.max(0, Math.min(settings.maxSamples - feeds.length, Math.floor((settings.maxBytes - bytes) / Math.max(1, size))));
      const kept = tensors.slice(0, room);
      kept.forEach((f, i) => {
        names.push(tensors.length > 1 ? `${source.name} #${i + 1}` : source.name);
        feeds.push(f);
      });
      bytes += kept.length * size;
      const capped = kept.length < tensors.length ? capNote(kept.length, tensors.length, settings) : undefined;
      return { count: kept.length, input, note: join(note, capped) };
    } catch (e) {
      if (e instanceof SampleError) return { count: 0, error: e.text };
      throw e;
    }
  });
  return { names, feeds, outcomes };
}

function fitSource(source: SampleSource, specs: readonly InputSpec[], settings: BuildSettings): { tensors: Feeds[]; input?: string; note?: Text } {
  if (source.kind === 'arrays') return fitArrays(source, specs, settings);
  const spec = pick(source.kind, specs, settings.target, source.name);
  if (source.kind === 'image') return { tensors: [{ [spec.name]: imageToTensor(source.pixels, spec, settings.image, source.name) }], input: spec.name };
  const chunks = chunkAudio(source.pcm, spec, settings.maxChunks, source.name);
  const resampled = source.fileRate && source.fileRate !== source.rate ? resampledNote(source.fileRate, source.rate) : undefined;
  const unknownRate = !source.fileRate ? { en: `decoded at ${source.rate} Hz (the file does not state its rate up front)`, zh: `按 ${source.rate} Hz 解码（文件开头未标明采样率）` } : undefined;
  const seconds = (n: number) => (n / source.rate).toFixed(1);
  const capped = chunks.total > chunks.tensors.length
    ? { en: `the first ${chunks.tensors.length} of ${chunks.total} chunks (${seconds(chunks.tensors.length * audioChunkLength(spec)!)} s of ${seconds(source.pcm.length)} s)`, zh: `取前 ${chunks.tensors.length} 段，共 ${chunks.total} 段（${seconds(source.pcm.length)} 秒中的 ${seconds(chunks.tensors.length * audioChunkLength(spec)!)} 秒）` }
    : chunks.padded ? { en: `last chunk padded with ${chunks.padded} samples of silence`, zh: `最后一段补了 ${chunks.padded} 个静音采样` } : undefined;
  return { tensors: chunks.tensors.map((t) => ({ [spec.name]: t })), input: spec.name, note: join(join(resampled, unknownRate), capped) };
}

function fitArrays(source: Extract<SampleSource, { kind: 'arrays' }>, specs: readonly InputSpec[], settings: BuildSettings): { tensors: Feeds[]; input?: string; note?: Text } {
  const fitted: Record<string, PlainTensor[]> = {};
  const conversions: string[] = [];
  for (const [key, array] of source.arrays) {
    const spec = key === UNNAMED || source.arrays.size === 1 && !specs.some((s) => s.name === key) ? pick('arrays', specs, settings.target, source.name) : specs.find((s) => s.name === key);
    if (!spec) {
      throw new SampleError({
        en: `${source.name} has an array "${key}", but the model has no input of that name (its inputs: ${specs.map((s) => s.name).join(', ')}).`,
        zh: `${source.name} 中有数组“${key}”，但模型没有同名输入（模型输入：${specs.map((s) => s.name).join('、')}）。`,
      });
    }
    const where = key === UNNAMED ? source.name : `${source.name}: "${key}"`;
    const { tensors, converted } = fitArray(array, spec, where);
    fitted[spec.name] = tensors;
    if (converted) conversions.push(`${spec.name} ${converted}`);
  }
  const counts = [...new Set(Object.values(fitted).map((t) => t.length))];
  if (counts.length > 1) {
    throw new SampleError({
      en: `${source.name} stacks a different number of samples per input (${Object.entries(fitted).map(([k, t]) => `${k}: ${t.length}`).join(', ')}); give each input the same number.`,
      zh: `${source.name} 中各输入的样本数不同（${Object.entries(fitted).map(([k, t]) => `${k}: ${t.length}`).join('，')}）；请为每个输入提供相同数量。`,
    });
  }
  const tensors = Array.from({ length: counts[0] ?? 0 }, (_, i) => Object.fromEntries(Object.entries(fitted).map(([k, t]) => [k, t[i]])));
  const note = conversions.length ? { en: `converted: ${conversions.join(', ')}`, zh: `已转换：${conversions.join('，')}` } : undefined;
  return { tensors, input: Object.keys(fitted).join(', '), note };
}

function pick(kind: SampleSource['kind'], specs: readonly InputSpec[], target: string | undefined, file: string): InputSpec {
  const candidates = candidateInputs(kind, specs);
  const chosen = candidates.find((s) => s.name === target) ?? candidates[0];
  if (chosen) return chosen;
  const what = kind === 'image' ? { en: 'image input (4 dimensions, with a channel axis of 1, 3 or 4)', zh: '图像输入（4 维，通道轴为 1、3 或 4）' } : { en: 'audio input (float, shape 1 × … × samples, with the sample count set)', zh: '音频输入（float，形状 1 × … × 采样数，且已设定采样数）' };
  throw new SampleError({
    en: `${file}: this model has no ${what.en}. Its inputs: ${specs.map((s) => `${s.name} (${s.elemType})`).join(', ')}. Add samples as .npy or JSON instead.`,
    zh: `${file}：该模型没有${what.zh}。模型输入：${specs.map((s) => `${s.name}（${s.elemType}）`).join('、')}。请改用 .npy 或 JSON 样本。`,
  });
}

function resampledNote(from: number, to: number): Text {
  const khz = (hz: number) => `${+(hz / 1000).toFixed(3)} kHz`;
  return { en: `resampled from ${khz(from)} to ${khz(to)}`, zh: `已从 ${khz(from)} 重采样为 ${khz(to)}` };
}

function capNote(kept: number, total: number, settings: BuildSettings): Text {
  const mb = Math.round(settings.maxBytes / 1024 / 1024);
  return { en: `${kept} of ${total} used: at most ${settings.maxSamples} samples or ${mb} MB in all`, zh: `使用了 ${total} 个中的 ${kept} 个：样本总数最多 ${settings.maxSamples} 个或 ${mb} MB` };
}

function join(a: Text | undefined, b: Text | undefined): Text | undefined {
  if (!a || !b) return a ?? b;
  return { en: `${a.en}; ${b.en}`, zh: `${a.zh}；${b.zh}` };
}

// Sensible first sizes for a model's dynamic dimensions, from the input's name, type and rank and the model's
// file name (the rules): batch 1; 4-D float images 224 (classifiers), 320 (segmentation, faces) or 640
// (detectors); token sequences 128; audio chunks 512 samples; anything else is left for the user to give.
import type { IoInfo } from '../model-info';
import { isDynamic, specFromInfo, type Fill, type InputSpec } from './spec';

export const DEFAULT_SEQUENCE = 128;
export const DEFAULT_AUDIO_CHUNK = 512;
export const DEFAULT_SAMPLE_RATE = 16_000;

const IMAGE_SIZES = [96, 112, 128, 160, 192, 224, 256, 288, 320, 384, 416, 448, 512, 640, 768, 1024];
const DETECTOR = /yolo|detr|det(ect)?(or|ion)?\b|rtm|ssd|retina|ocr.?det|_det|det_/i;
const SEGMENTER = /seg|selfie|mask|matt|portrait|u2net|face|blaze|pose/i;
const AUDIO = /audio|wav|pcm|speech|voice|sound|vad|waveform|signal|samples|input_values|kws|asr/i;
const TOKENS = /input_ids|token|attention_mask|position_ids|ids$|_mask$/i;
const STATE = /state|hidden|^h\d*$|^c\d*$|^h0$|^c0$|cache|past/i;
const SAMPLE_RATE = /^sr$|sample_?rate|sampling_rate/i;

/** Which axes of a 4-D image input hold channels, height and width (undefined: not an image). */
export function imageAxes(dims: readonly (number | string | null | undefined)[]): { layout: 'nchw' | 'nhwc'; c: number; h: number; w: number } | undefined {
  if (dims.length !== 4) return undefined;
  const channels = (d: number | string | null | undefined) => typeof d === 'number' && d >= 1 && d <= 4;
  if (channels(dims[3]) && !channels(dims[1])) return { layout: 'nhwc', c: 3, h: 1, w: 2 };
  return { layout: 'nchw', c: 1, h: 2, w: 3 };
}

export function defaultSpecs(inputs: readonly IoInfo[], modelName = ''): InputSpec[] {
  // A sample-rate input is as good a clue for audio as a name.
  const context = [modelName, ...inputs.map((i) => i.name), inputs.some((i) => SAMPLE_RATE.test(i.name)) ? 'audio' : ''].join(' ');
  const guessed = inputs.map((info) => info.dims.map((d, i) => (isDynamic(d) ? guessDim(info, i, context) : (d as number))));
  // The same symbol (e.g. "batch") in several inputs gets one size: the first guess made for it anywhere.
  const bySymbol = new Map<string, number>();
  inputs.forEach((info, k) => info.dims.forEach((d, i) => {
    if (typeof d === 'string' && guessed[k][i] !== undefined && !bySymbol.has(d)) bySymbol.set(d, guessed[k][i]!);
  }));
  return inputs.map((info, k) => ({
    ...specFromInfo(info),
    fill: defaultFill(info),
    dims: info.dims.map((d, i) => (typeof d === 'string' ? bySymbol.get(d) : undefined) ?? guessed[k][i]),
  }));
}

function guessDim(info: IoInfo, axis: number, context: string): number | undefined {
  const rank = info.dims.length;
  const symbol = typeof info.dims[axis] === 'string' ? (info.dims[axis] as string) : '';
  const float = info.elemType === 'float' || info.elemType === 'float16';
  if (/^(n|b|bs|batch.*|.*_batch|num_images)$/i.test(symbol) || (axis === 0 && rank >= 2)) return 1;
  const image = float && rank === 4 ? imageAxes(info.dims) : undefined;
  if (image) {
    if (axis === image.c) return 3;
    return imageSize(`${info.name} ${symbol} ${context}`);
  }
  if (!float && TOKENS.test(info.name) && axis === rank - 1) return DEFAULT_SEQUENCE;
  if (/seq|sequence|token/i.test(symbol)) return DEFAULT_SEQUENCE;
  const audio = AUDIO.test(info.name) || AUDIO.test(context);
  if (float && audio && rank >= 1 && rank <= 3 && axis === rank - 1 && !STATE.test(info.name)) return DEFAULT_AUDIO_CHUNK;
  return undefined;
}

function imageSize(hints: string): number {
  const numbers = [...hints.matchAll(/(\d{2,4})/g)].map((m) => Number(m[1])).filter((n) => IMAGE_SIZES.includes(n));
  if (numbers.length) return numbers[0];
  if (DETECTOR.test(hints)) return 640;
  if (SEGMENTER.test(hints)) return 320;
  return 224;
}

function defaultFill(info: IoInfo): Fill {
  const integer = /int/.test(info.elemType);
  if (integer && SAMPLE_RATE.test(info.name)) return { kind: 'constant', value: DEFAULT_SAMPLE_RATE };
  if (STATE.test(info.name)) return { kind: 'constant', value: 0 };
  if (/mask/i.test(info.name)) return { kind: 'constant', value: 1 };
  return { kind: 'random' };
}

// Browser-only: renders a typed string as a black-on-white text line (height 48, the model's input height) for
// the "type a line" demo. Uses OffscreenCanvas, so it also runs inside a worker. Fonts are whatever the system
// has: the stack prefers common CJK fonts so Chinese does not fall back to tofu boxes.
import { REC_HEIGHT, REC_MAX_WIDTH, rgbaToGray, type GrayImage } from './preprocess';

export const DEFAULT_LINE_FONT = `"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Hiragino Sans GB", sans-serif`;

export interface RenderLineOptions {
  /** CSS font-family list. */
  fontFamily?: string;
  /** Pixel size; 30 leaves room for ascenders and descenders in 48 rows. */
  fontSize?: number;
  bold?: boolean;
}

type Context2D = OffscreenCanvasRenderingContext2D;

function context(width: number, height: number): Context2D {
  if (typeof OffscreenCanvas === 'undefined') throw new Error('Rendering a text line needs OffscreenCanvas (a browser); it is not available here.');
  const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('Could not get a 2D canvas context to render the text line.');
  return ctx;
}

export function renderTextLine(text: string, options: RenderLineOptions = {}): GrayImage {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line) throw new Error('Type some text to render (the line is empty).');
  const fontSize = options.fontSize ?? 30;
  const font = `${options.bold ? 'bold ' : ''}${fontSize}px ${options.fontFamily ?? DEFAULT_LINE_FONT}`;
  const measure = context(1, 1);
  measure.font = font;
  const pad = Math.round(fontSize / 3);
  const width = Math.ceil(measure.measureText(line).width) + 2 * pad;
  if (width > REC_MAX_WIDTH) throw new Error(`The line is too long to recognise in one go (${width} px wide, limit ${REC_MAX_WIDTH}); split it.`);
  const ctx = context(width, REC_HEIGHT);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, REC_HEIGHT);
  ctx.font = font;
  ctx.fillStyle = '#000';
  ctx.textBaseline = 'middle';
  ctx.fillText(line, pad, REC_HEIGHT / 2);
  return rgbaToGray(ctx.getImageData(0, 0, width, REC_HEIGHT).data, width, REC_HEIGHT);
}

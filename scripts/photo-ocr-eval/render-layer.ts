// Runs inside the page (page.evaluate serializes it, so it must not use imports or outer helpers): draws each
// layer, a rounded paper/board rectangle with its text runs, shrinking a run's font until it fits its maxWidth,
// and returns the RGBA pixels (transparent outside the rectangle) and each run's ink box from measureText.
import type { LayerSpec } from './layouts';

export interface RenderedLayer {
  rgba: string;
  /** Per run: the text as drawn, and its ink box [left, top, right, bottom] in layer pixels. */
  boxes: { text: string; box: [number, number, number, number] }[];
}

export function renderLayers(layers: LayerSpec[]): RenderedLayer[] {
  return layers.map((layer) => {
    const canvas = document.createElement('canvas');
    canvas.width = layer.width;
    canvas.height = layer.height;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = layer.fill;
    ctx.beginPath();
    ctx.roundRect(0, 0, layer.width, layer.height, layer.radius);
    ctx.fill();
    const boxes = layer.runs.map((run) => {
      let size = run.size;
      const font = (s: number) => `${run.italic ? 'italic ' : ''}${run.bold ? 'bold ' : ''}${s}px ${run.family}`;
      ctx.font = font(size);
      while (size > 8 && ctx.measureText(run.text).width > run.maxWidth) ctx.font = font(--size);
      ctx.fillStyle = run.color;
      ctx.textAlign = run.align;
      ctx.textBaseline = 'alphabetic';
      ctx.fillText(run.text, run.x, run.baseline);
      const m = ctx.measureText(run.text);
      const box: [number, number, number, number] = [run.x - m.actualBoundingBoxLeft, run.baseline - m.actualBoundingBoxAscent, run.x + m.actualBoundingBoxRight, run.baseline + m.actualBoundingBoxDescent];
      return { text: run.text, box };
    });
    const data = ctx.getImageData(0, 0, layer.width, layer.height).data;
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { rgba: btoa(binary), boxes };
  });
}

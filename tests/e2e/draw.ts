// Draws on the digit pad with real mouse events, as a person would, from polylines in pad coordinates (0..1).
import type { Page } from 'playwright-core';

export type Stroke = [number, number][];

export const DIGIT_STROKES: Record<string, Stroke[]> = {
  '1': [[[0.5, 0.15], [0.5, 0.85]]],
  '7': [[[0.25, 0.2], [0.75, 0.2], [0.42, 0.85]]],
  '0': [ellipse(0.5, 0.5, 0.22, 0.33, 28)],
  '3': [[[0.3, 0.22], [0.5, 0.15], [0.68, 0.25], [0.62, 0.42], [0.45, 0.5], [0.66, 0.58], [0.7, 0.75], [0.52, 0.86], [0.3, 0.8]]],
};

function ellipse(cx: number, cy: number, rx: number, ry: number, n: number): Stroke {
  return Array.from({ length: n + 1 }, (_, i) => {
    const a = (i / n) * 2 * Math.PI;
    return [cx + rx * Math.sin(a), cy - ry * Math.cos(a)] as [number, number];
  });
}

export async function drawDigit(page: Page, strokes: Stroke[], selector = '[data-testid="digit-pad"]'): Promise<void> {
  const pad = page.locator(selector);
  await pad.scrollIntoViewIfNeeded(); // mouse coordinates are viewport coordinates: the pad must be on screen
  const box = (await pad.boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  for (const stroke of strokes) {
    await page.mouse.move(...at(stroke[0]));
    await page.mouse.down();
    for (let i = 1; i < stroke.length; i++) {
      // Interpolate so each segment is drawn from many pointermove events, like a real hand.
      const [x0, y0] = at(stroke[i - 1]);
      const [x1, y1] = at(stroke[i]);
      await page.mouse.move(x1, y1, { steps: Math.max(2, Math.round(Math.hypot(x1 - x0, y1 - y0) / 8)) });
    }
    await page.mouse.up();
  }
}

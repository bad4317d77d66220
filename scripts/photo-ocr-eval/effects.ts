// The eval photos' scene and camera, in plain TS on RGBA arrays (seeded, so the same bytes every run): background
// textures, pasting the rendered layer, paper grain, the camera (tilt, perspective, an upside-down shot), uneven
// light, blur and sensor noise. The camera warp is the pipeline's own warpPerspective.
import { mulberry32, type Rand } from '../../src/engine/random';
import { applyHomography, homography, type Point, type Quad } from '../../src/models/photo-ocr/geometry';
import { warpPerspective } from '../../src/models/photo-ocr/image';
import type { SceneSpec } from './layouts';

export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

const clamp255 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
const gauss = (random: Rand) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()); // Box-Muller

export function background(spec: SceneSpec['background'], width: number, height: number): Rgba {
  const random = mulberry32(spec.seed);
  const data = new Uint8Array(width * height * 4);
  const [r, g, b] = spec.base;
  const phase = random() * 10, freq = 0.02 + random() * 0.05, angle = random() * Math.PI;
  const [ca, sa] = [Math.cos(angle), Math.sin(angle)];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let shade: number;
      if (spec.kind === 'wood') shade = 0.85 + 0.15 * Math.sin(freq * (x * ca + y * sa) + 3 * Math.sin(0.01 * (x * sa - y * ca) + phase));
      else if (spec.kind === 'fabric') shade = 0.9 + 0.1 * (((Math.floor(x / 6) + Math.floor(y / 6)) & 1) ? 1 : -1) * Math.sin(x * 0.9 + phase) ** 2;
      else if (spec.kind === 'wall') shade = 0.88 + 0.12 * Math.sin(x * 0.07 + phase) * Math.sin(y * 0.05);
      else shade = 0.7 + 0.3 * ((x * ca + y * sa) / (width + height) + 0.5);
      const n = 6 * gauss(random);
      const o = (y * width + x) * 4;
      data[o] = clamp255(r * shade + n);
      data[o + 1] = clamp255(g * shade + n);
      data[o + 2] = clamp255(b * shade + n);
      data[o + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Alpha-blends `layer` onto `scene` at `at`, adding paper grain (seeded Gaussian, grey levels) to the layer. */
export function paste(scene: Rgba, layer: Rgba, at: [number, number], grain: number, random: Rand): void {
  for (let y = 0; y < layer.height; y++) {
    for (let x = 0; x < layer.width; x++) {
      const i = (y * layer.width + x) * 4;
      const a = layer.data[i + 3] / 255;
      if (!a) continue;
      const o = ((y + at[1]) * scene.width + x + at[0]) * 4;
      const n = grain ? grain * gauss(random) : 0;
      for (let c = 0; c < 3; c++) scene.data[o + c] = clamp255(scene.data[o + c] * (1 - a) + (layer.data[i + c] + n) * a);
    }
  }
}

/**
 * The camera: the photo shows a quadrilateral of the scene (inset, turned by `tilt` degrees, corners moved by up
 * to `jitter` of the size: perspective), upside down when `flip`. Returns the photo and the scene -> photo map.
 */
export function shoot(scene: Rgba, camera: SceneSpec['camera'], random: Rand): { photo: Rgba; toPhoto: (p: Point) => Point } {
  const { width: w, height: h } = scene;
  const size = Math.max(w, h);
  const rad = (camera.tilt * Math.PI) / 180;
  const inset = size * (Math.abs(Math.sin(rad)) / 2 + camera.jitter) + 2;
  const [cx, cy] = [w / 2, h / 2];
  const turn = ([x, y]: Point): Point => [cx + (x - cx) * Math.cos(rad) - (y - cy) * Math.sin(rad), cy + (x - cx) * Math.sin(rad) + (y - cy) * Math.cos(rad)];
  const j = () => (random() * 2 - 1) * camera.jitter * size;
  const src = ([[inset, inset], [w - inset, inset], [w - inset, h - inset], [inset, h - inset]] as Point[]).map((p) => turn(p)).map(([x, y]): Point => [x + j(), y + j()]);
  const view: Point[] = [[0, 0], [w, 0], [w, h], [0, h]];
  const seen = camera.flip ? [src[2], src[3], src[0], src[1]] : src;
  const data = warpPerspective(scene, 4, homography(view, seen), w, h);
  const forward = homography(seen, view);
  return { photo: { width: w, height: h, data }, toPhoto: (p) => applyHomography(forward, p) };
}

/** Uneven light (a linear falloff of `amount` across the photo), blur (Gaussian sigma, px) and noise (sigma, grey levels). */
export function develop(photo: Rgba, effects: SceneSpec['effects'], random: Rand): void {
  const { width: w, height: h, data } = photo;
  if (effects.light) {
    const a = random() * 2 * Math.PI, [ca, sa] = [Math.cos(a), Math.sin(a)];
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const t = ((x - w / 2) * ca + (y - h / 2) * sa) / Math.hypot(w, h) + 0.5;
      const f = 1 - effects.light * t;
      for (let c = 0; c < 3; c++) data[(y * w + x) * 4 + c] = clamp255(data[(y * w + x) * 4 + c] * f);
    }
  }
  if (effects.blur) gaussianBlur(photo, effects.blur);
  if (effects.noise) for (let i = 0; i < w * h; i++) {
    const n = effects.noise * gauss(random);
    for (let c = 0; c < 3; c++) data[i * 4 + c] = clamp255(data[i * 4 + c] + n);
  }
}

function gaussianBlur(img: Rgba, sigma: number): void {
  const radius = Math.ceil(3 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const sum = kernel.reduce((a, b) => a + b, 0);
  const k = kernel.map((v) => v / sum);
  const { width: w, height: h } = img;
  const pass = (src: Uint8Array, horizontal: boolean) => {
    const out = new Uint8Array(src.length);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 4; c++) {
      let v = 0;
      for (let t = -radius; t <= radius; t++) {
        const xx = horizontal ? Math.min(w - 1, Math.max(0, x + t)) : x;
        const yy = horizontal ? y : Math.min(h - 1, Math.max(0, y + t));
        v += k[t + radius] * src[(yy * w + xx) * 4 + c];
      }
      out[(y * w + x) * 4 + c] = clamp255(v);
    }
    return out;
  };
  img.data.set(pass(pass(img.data, true), false));
}

export function quadOf(box: [number, number, number, number], at: [number, number], toPhoto: (p: Point) => Point): Quad {
  const [l, t, r, b] = box;
  const [ox, oy] = at;
  return [toPhoto([l + ox, t + oy]), toPhoto([r + ox, t + oy]), toPhoto([r + ox, b + oy]), toPhoto([l + ox, b + oy])];
}

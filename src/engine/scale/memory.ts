// Memory a scale point needs, estimated from its shape before anything is allocated, so a size that cannot fit is
// refused with the estimate instead of crashing the tab. What costs memory, per measuring worker (one per scale point
// and recipe, released afterwards):
//   WASM heap (one per worker, at most 4 GiB in wasm32): loading a session briefly takes ~2.5-2.9x the model bytes
//   (the copied file, the initializers, MLAS's pre-packed weights; measured 1.08 GB for BERT-base's 438 MB, 1.42 GB
//   for GPT-2-small's 498 MB) and keeps ~1.0-1.5x; the variant is loaded first and fp32 after it, and the heap never
//   shrinks. JavaScript: the generated weights and their encoded copy (2x the fp32 bytes), then the fp32 bytes plus
//   the variant while compressing.
// The factors below are those measurements rounded up; the variant is assumed as large as fp32 (int4 expanded to
// fp32 at load is), so the estimate holds for every recipe.
import { contextLength, parameterCount, type TransformerShape } from './shape';

export const WASM_HEAP_LIMIT = 4 * 2 ** 30;
/** Refuse above this share of the 4 GiB heap: the estimate is rounded, growth happens in steps. */
const HEAP_SHARE = 0.9;
const LOAD_PEAK_FACTOR = 3;
const RESIDENT_FACTOR = 1.6;
/** ORT's own start-up heap and arena slack. */
const BASE_BYTES = 48 * 2 ** 20;
/** Of the device memory the browser reports (navigator.deviceMemory, GiB, capped at 8), what one tab may take. */
const DEVICE_SHARE = 0.6;

export interface MemoryEstimate {
  params: number;
  fp32Bytes: number;
  /** Largest WASM heap one measuring worker reaches (variant and fp32 sessions). */
  wasmBytes: number;
  /** Largest JavaScript memory (ArrayBuffers) of that worker: generation and compression. */
  jsBytes: number;
  wasmLimit: number;
  /** What the tab may use, from navigator.deviceMemory; undefined where the browser does not say. */
  deviceBudget?: number;
  fits: boolean;
  /** Why not, in one sentence with the figures (English; the UI words its own from the numbers). */
  reason?: string;
}

/** Bytes of the largest activations of one run (FFN and attention scores; logits and the KV cache for decoders). */
function activationBytes(s: TransformerShape): number {
  const t = s.sequence, ctx = contextLength(s);
  const ffn = t * s.ffn * 4 * 3;
  const scores = s.heads * t * ctx * 4 * 3;
  const decoder = s.kind === 'decoder' ? t * s.vocab * 4 * 2 + 2 * 2 * s.layers * ctx * s.hidden * 4 : 0;
  return ffn + scores + decoder;
}

const gb = (n: number) => `${(n / 2 ** 30).toFixed(2)} GB`;

export function estimateMemory(s: TransformerShape, deviceMemoryGiB?: number): MemoryEstimate {
  const params = parameterCount(s);
  const fp32Bytes = params * 4;
  const wasmBytes = Math.round(BASE_BYTES + RESIDENT_FACTOR * fp32Bytes + LOAD_PEAK_FACTOR * fp32Bytes + activationBytes(s));
  const jsBytes = 2 * fp32Bytes;
  const deviceBudget = deviceMemoryGiB && deviceMemoryGiB > 0 ? deviceMemoryGiB * 2 ** 30 * DEVICE_SHARE : undefined;
  const wasmLimit = WASM_HEAP_LIMIT * HEAP_SHARE;
  let reason: string | undefined;
  if (wasmBytes > wasmLimit) {
    reason = `This model (${(params / 1e6).toFixed(1)} M parameters, ${gb(fp32Bytes)} in fp32) needs about ${gb(wasmBytes)} of WebAssembly memory to measure, more than the ${gb(wasmLimit)} usable of the 4 GB a browser gives one worker. Choose fewer layers or a smaller hidden size.`;
  } else if (deviceBudget !== undefined && wasmBytes + jsBytes > deviceBudget) {
    reason = `This model needs about ${gb(wasmBytes + jsBytes)} of memory to measure; this device reports ${deviceMemoryGiB} GB, of which a tab can safely use about ${gb(deviceBudget)}. Choose a smaller model.`;
  }
  return { params, fp32Bytes, wasmBytes, jsBytes, wasmLimit, deviceBudget, fits: !reason, reason };
}

export class ScaleMemoryError extends Error {
  override name = 'ScaleMemoryError';
  constructor(readonly estimate: MemoryEstimate) {
    super(estimate.reason);
  }
}

/** Throws ScaleMemoryError (with the estimate) when the shape would not fit; allocates nothing. */
export function assertGenerationFits(s: TransformerShape, deviceMemoryGiB?: number): MemoryEstimate {
  const e = estimateMemory(s, deviceMemoryGiB);
  if (!e.fits) throw new ScaleMemoryError(e);
  return e;
}

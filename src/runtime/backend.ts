// Which execution backend a session uses: small pure functions, so the UI, the worker and tests agree on names
// and every wrong value gets an error that lists the valid ones.
import type { Text } from '../engine/i18n-text';

export const BACKENDS = ['wasm', 'webgpu'] as const;
export type Backend = (typeof BACKENDS)[number];

export const BACKEND_LABELS: Record<Backend, string> = { wasm: 'WASM (CPU)', webgpu: 'WebGPU' };

export function parseBackend(value: string): Backend {
  if ((BACKENDS as readonly string[]).includes(value)) return value as Backend;
  throw new Error(`Unknown backend "${value}". Valid backends: ${BACKENDS.join(', ')}.`);
}

export interface BackendAvailability {
  backend: Backend;
  available: boolean;
  /** Why it is unavailable, or a caveat when it is available (e.g. a software adapter), in both languages. */
  note?: Text;
  details?: Record<string, string | number | boolean>;
}

/** What WebGPU looks like where this code runs (a worker or the page). Never throws. */
export async function probeWebGpu(gpu: GPU | undefined = (globalThis.navigator as Navigator | undefined)?.gpu): Promise<BackendAvailability> {
  if (!gpu) {
    return {
      backend: 'webgpu', available: false,
      note: { en: 'This browser has no WebGPU (navigator.gpu is missing). Try a recent Chrome or Edge.', zh: '此浏览器不支持 WebGPU（没有 navigator.gpu）。请使用较新的 Chrome 或 Edge。' },
    };
  }
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) {
      return {
        backend: 'webgpu', available: false,
        note: { en: 'WebGPU is present but no GPU adapter was granted (blocked GPU, or a headless/remote session).', zh: '浏览器支持 WebGPU，但没有获得 GPU 适配器（GPU 被禁用，或是无界面/远程会话）。' },
      };
    }
    const info = adapter.info;
    const fp16 = adapter.features.has('shader-f16');
    const software = /swiftshader|llvmpipe|software|microsoft basic/i.test(`${info.vendor} ${info.architecture} ${info.description}`);
    return {
      backend: 'webgpu',
      available: true,
      note: software ? { en: 'Software adapter (no real GPU): results are correct but much slower than WASM.', zh: '软件适配器（没有真正的 GPU）：结果正确，但比 WASM 慢得多。' } : undefined,
      details: { vendor: info.vendor, architecture: info.architecture, shaderF16: fp16, software },
    };
  } catch (e) {
    const why = (e as Error).message;
    return { backend: 'webgpu', available: false, note: { en: `WebGPU adapter request failed: ${why}`, zh: `请求 WebGPU 适配器失败：${why}` } };
  }
}

/** Threads ORT can use here: several only when the page is cross-origin isolated (SharedArrayBuffer). */
export function wasmThreads(isolated: boolean, cores: number, requested?: number): number {
  if (!isolated) return 1;
  const max = Math.max(1, Math.min(cores, 8));
  return requested ? Math.max(1, Math.min(requested, max)) : max;
}

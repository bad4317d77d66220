// ORT's WASM heap size, read from the outside: onnxruntime-web's threaded builds create their memory in JS
// (`new WebAssembly.Memory({ initial: 256, shared: true })`, 16 MiB) when the module starts, and grow it as the
// allocator needs more. The memory never shrinks, so its size after a load and runs in a fresh worker is the
// peak heap that load and those runs needed (to within ORT's growth step: about 20% of the heap, at most 96 MiB).
// The watcher must be installed before ORT starts its module (before the first session).

const PAGE = 65536;
const memories: { memory: WebAssembly.Memory; initialBytes: number }[] = [];
let installed = false;

export function watchWasmMemory(): void {
  if (installed) return;
  installed = true;
  WebAssembly.Memory = new Proxy(WebAssembly.Memory, {
    construct(target, args: [WebAssembly.MemoryDescriptor]) {
      const memory = Reflect.construct(target, args) as WebAssembly.Memory;
      // ORT also builds a 0-page memory once, only to learn the shared buffer's constructor: not a heap.
      const initial = Number(args[0]?.initial ?? 0);
      if (initial > 0) memories.push({ memory, initialBytes: initial * PAGE });
      return memory;
    },
  });
}

export interface WasmHeap {
  /** Current size = the peak so far, bytes (0 before ORT starts). */
  bytes: number;
  /** What the memory started with, before any model, bytes. */
  initialBytes: number;
}

/** The largest WASM memory created since watching began. */
export function wasmHeap(): WasmHeap {
  let best: WasmHeap = { bytes: 0, initialBytes: 0 };
  for (const m of memories) {
    const bytes = m.memory.buffer.byteLength;
    if (bytes > best.bytes) best = { bytes, initialBytes: m.initialBytes };
  }
  return best;
}

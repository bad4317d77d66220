// ORT's WebAssembly heap size, for peak-memory figures. ORT (built with Emscripten pthreads) creates its heap with
// `new WebAssembly.Memory(...)` when its first session starts; watching that constructor is the one way to read
// the heap from outside ORT. A wasm heap only grows, so its size after a phase is that phase's high-water mark.
// Call watchWasmMemory() before the first session of the worker (or process); otherwise nothing is observed.
const memories: WebAssembly.Memory[] = [];
let watching = false;

export function watchWasmMemory(): void {
  if (watching) return;
  watching = true;
  const Original = WebAssembly.Memory;
  WebAssembly.Memory = new Proxy(Original, {
    construct(target, args: [WebAssembly.MemoryDescriptor]) {
      const memory = Reflect.construct(target, args) as WebAssembly.Memory;
      memories.push(memory);
      return memory;
    },
  });
}

/** The largest observed heap (bytes), or undefined when none was created after watchWasmMemory(). */
export function wasmHeapBytes(): number | undefined {
  return memories.length ? Math.max(...memories.map((m) => m.buffer.byteLength)) : undefined;
}

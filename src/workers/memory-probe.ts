// The memory probe (Node-testable): the pane's own worker logic (LabService) on a fresh ORT heap, so the variant
// is opened, loaded and run exactly as the pane does, and the heap's size afterwards is what that needed.
import { watchWasmMemory, wasmHeap } from '../runtime/wasm-heap';
import { LabService } from './lab-service';
import type { MemoryProbeApi, MemoryProbeRequest, MemoryStats } from './memory-api';

export class MemoryProbeService implements MemoryProbeApi {
  constructor() {
    watchWasmMemory(); // before ORT's first session creates its memory
  }

  async measure(request: MemoryProbeRequest): Promise<MemoryStats> {
    const lab = new LabService();
    const opened = await lab.open(request.source);
    // The report is only handed back by adoptVariant (the pane has the real one); the bytes are what counts here.
    await lab.adoptVariant(request.variant, { recipe: [], steps: [], before: { raw: opened.bytes }, after: { raw: request.variant.length }, summary: opened.summary });
    const info = await lab.load(request.options);
    if (request.input !== undefined) await lab.predict(request.input);
    await lab.benchmark({ runs: request.runs, warmup: 0 });
    const heap = wasmHeap();
    if (!heap.bytes) throw new Error('The WASM heap could not be read in this browser.');
    return { peakHeapBytes: heap.bytes, initialHeapBytes: heap.initialBytes, runs: request.runs, backend: info.backend, threads: info.threads };
  }
}

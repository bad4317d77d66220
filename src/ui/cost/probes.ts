// The page's memory probes (one fresh worker per probe, see memory.svelte.ts).
import { MemoryProbes } from './memory.svelte';

export const memoryProbes = new MemoryProbes(() => new Worker(new URL('../../workers/memory.worker.ts', import.meta.url), { type: 'module' }));

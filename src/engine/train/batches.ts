// Batch order for training: epochs of shuffled samples, with batches of similar size when samples differ.
import { shuffleInPlace } from '../random';
import type { TrainingSet } from './data';

/** Samples per batch come from a pool of this many batches sorted by size (when sizes differ). */
const BUCKET_BATCHES = 16;

/**
 * Epochs of shuffled samples, cut into batches. When samples differ in size (sentences), each run of
 * BUCKET_BATCHES batches is sorted by size before cutting and the batches are then shuffled, so a batch holds
 * sentences of similar length and pads little, while the order of batches stays random.
 */
export function batchSampler(data: TrainingSet, size: number, rng: () => number): () => number[] {
  const order = Int32Array.from({ length: data.count }, (_, i) => i);
  let queue: number[][] = [];
  let cursor = data.count;
  return () => {
    while (!queue.length) {
      if (cursor >= data.count) { shuffleInPlace(order, rng); cursor = 0; }
      const pool = Array.from(order.subarray(cursor, cursor + size * BUCKET_BATCHES));
      cursor += pool.length;
      if (data.sizes) pool.sort((a, b) => data.sizes![a] - data.sizes![b] || a - b);
      for (let i = 0; i < pool.length; i += size) queue.push(pool.slice(i, i + size));
      // A short tail batch is topped up from the next epoch's samples instead of running small.
      if (queue[queue.length - 1].length < size) {
        const tail = queue.pop()!;
        if (cursor >= data.count) { shuffleInPlace(order, rng); cursor = 0; }
        const fill = Array.from(order.subarray(cursor, cursor + size - tail.length));
        cursor += fill.length;
        queue.push([...tail, ...fill]);
      }
      if (data.sizes) queue = shuffledBatches(queue, rng);
    }
    return queue.shift()!;
  };
}

function shuffledBatches(batches: number[][], rng: () => number): number[][] {
  const idx = shuffleInPlace(Int32Array.from(batches.keys()), rng);
  return Array.from(idx, (i) => batches[i]);
}

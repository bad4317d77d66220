// Input shapes for uploads: the defaults from names and rank (the rules), remembered choices, and the
// validation that names the input and the expected rank or size before onnxruntime sees a shape.
import { describe, expect, it } from 'vitest';
import { buildFeeds } from '../../../src/engine/inputs/feeds';
import { defaultSpecs } from '../../../src/engine/inputs/hints';
import { resolveSpecs, savedFrom, specProblem } from '../../../src/engine/inputs/resolve';
import { checkDims, parseDims, type InputSpec } from '../../../src/engine/inputs/spec';
import type { IoInfo } from '../../../src/engine/model-info';

const io = (name: string, elemType: string, dims: IoInfo['dims']): IoInfo => ({ name, elemType, dims });
const dimsOf = (specs: InputSpec[]) => Object.fromEntries(specs.map((s) => [s.name, s.dims]));

describe('default shapes from names and rank', () => {
  it('images: batch 1, 3 channels, 224 for classifiers, 640 for detectors, 320 for segmenters, a size in the name first', () => {
    const image = [io('pixel_values', 'float', ['batch', 'channels', 'height', 'width'])];
    expect(dimsOf(defaultSpecs(image, 'resnet50.onnx'))).toEqual({ pixel_values: [1, 3, 224, 224] });
    expect(dimsOf(defaultSpecs([io('images', 'float', [1, 3, 'h', 'w'])], 'yolov8n.onnx'))).toEqual({ images: [1, 3, 640, 640] });
    expect(dimsOf(defaultSpecs([io('input', 'float', ['N', 3, null, null])], 'selfie_segmentation.onnx'))).toEqual({ input: [1, 3, 320, 320] });
    expect(dimsOf(defaultSpecs([io('input', 'float', ['N', 3, 'H', 'W'])], 'mobilenet_v2_1.0_192.onnx'))).toEqual({ input: [1, 3, 192, 192] });
    // NHWC (TensorFlow exports): channels last stay 3, height and width get the size.
    expect(dimsOf(defaultSpecs([io('input_1', 'float', ['unk__1', 'unk__2', 'unk__3', 3])], 'model.onnx'))).toEqual({ input_1: [1, 224, 224, 3] });
  });

  it('token sequences get 128, and one symbol gets one size across inputs', () => {
    const bert = [io('input_ids', 'int64', ['batch', 'sequence']), io('attention_mask', 'int64', ['batch', 'sequence'])];
    const specs = defaultSpecs(bert, 'bert.onnx');
    expect(dimsOf(specs)).toEqual({ input_ids: [1, 128], attention_mask: [1, 128] });
    expect(specs[1].fill).toEqual({ kind: 'constant', value: 1 }); // a mask of ones, not random 0/1
  });

  it('a streaming audio model (Silero-VAD-like): 512-sample chunks, a zero state, a 16 kHz sample rate', () => {
    const vad = [io('input', 'float', [null, null]), io('state', 'float', [2, null, 128]), io('sr', 'int64', [])];
    const specs = defaultSpecs(vad, 'silero_vad.onnx');
    expect(dimsOf(specs)).toEqual({ input: [1, 512], state: [2, undefined, 128], sr: [] });
    expect(specs.map((s) => s.fill)).toEqual([{ kind: 'random' }, { kind: 'constant', value: 0 }, { kind: 'constant', value: 16000 }]);
    // The state's unnamed batch dimension cannot be guessed: the user is asked, by input and dimension.
    expect(specProblem(specs)?.en).toBe('Input "state": give a size for dimension 2; ModelLab cannot guess it from the model.');
    const named = defaultSpecs([io('input', 'float', ['batch', 'samples']), io('state', 'float', [2, 'batch', 128]), io('sr', 'int64', [])], 'vad.onnx');
    expect(dimsOf(named)).toEqual({ input: [1, 512], state: [2, 1, 128], sr: [] });
  });

  it('otherwise asks: a dynamic feature dimension of a tabular model is left for the user', () => {
    const specs = defaultSpecs([io('features', 'float', ['N', 'F'])], 'model.onnx');
    expect(specs[0].dims).toEqual([1, undefined]);
    expect(specProblem(specs)?.en).toMatch(/^Input "features": give a size for dimension 2 \("F"\)/);
  });

  it('remembered shapes replace the defaults where they still fit the model; stale ones are dropped', () => {
    const inputs = [io('pixel_values', 'float', ['N', 3, 'H', 'W'])];
    const saved = savedFrom([{ ...defaultSpecs(inputs)[0], dims: [1, 3, 64, 48] }]);
    expect(resolveSpecs(inputs, 'm.onnx', saved)[0].dims).toEqual([1, 3, 64, 48]);
    const stale = { dims: { pixel_values: [1, 1, 64, 64] }, fills: {} }; // channels are fixed at 3
    expect(resolveSpecs(inputs, 'm.onnx', stale)[0].dims).toEqual([1, 3, 224, 224]);
  });
});

describe('shape validation', () => {
  const spec = defaultSpecs([io('images', 'float', ['N', 3, 'H', 'W'])])[0];

  it('names the input and the expected rank, the fixed size, or the bad value', () => {
    expect(checkDims(spec, [1, 3, 224])?.en).toBe('Input "images" has 4 dimensions (N × 3 × H × W); you gave 3 (1 × 3 × 224).');
    expect(checkDims(spec, [1, 4, 224, 224])?.en).toBe('Input "images": dimension 2 is fixed at 3 by the model (N × 3 × H × W); you gave 4.');
    expect(checkDims(spec, [1, 3, 0, 224])?.en).toMatch(/dimension 3 \("H"\) must be a whole number of at least 1; you gave 0/);
    expect(checkDims(spec, [1, 3, 100_000, 100_000])?.en).toMatch(/would have 30,000,000,000 values/);
    expect(checkDims(spec, [1, 3, 64, 64])).toBeUndefined();
    expect(checkDims(spec, [1, 3, 224])?.zh).toBe('输入“images”有 4 个维度（N × 3 × H × W）；你给了 3 个（1 × 3 × 224）。');
  });

  it('parses what people type, and says what is not a size', () => {
    expect(parseDims('1, 3, 224, 224')).toEqual([1, 3, 224, 224]);
    expect(parseDims('1x3x64×48')).toEqual([1, 3, 64, 48]);
    expect(parseDims('[1 3 32 32]')).toEqual([1, 3, 32, 32]);
    expect(parseDims('')).toEqual([]);
    expect(parseDims('1, 3, -2')).toMatchObject({ en: expect.stringMatching(/^"-2" is not a size/) });
    expect(parseDims('1, 3.5')).toMatchObject({ en: expect.stringMatching(/^"3\.5" is not a size/) });
  });

  it('feeds are built only from checked specs: a missing size throws the same sentence, not an ORT error', () => {
    const ask = defaultSpecs([io('features', 'float', ['N', 'F'])]);
    expect(() => buildFeeds(ask, 1)).toThrow(/^Input "features": give a size for dimension 2/);
    const feeds = buildFeeds([{ ...ask[0], dims: [1, 5] }], 1);
    expect(feeds.features).toMatchObject({ type: 'float32', dims: [1, 5] });
    expect(() => buildFeeds([{ ...ask[0], dims: [1, 5] }], 1, { features: { type: 'float32', dims: [1, 4], data: new Float32Array(4) } })).toThrow(/has the shape 1 × 4, but the input is set to 1 × 5/);
  });
});

// The user's decoded files -> the sample set: each file to its input, notes for what was changed, errors per file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultSpecs } from '../../../src/engine/inputs/hints';
import { buildSamples, type BuildSettings, type SampleSource } from '../../../src/engine/samples/build';
import { parseNpz } from '../../../src/engine/samples/npz';

const settings: BuildSettings = { image: { layout: 'nchw', normalization: 'unit', order: 'rgb', resize: 'crop' }, maxChunks: 64, maxSamples: 128, maxBytes: 1 << 30 };
const photo: SampleSource = { kind: 'image', name: 'cat.png', pixels: { width: 4, height: 2, data: new Uint8Array(32).fill(255) } };

describe('building the sample set', () => {
  it('images go to the image input, arrays by name, a second input filled synthetically', () => {
    const specs = defaultSpecs([{ name: 'x', elemType: 'float', dims: [1, 4] }, { name: 'ids', elemType: 'int64', dims: [1, 6] }, { name: 'image', elemType: 'float', dims: ['N', 3, 8, 8] }]);
    const npz: SampleSource = { kind: 'arrays', name: 'named.npz', arrays: parseNpz(new Uint8Array(readFileSync('tests/fixtures/samples/named.npz'))) };
    const built = buildSamples([photo, npz], specs, settings);
    expect(built.names).toEqual(['cat.png', 'named.npz']);
    expect(Object.keys(built.feeds[0])).toEqual(['image']);
    expect(built.feeds[0].image).toMatchObject({ dims: [1, 3, 8, 8] });
    expect(Array.from(built.feeds[0].image.data as Float32Array).every((v) => v === 1)).toBe(true); // white, scaled to [0, 1]
    expect(Object.keys(built.feeds[1]).sort()).toEqual(['ids', 'x']);
    expect(built.outcomes.map((o) => o.input)).toEqual(['image', 'x, ids']);
  });

  it('audio at another rate is noted as resampled; an unnamed array goes to the chosen input', () => {
    const specs = defaultSpecs([{ name: 'input', elemType: 'float', dims: ['batch', 'samples'] }, { name: 'sr', elemType: 'int64', dims: [] }], 'vad.onnx');
    const audio: SampleSource = { kind: 'audio', name: 'a.wav', pcm: new Float32Array(1024), rate: 16_000, fileRate: 44_100 };
    const sr: SampleSource = { kind: 'arrays', name: 'sr.json', arrays: new Map([['', { dtype: 'float64', shape: [], data: Float64Array.from([8000]), untyped: true }]]) };
    const built = buildSamples([audio, sr], specs, { ...settings, target: 'sr' });
    expect(built.outcomes[0]).toMatchObject({ count: 2, input: 'input', note: { en: 'resampled from 44.1 kHz to 16 kHz' } });
    expect(built.outcomes[1]).toMatchObject({ count: 1, input: 'sr' });
    expect(built.feeds[2].sr.data).toEqual(BigInt64Array.from([8000n]));
  });

  it('caps the count and the bytes, saying so; a file for an input the model lacks gets its own error', () => {
    const specs = defaultSpecs([{ name: 'x', elemType: 'float', dims: [1, 4] }]);
    const stack: SampleSource = { kind: 'arrays', name: 's.json', arrays: new Map([['', { dtype: 'float64', shape: [10, 4], data: new Float64Array(40), untyped: true }]]) };
    expect(buildSamples([stack], specs, { ...settings, maxSamples: 3 }).outcomes[0]).toMatchObject({ count: 3, note: { en: '3 of 10 used: at most 3 samples or 1024 MB in all' } });
    expect(buildSamples([stack], specs, { ...settings, maxBytes: 16 * 5 }).outcomes[0].count).toBe(5); // 16 bytes each
    const wrong: SampleSource = { kind: 'arrays', name: 'w.npz', arrays: new Map([['a', stack.arrays.get('')!], ['b', stack.arrays.get('')!]]) };
    expect(buildSamples([wrong, photo], specs, settings).outcomes.map((o) => o.error?.en)).toEqual([
      'w.npz has an array "a", but the model has no input of that name (its inputs: x).',
      'cat.png: this model has no image input (4 dimensions, with a channel axis of 1, 3 or 4). Its inputs: x (float). Add samples as .npy or JSON instead.',
    ]);
  });
});

// An uploaded model fed the way the user set it up: input shapes (defaults, or chosen), the user's samples for
// calibration, agreement and latency, and every figure saying which inputs it used. Real ORT (WASM) runs.
import { describe, expect, it } from 'vitest';
import { createRunner } from '../../src/runtime/ort';
import { LabService } from '../../src/workers/lab-service';
import type { InputSetup } from '../../src/workers/upload-inputs';
import { dynamicImageModel } from '../fixtures/dynamic-image-model';

const QDQ = [{ transform: 'int8-qdq' as const, options: {} }];

/** Four "photos" of 1×3×16×16: smooth gradients, unlike uniform noise. */
function photos(n: number): InputSetup['samples'] {
  const feeds = Array.from({ length: n }, (_, k) => {
    const data = new Float32Array(3 * 16 * 16);
    for (let c = 0; c < 3; c++) for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) data[(c * 16 + y) * 16 + x] = ((x + k * 3) * (c + 1) + y * 2) / 64;
    return { pixel_values: { type: 'float32' as const, dims: [1, 3, 16, 16], data } };
  });
  return { names: feeds.map((_, i) => `photo-${i}.png`), feeds };
}

describe('an upload with dynamic height and width', () => {
  it('gets 224 × 224 by default instead of 1 × 1, and says its measurements are synthetic', async () => {
    const lab = new LabService();
    const opened = await lab.open({ kind: 'upload', name: 'classifier.onnx', bytes: dynamicImageModel() });
    expect(opened.inputs?.specs.map((s) => s.dims)).toEqual([[1, 3, 224, 224]]);
    expect(opened.inputs).toMatchObject({ samples: 0, problem: undefined });
    const report = await lab.compress(QDQ);
    expect(report.calibration).toEqual({ source: 'synthetic', n: 16 });
    await lab.load({ backend: 'wasm' });
    const evaluation = await lab.evaluate({ limit: 2 });
    expect(evaluation.inputs).toEqual({ source: 'synthetic', n: 2 });
    expect((await lab.benchmark({ runs: 1, warmup: 0 })).inputs).toEqual({ source: 'synthetic', n: 1 });
  });

  it('with chosen shapes and samples: calibration, agreement and latency run on the samples and say so', async () => {
    const lab = new LabService();
    const setup: InputSetup = { saved: { dims: { pixel_values: [1, 3, 16, 16] }, fills: {} }, samples: photos(4) };
    const opened = await lab.open({ kind: 'upload', name: 'classifier.onnx', bytes: dynamicImageModel(), inputs: setup });
    expect(opened.inputs).toMatchObject({ samples: 4, specs: [{ dims: [1, 3, 16, 16] }] });
    const report = await lab.compress(QDQ);
    expect(report.calibration).toEqual({ source: 'samples', n: 4 });
    await lab.load({ backend: 'wasm' });
    const evaluation = await lab.evaluate({});
    expect(evaluation).toMatchObject({ metric: 'agreement', n: 4, inputs: { source: 'samples', n: 4 } });
    expect((await lab.benchmark({ runs: 2, warmup: 1 })).inputs).toEqual({ source: 'samples', n: 1 });
    const { prediction } = await lab.predict({ sample: 2 });
    expect(prediction.outputs?.[0]).toMatchObject({ kind: 'topk', name: 'logits', dims: [1, 3] });
    // The prediction is the variant's output on that very sample (checked against ORT run on the sample directly).
    const variant = await createRunner({ backend: 'wasm' }).open(await lab.variantBytes());
    const direct = (await variant.run(setup.samples!.feeds[2])).logits.data as Float32Array;
    expect(Array.from(prediction.scores!)).toEqual(Array.from(direct));
    expect(Array.from((await lab.predict({ sample: 0 })).prediction.scores!)).not.toEqual(Array.from(direct));
    await variant.close();
    // Another sample set gives a different key, so a calibrated variant is never reused across sets.
    const other = await new LabService().open({ kind: 'upload', name: 'classifier.onnx', bytes: dynamicImageModel(), inputs: { ...setup, samples: photos(3) } });
    expect(other.inputs?.key).not.toBe(opened.inputs?.key);
  });

  it('a sample that does not fit the shapes is refused before ORT, naming the input', async () => {
    const lab = new LabService();
    const setup: InputSetup = { saved: { dims: { pixel_values: [1, 3, 32, 32] }, fills: {} }, samples: photos(1) };
    await expect(lab.open({ kind: 'upload', name: 'classifier.onnx', bytes: dynamicImageModel(), inputs: setup })).rejects.toThrow(
      'A sample for input "pixel_values" has the shape 1 × 3 × 16 × 16, but the input is set to 1 × 3 × 32 × 32.',
    );
  });

  it('when ORT rejects the shapes at run time, the message says which shapes were fed', async () => {
    const lab = new LabService();
    await lab.open({ kind: 'upload', name: 'fixed-head.onnx', bytes: dynamicImageModel({ fixedSize: 8 }), inputs: { saved: { dims: { pixel_values: [1, 3, 4, 4] }, fills: {} } } });
    await lab.load({ backend: 'wasm' });
    await expect(lab.predict(1)).rejects.toThrow(/Running the model failed at its Gemm node "fc".*\(Inputs used: pixel_values 1 × 3 × 4 × 4\. Change their shapes under "Input shapes"/);
  });
});

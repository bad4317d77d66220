import { describe, expect, it } from 'vitest';
import { openStore, browserInfo } from '../../../src/storage';
import { REPORT, STATS, bytes, freshName } from './helpers';

describe('BenchmarkHistory', () => {
  it('lists runs newest first, per model, with the browser that measured them', async () => {
    const name = freshName();
    const store = await openStore({ name });
    const browser = { brand: 'Chrome', version: '156', platform: 'Linux' };
    await store.benchmarks.add({ modelId: 'digits-cnn', recipe: [], backend: 'wasm', threads: 2, stats: STATS, date: 1000, browser });
    await store.benchmarks.add({ modelId: 'other', recipe: [], backend: 'webgpu', threads: 1, stats: STATS, date: 2000, browser });
    const latest = await store.benchmarks.add({ modelId: 'digits-cnn', recipe: [{ transform: 'quantize-dynamic' as never }], backend: 'wasm', threads: 4, stats: STATS, date: 3000, browser });
    expect(latest.id).toBeGreaterThan(0);
    store.close();

    const again = await openStore({ name });
    const digits = await again.benchmarks.list('digits-cnn');
    expect(digits.map((b) => b.threads)).toEqual([4, 2]);
    expect(digits[0]).toMatchObject({ backend: 'wasm', browser, stats: STATS, recipe: [{ transform: 'quantize-dynamic' }] });
    expect((await again.benchmarks.list()).map((b) => b.date)).toEqual([3000, 2000, 1000]);
  });

  it('fills in the date and browser when not given', async () => {
    const store = await openStore({ name: freshName() });
    const run = await store.benchmarks.add({ modelId: 'm', recipe: [], backend: 'wasm', threads: 1, stats: STATS });
    expect(Math.abs(run.date - Date.now())).toBeLessThan(5000);
    expect(run.browser.brand).toBeTruthy();
  });

  it('reads the browser from client hints or the user agent', () => {
    expect(browserInfo({ userAgentData: { brands: [{ brand: 'Not)A;Brand', version: '8' }, { brand: 'Chromium', version: '156' }, { brand: 'Google Chrome', version: '156' }], platform: 'macOS' } }))
      .toEqual({ brand: 'Google Chrome', version: '156', platform: 'macOS' });
    expect(browserInfo({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0' })).toMatchObject({ brand: 'Firefox', version: '130.0' });
  });
});

describe('UserModels', () => {
  it('adds, lists without bytes, gets, dedupes by content and removes', async () => {
    const name = freshName();
    const store = await openStore({ name });
    const a = await store.models.add('a.onnx', bytes(1, 2, 3));
    await store.models.add('b.onnx', bytes(4, 5));
    await store.models.add('a-renamed.onnx', bytes(1, 2, 3));
    store.close();

    const again = await openStore({ name });
    const list = await again.models.list();
    expect(list.map((m) => m.name).sort()).toEqual(['a-renamed.onnx', 'b.onnx']);
    expect(list.every((m) => !('bytes' in m))).toBe(true);
    const got = await again.models.get(a.sha256);
    expect(got).toMatchObject({ name: 'a-renamed.onnx', size: 3, bytes: bytes(1, 2, 3) });
    await again.models.remove(a.sha256);
    expect(await again.models.get(a.sha256)).toBeUndefined();
    expect((await again.models.list()).map((m) => m.name)).toEqual(['b.onnx']);
  });
});

describe('deleteAllData', () => {
  it('deletes variants, benchmarks and user models for good', async () => {
    const name = freshName();
    const store = await openStore({ name });
    await store.variants.put('k', bytes(1), REPORT);
    await store.benchmarks.add({ modelId: 'm', recipe: [], backend: 'wasm', threads: 1, stats: STATS });
    await store.models.add('x.onnx', bytes(2));
    await store.deleteAllData();
    store.close();

    const again = await openStore({ name });
    expect(await again.variants.count()).toBe(0);
    expect(await again.benchmarks.count()).toBe(0);
    expect(await again.models.count()).toBe(0);
    expect(again.status.remembered).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { en } from '../../../src/ui/i18n/en';
import { zh } from '../../../src/ui/i18n/zh';
import { format } from '../../../src/ui/i18n/i18n.svelte';
import { applicableCaveats } from '../../../src/ui/caveats';
import { TRANSFORMS } from '../../../src/engine/transforms';
import type { ModelSummary } from '../../../src/engine/model-info';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
  it('has every English key in Chinese, with the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
      expect(zh[key].trim(), key).not.toBe('');
    }
  });

  it('translates the offline panel too, with the same placeholders', async () => {
    const { OFFLINE_TEXT, OFFLINE_TEXT_ZH } = await import('../../../src/ui/state/offline.svelte');
    expect(Object.keys(OFFLINE_TEXT_ZH).sort()).toEqual(Object.keys(OFFLINE_TEXT).sort());
    for (const key of Object.keys(OFFLINE_TEXT) as (keyof typeof OFFLINE_TEXT)[]) {
      expect(placeholders(OFFLINE_TEXT_ZH[key]), key).toEqual(placeholders(OFFLINE_TEXT[key]));
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('median {median} ms', { median: 3.2 })).toBe('median 3.2 ms');
    expect(format('{a} {b}', { a: 1 })).toBe('1 {b}');
  });

  it('every technique explains itself in both languages', () => {
    for (const t of TRANSFORMS) {
      for (const text of [t.meta.label, t.meta.summary, ...t.meta.caveats.map((c) => c.text), ...t.meta.options.map((o) => o.label)]) {
        expect(text.en.trim(), t.meta.id).not.toBe('');
        expect(text.zh.trim(), t.meta.id).not.toBe('');
        expect(/[\u4e00-\u9fff]/.test(text.zh), `${t.meta.id}: ${text.zh}`).toBe(true);
      }
    }
  });
});

describe('caveats next to the controls', () => {
  const cnn = { hasMatMul: true, hasConv: true } as ModelSummary;
  const mlp = { hasMatMul: true, hasConv: false } as ModelSummary;

  it('warns that int8 dynamic falls back to the CPU on WebGPU, only on WebGPU', () => {
    const onGpu = applicableCaveats([{ transform: 'int8-dynamic' }], { backend: 'webgpu', summary: mlp });
    const onWasm = applicableCaveats([{ transform: 'int8-dynamic' }], { backend: 'wasm', summary: mlp });
    expect(onGpu.some((c) => /CPU/.test(c.text.en))).toBe(true);
    expect(onWasm.some((c) => /WebGPU has no kernels/.test(c.text.en))).toBe(false);
  });

  it('says unstructured sparsity changes only the gzip size', () => {
    const c = applicableCaveats([{ transform: 'prune-unstructured' }], { backend: 'wasm', summary: cnn });
    expect(c.map((x) => x.text.en).join(' ')).toMatch(/gzip/i);
  });

  it('lists each caveat once even when a technique appears twice', () => {
    const once = applicableCaveats([{ transform: 'fp16' }], { backend: 'webgpu', summary: cnn });
    const twice = applicableCaveats([{ transform: 'fp16' }, { transform: 'fp16' }], { backend: 'webgpu', summary: cnn });
    expect(twice).toEqual(once);
  });
});

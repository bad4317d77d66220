import { describe, expect, it } from 'vitest';
import { decodePermalink, encodePermalink, type Permalink } from '../../../src/ui/state/permalink';

describe('permalink', () => {
  const link: Permalink = {
    model: 'digits-cnn',
    panes: [
      { recipe: [], choice: { backend: 'wasm', threads: 1 } },
      { recipe: [{ transform: 'prune-unstructured', options: { rate: 50 } }, { transform: 'int8-dynamic', options: { granularity: 'per-tensor' }, exclude: ['fc2'] }], choice: { backend: 'webgpu' } },
    ],
    locale: 'zh',
  };

  it('round-trips model, both recipes (options resolved) and backends', () => {
    const back = decodePermalink(encodePermalink(link))!;
    expect(back.model).toBe('digits-cnn');
    expect(back.locale).toBe('zh');
    expect(back.panes[0]).toEqual({ recipe: [], choice: { backend: 'wasm', threads: 1 } });
    expect(back.panes[1].choice).toEqual({ backend: 'webgpu', threads: undefined });
    expect(back.panes[1].recipe.map((s) => s.transform)).toEqual(['prune-unstructured', 'int8-dynamic']);
    expect(back.panes[1].recipe[0].options).toMatchObject({ rate: 50 });
    expect(back.panes[1].recipe[1].options).toMatchObject({ granularity: 'per-tensor', conv: true });
    expect(back.panes[1].recipe[1].exclude).toEqual(['fc2']); // layers kept as is (from layer sensitivity)
    expect(back.panes[1].recipe[0].exclude).toBeUndefined();
  });

  it('treats an empty hash as no link', () => {
    expect(decodePermalink('')).toBeUndefined();
    expect(decodePermalink('#')).toBeUndefined();
  });

  it('rejects mangled links with a reason instead of half-applying them', () => {
    expect(() => decodePermalink('#a=1')).toThrow(/names no model/);
    expect(() => decodePermalink('#m=digits-cnn&a=%7Bbroken')).toThrow(/could not be read/);
    const badTechnique = encodePermalink({ ...link, panes: [{ recipe: [{ transform: 'int3' as never }], choice: { backend: 'wasm' } }, link.panes[1]] });
    expect(() => decodePermalink(badTechnique)).toThrow(/Unknown technique "int3"/);
    const badOption = encodePermalink({ ...link, panes: [{ recipe: [{ transform: 'prune-unstructured', options: { rate: 400 } }], choice: { backend: 'wasm' } }, link.panes[1]] });
    expect(() => decodePermalink(badOption)).toThrow(/rate must be a number from 0 to 95/);
    const badBackend = encodePermalink({ ...link, panes: [{ recipe: [], choice: { backend: 'cuda' as never } }, link.panes[1]] });
    expect(() => decodePermalink(badBackend)).toThrow(/Valid backends: wasm, webgpu/);
  });
});

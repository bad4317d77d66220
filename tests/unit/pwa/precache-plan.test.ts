import { describe, expect, it } from 'vitest';
import { findPlanned, isHeavy, planPrecache, withIsolationHeaders } from '../../../src/pwa/precache-plan';

const SW = 'https://owner.github.io/modellab/sw.js';
const ENTRIES = [
  { url: 'index.html', revision: 'abc', bytes: 900 },
  { url: 'assets/index-1234abcd.js', revision: null, bytes: 80_000 },
  { url: 'assets/ort-wasm-simd-threaded.asyncify-D5D0fo7z.wasm', revision: null, bytes: 26_781_914 },
  { url: 'assets/model-0EfTgVk9.onnx', revision: null, bytes: 100_000 },
  { url: 'assets/eval-x.json', revision: null, bytes: 547_103 },
  { url: 'assets/MODEL_CARD-y.md', revision: null, bytes: 6_000 },
];

describe('precache plan', () => {
  it('stores code at install and leaves runtime, models and big data for the offline button', () => {
    const plan = planPrecache(ENTRIES, SW);
    expect(plan.shell.map((f) => f.url.replace('https://owner.github.io', ''))).toEqual([
      '/modellab/index.html',
      '/modellab/assets/index-1234abcd.js',
      '/modellab/assets/MODEL_CARD-y.md',
    ]);
    expect(plan.heavy.map((f) => f.bytes)).toEqual([26_781_914, 100_000, 547_103]);
    expect(isHeavy('https://x/big.js', 50_000_000)).toBe(false);
  });

  it('keys unhashed files by revision, and changes version when any file changes', () => {
    const plan = planPrecache(ENTRIES, SW);
    expect(plan.shell[0].cacheKey).toBe('https://owner.github.io/modellab/index.html?__rev=abc');
    expect(plan.shell[1].cacheKey).toBe(plan.shell[1].url);
    const next = planPrecache([{ ...ENTRIES[0], revision: 'def' }, ...ENTRIES.slice(1)], SW);
    expect(next.version).not.toBe(plan.version);
    expect(next.shellCache).toMatch(/^modellab-shell-[0-9a-f]{8}$/);
    expect(planPrecache(ENTRIES, SW).version).toBe(plan.version);
  });

  it('maps the directory and query strings onto stored files', () => {
    const plan = planPrecache(ENTRIES, SW);
    expect(findPlanned(plan, 'https://owner.github.io/modellab/')?.url).toMatch(/index\.html$/);
    expect(findPlanned(plan, 'https://owner.github.io/modellab/?lang=zh#x')?.url).toMatch(/index\.html$/);
    expect(findPlanned(plan, 'https://owner.github.io/modellab/assets/model-0EfTgVk9.onnx')?.heavy).toBe(true);
    expect(findPlanned(plan, 'https://owner.github.io/other/index.html')).toBeUndefined();
  });

  it('adds the cross-origin isolation headers and keeps status, type and body', async () => {
    const original = new Response('hello', { status: 201, statusText: 'Made', headers: { 'Content-Type': 'text/plain' } });
    const out = withIsolationHeaders(original);
    expect(out.status).toBe(201);
    expect(out.statusText).toBe('Made');
    expect(out.headers.get('Content-Type')).toBe('text/plain');
    expect(out.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(out.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(out.headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');
    expect(await out.text()).toBe('hello');
    expect(withIsolationHeaders(new Response(null, { status: 304 })).status).toBe(304);
  });
});

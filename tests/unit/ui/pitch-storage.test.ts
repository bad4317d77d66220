// What pitch mode and the cost assumptions keep on this device (localStorage): saved comparisons survive a
// reload, damaged entries are dropped one by one, a full or missing storage loses nothing on the page, bad
// settings are refused, and "Delete all data" removes exactly ModelLab's keys.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildResults } from '../../../src/ui/export/results';
import { COMPARISONS_KEY, MAX_COMPARISONS, appendComparison, loadComparisons } from '../../../src/ui/pitch/comparisons';
import { PitchState } from '../../../src/ui/pitch/pitch.svelte';
import { CostSettingsState, sanitize } from '../../../src/ui/cost/settings.svelte';
import { forgetAllJson } from '../../../src/ui/local-json';
import { DEFAULT_COST_SETTINGS, DEVICE_PRESETS } from '../../../src/engine/cost';
import { sampleInput } from './export-fixtures';

/** A Storage with the browser's API, optionally refusing writes like a full disk. */
class FakeStorage {
  map = new Map<string, string>();
  full = false;
  get length() { return this.map.size; }
  key(i: number) { return [...this.map.keys()][i] ?? null; }
  getItem(k: string) { return this.map.get(k) ?? null; }
  setItem(k: string, v: string) {
    if (this.full) throw new DOMException('full', 'QuotaExceededError');
    this.map.set(k, v);
  }
  removeItem(k: string) { this.map.delete(k); }
}

let storage: FakeStorage;
beforeEach(() => {
  storage = new FakeStorage();
  vi.stubGlobal('localStorage', storage);
});
afterEach(() => vi.unstubAllGlobals());

function measured(medianMs = 0.5) {
  const input = sampleInput();
  input.panes[1].latency = { n: 30, warmup: 5, medianMs, p95Ms: medianMs * 2, minMs: medianMs, maxMs: medianMs * 3, meanMs: medianMs };
  input.panes[1].evaluation = { metric: 'accuracy', value: 0.97, ci95: { low: 0.96, high: 0.98 }, n: 2000, ms: 1 };
  return buildResults(input);
}

describe('saved comparisons', () => {
  it('saves measured comparisons only, keeps them across a reload, and steps within bounds', () => {
    const pitch = new PitchState();
    expect(pitch.save(buildResults(sampleInput()))).toBeInstanceOf(Error); // the right pane is not measured
    expect(pitch.save(measured(0.5))).toBe(1);
    expect(pitch.save(measured(0.25))).toBe(2);

    const reloaded = new PitchState();
    expect(reloaded.saved.map((c) => c.results.panes[1].latency!.medianMs)).toEqual([0.5, 0.25]);
    reloaded.enter();
    expect([reloaded.open, reloaded.index]).toEqual([true, 1]);
    reloaded.step(1);
    expect(reloaded.index).toBe(1);
    reloaded.step(-5);
    expect(reloaded.index).toBe(0);
    reloaded.remove(reloaded.saved[0].id);
    expect(new PitchState().saved.map((c) => c.results.panes[1].latency!.medianMs)).toEqual([0.25]);
  });

  it('drops damaged entries one by one and keeps at most the newest 50', () => {
    const good = { id: 'a', results: measured() };
    storage.map.set(`modellab.${COMPARISONS_KEY}`, JSON.stringify([good, { id: 'b', results: { format: 'other' } }, null, { results: measured() }]));
    expect(loadComparisons().map((c) => c.id)).toEqual(['a']);
    storage.map.set(`modellab.${COMPARISONS_KEY}`, '{not json');
    expect(loadComparisons()).toEqual([]);
    let list = loadComparisons();
    for (let i = 0; i < MAX_COMPARISONS + 3; i++) list = appendComparison(list, measured(), String(i));
    expect(list).toHaveLength(MAX_COMPARISONS);
    expect(list[0].id).toBe('3');
  });

  it('keeps a comparison for this session when the browser refuses to store it, and says so', () => {
    const pitch = new PitchState();
    storage.full = true;
    const result = pitch.save(measured());
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toMatch(/full or blocked/);
    expect(pitch.saved).toHaveLength(1);
    vi.stubGlobal('localStorage', undefined); // no storage at all (site data blocked)
    expect(new PitchState().saved).toEqual([]);
  });
});

describe('cost and fit assumptions', () => {
  it('start from the stated defaults, refuse values that are not positive numbers, and are kept on this device', () => {
    const s = new CostSettingsState();
    expect(s.cost).toEqual(DEFAULT_COST_SETTINGS);
    expect(s.isDefaultPrice).toBe(true);
    expect(s.setNumber('pricePerHour', -1)).toBe(false);
    expect(s.setNumber('pricePerHour', Number.NaN)).toBe(false);
    expect(s.setNumber('vcpus', 2.5)).toBe(false);
    expect(s.cost.pricePerHour).toBe(DEFAULT_COST_SETTINGS.pricePerHour);
    expect(s.setNumber('pricePerHour', 0.5)).toBe(true);
    expect(s.isDefaultPrice).toBe(false);
    s.choosePreset('edge');
    expect(s.setBudget('memoryMiB', 300)).toBe(true);
    expect(s.setBudget('latencyMs', 80)).toBe(true);
    expect(s.setNetwork('4g', 25)).toBe(true);
    expect(s.setNetwork('3g', 0)).toBe(false);
    const again = new CostSettingsState();
    expect(again.cost.pricePerHour).toBe(0.5);
    expect(again.cost.mbps).toEqual({ ...DEFAULT_COST_SETTINGS.mbps, '4g': 25 });
    expect(again.device).toEqual({ ...DEVICE_PRESETS.edge, memoryMiB: 300, latencyMs: 80 });
    again.reset();
    expect(again.cost.mbps).toEqual(DEFAULT_COST_SETTINGS.mbps);
  });

  it('replaces broken saved values by their defaults', () => {
    expect(sanitize({ cost: { pricePerHour: -2, vcpus: 0, wattsPerCore: Number.NaN as unknown as number, mbps: { '3g': -1 } as never }, device: { preset: 'toaster' as never, memoryMiB: -1, latencyMs: 0 } })).toEqual({
      cost: DEFAULT_COST_SETTINGS,
      device: DEVICE_PRESETS.phone,
    });
  });

  it('"Delete all data" removes every ModelLab key and nothing else', () => {
    storage.map.set('modellab.pitch.v1', '[]');
    storage.map.set('modellab.cost.v1', '{}');
    storage.map.set('another-app', 'keep');
    forgetAllJson();
    expect([...storage.map.keys()]).toEqual(['another-app']);
  });
});

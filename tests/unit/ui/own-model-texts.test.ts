// Honesty texts for uploads: the int8 QDQ warning about synthetic calibration shows exactly when an upload has no
// samples, and every text that points at a control (“Your samples”, “Input shapes”) names a label the UI shows.
import { describe, expect, it } from 'vitest';
import { TRANSFORMS } from '../../../src/engine/transforms';
import type { ModelSummary } from '../../../src/engine/model-info';
import { applicableCaveats } from '../../../src/ui/caveats';
import { en } from '../../../src/ui/i18n/en';
import { zh } from '../../../src/ui/i18n/zh';

const cnn = { hasMatMul: true, hasConv: true } as ModelSummary;
const quoted = (s: string) => [...s.matchAll(/“([^”]+)”/g)].map((m) => m[1]);

describe('honesty about synthetic inputs', () => {
  it('int8 QDQ warns next to its control that synthetic calibration can destroy accuracy, only without samples', () => {
    const warn = (syntheticInputs: boolean | undefined) =>
      applicableCaveats([{ transform: 'int8-qdq' }], { backend: 'wasm', summary: cnn, syntheticInputs }).some((c) => /synthetic inputs .* can destroy accuracy/.test(c.text.en));
    expect(warn(true)).toBe(true);
    expect(warn(false)).toBe(false);
    expect(warn(undefined)).toBe(false); // built-in models calibrate on their eval set
    expect(applicableCaveats([{ transform: 'int8-dynamic' }], { backend: 'wasm', summary: cnn, syntheticInputs: true }).some((c) => /synthetic/.test(c.text.en))).toBe(false);
  });

  it('texts that name a control name one that exists, in both languages', () => {
    // A control is a UI label (en.ts) or a technique's own option label or choice (its meta.ts, shown as is).
    const zhOf = new Map<string, string>(Object.entries(en).map(([k, v]) => [v, zh[k as keyof typeof en]]));
    for (const t of TRANSFORMS) {
      for (const o of t.meta.options) {
        zhOf.set(o.label.en, o.label.zh);
        if ('choices' in o) for (const c of o.choices ?? []) zhOf.set(c.label.en, c.label.zh);
      }
    }
    const texts = [
      ...TRANSFORMS.flatMap((t) => t.meta.caveats.map((c) => c.text)),
      { en: en['model.uploadHint'], zh: zh['model.uploadHint'] },
      { en: en['used.notRepresentativeWhy'], zh: zh['used.notRepresentativeWhy'] },
    ];
    let named = 0;
    for (const t of texts) {
      for (const name of quoted(t.en)) {
        const zhName = zhOf.get(name);
        expect(zhName, `“${name}” in: ${t.en}`).toBeDefined();
        expect(quoted(t.zh), `the Chinese of: ${t.en}`).toContain(zhName);
        named++;
      }
    }
    expect(named).toBeGreaterThanOrEqual(4);
    // The worker's run-error hint points at the shapes editor by its label.
    expect(en['inputs.shapes']).toBe('Input shapes');
  });
});

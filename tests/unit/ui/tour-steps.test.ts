import { describe, expect, it, vi } from 'vitest';
import { TOUR_STEPS, stepSettings, type TourStep } from '../../../src/ui/tour/steps';
import { applyTourStep, type TourTarget } from '../../../src/ui/tour/apply';
import { getTransform } from '../../../src/engine/transforms';
import { resolveOptions } from '../../../src/engine/transforms/options';
import { parseBackend } from '../../../src/runtime/backend';
import { getModel } from '../../../src/models/registry';
import type { PaneSettings } from '../../../src/ui/state/pane.svelte';

const sentences = (text: string, zh: boolean) => (zh ? text.split('。') : text.split(/[.!?](?:\s|$)/)).filter((s) => s.trim()).length;

describe('guided tour steps', () => {
  it('runs baseline → fp16 → int8 per tensor vs per channel → pruning → combined, on a registered model', () => {
    expect(TOUR_STEPS.map((s) => s.id)).toEqual(['baseline', 'fp16', 'int8-granularity', 'pruning', 'combine']);
    for (const step of TOUR_STEPS) expect(() => getModel(step.model), step.id).not.toThrow();
    const right = (id: string) => TOUR_STEPS.find((s) => s.id === id)!.panes[1].recipe;
    expect(right('fp16').map((s) => s.transform)).toEqual(['fp16']);
    const int8 = TOUR_STEPS.find((s) => s.id === 'int8-granularity')!.panes.map((p) => p.recipe[0].options?.granularity);
    expect(int8).toEqual(['per-tensor', 'per-channel']);
    expect(TOUR_STEPS.find((s) => s.id === 'pruning')!.panes.map((p) => p.recipe[0].transform)).toEqual(['prune-unstructured', 'prune-structured']);
    expect(right('combine').map((s) => s.transform)).toEqual(['prune-structured', 'int8-qdq']);
  });

  it('every recipe is valid for its techniques and every backend is known', () => {
    for (const step of TOUR_STEPS) {
      for (const pane of step.panes) {
        expect(() => parseBackend(pane.choice.backend)).not.toThrow();
        for (const s of pane.recipe) expect(() => resolveOptions(getTransform(s.transform).meta, s.options), `${step.id}: ${s.transform}`).not.toThrow();
      }
      expect(() => stepSettings(step)).not.toThrow();
    }
  });

  it('says what to look at in English and Chinese, in 2–4 sentences', () => {
    for (const step of TOUR_STEPS) {
      for (const text of [step.title, step.body]) {
        expect(text.en.trim(), step.id).not.toBe('');
        expect(/[\u4e00-\u9fff]/.test(text.zh), `${step.id}: ${text.zh}`).toBe(true);
      }
      expect(sentences(step.body.en, false), step.id).toBeGreaterThanOrEqual(2);
      expect(sentences(step.body.en, false), step.id).toBeLessThanOrEqual(4);
      expect(sentences(step.body.zh, true), step.id).toBeGreaterThanOrEqual(2);
      expect(sentences(step.body.zh, true), step.id).toBeLessThanOrEqual(4);
    }
  });

  it('hands out copies with every option resolved, so panes cannot edit the tour', () => {
    const step = TOUR_STEPS.find((s) => s.id === 'pruning')!;
    const settings = stepSettings(step);
    expect(settings[1].recipe[0].options).toEqual({ rate: 50, norm: 'l1' });
    settings[1].recipe[0].options!.rate = 10;
    settings[1].choice.backend = 'webgpu';
    expect(step.panes[1].recipe[0].options).toEqual({ rate: 50 });
    expect(step.panes[1].choice.backend).toBe('wasm');
  });
});

describe('applying a tour step', () => {
  function fakeLab(modelId: string, upload?: unknown) {
    const pane = () => ({ recipe: [] as PaneSettings['recipe'], choice: { backend: 'wasm' } as PaneSettings['choice'], apply: vi.fn(async () => {}) });
    const target = { modelId, upload, panes: [pane(), pane()], selectModel: vi.fn(async (_id: string, _s: [PaneSettings, PaneSettings]) => {}) };
    return target satisfies TourTarget;
  }
  const fp16 = TOUR_STEPS[1] as TourStep;

  it('on the step’s model, sets both panes and re-applies them (the drawn input stays)', async () => {
    const lab = fakeLab('digits-cnn');
    await applyTourStep(lab, fp16);
    expect(lab.selectModel).not.toHaveBeenCalled();
    expect(lab.panes[0].recipe).toEqual([]);
    expect(lab.panes[1].recipe).toEqual([{ transform: 'fp16', options: {} }]);
    expect(lab.panes.map((p) => p.apply.mock.calls.length)).toEqual([1, 1]);
  });

  it('on another model, or over an uploaded one, opens the step’s model with the step’s panes', async () => {
    for (const lab of [fakeLab('langid-50'), fakeLab('digits-cnn', { name: 'mine.onnx' })]) {
      await applyTourStep(lab, fp16);
      expect(lab.selectModel).toHaveBeenCalledWith('digits-cnn', stepSettings(fp16));
      expect(lab.panes[1].apply).not.toHaveBeenCalled();
    }
  });
});

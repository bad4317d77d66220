// The sentiment trainer's hand-written backward pass against finite differences (float64, tiny configuration).
import { describe, expect, it } from 'vitest';
import { gradientCheck } from '../../../scripts/train-sentiment/grad-check';

describe('sentiment trainer gradients', () => {
  it('match finite differences for every parameter (no dropout)', () => {
    const r = gradientCheck(undefined, 0);
    expect(r.checked).toBeGreaterThan(1000);
    expect(r.maxRelError, r.worst).toBeLessThan(1e-4);
  });

  it('match finite differences with dropout (replayed masks)', () => {
    const r = gradientCheck(undefined, 0.2);
    expect(r.maxRelError, r.worst).toBeLessThan(1e-4);
  });

  it('the check catches a wrong gradient (a 2% error in one attention weight)', () => {
    const r = gradientCheck(undefined, 0, (g) => { g['layer1.attn.q.weight'][5] *= 1.02; });
    expect(r.maxRelError).toBeGreaterThan(1e-3);
    expect(r.worst).toContain('layer1.attn.q.weight[5]');
  });
});

// AdamW (Adam with decoupled weight decay) over named parameter tensors: the one optimiser of the training
// scripts and of in-browser recovery. Optional masks freeze entries (pruned weights stay exactly zero).
import type { Vec } from './kernels/vec';

export interface AdamConfig {
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled decay, applied to the tensors `decayed(name)` selects (decaying biases or norms buys nothing). */
  weightDecay: number;
}

export class AdamW {
  private readonly m: Record<string, Float32Array> = {};
  private readonly v: Record<string, Float32Array> = {};
  private t = 0;

  /**
   * `masks[name][i] === 0` freezes entry i: it gets no update, not even weight decay, so a pruned (zero) weight
   * stays exactly zero.
   */
  constructor(
    private readonly params: Record<string, Vec>,
    private readonly cfg: AdamConfig,
    private readonly decayed: (name: string) => boolean,
    private readonly masks: Record<string, Uint8Array> = {},
  ) {
    for (const [name, p] of Object.entries(params)) {
      this.m[name] = new Float32Array(p.length);
      this.v[name] = new Float32Array(p.length);
    }
  }

  step(grads: Record<string, Vec>, lr: number): void {
    const { beta1, beta2, eps, weightDecay } = this.cfg;
    this.t++;
    const bc1 = 1 - beta1 ** this.t;
    const bc2 = 1 - beta2 ** this.t;
    for (const [name, p] of Object.entries(this.params)) {
      const g = grads[name], m = this.m[name], v = this.v[name], mask = this.masks[name];
      const decay = this.decayed(name) ? lr * weightDecay : 0;
      for (let i = 0; i < p.length; i++) {
        if (mask && mask[i] === 0) continue;
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        p[i] -= lr * (m[i] / bc1) / (Math.sqrt(v[i] / bc2) + eps) + decay * p[i];
      }
    }
  }
}

// AdamW (Adam with decoupled weight decay) over the encoder's named parameters.
import type { Vec } from './math';
import { isDecayed, type Params } from './params';

export interface AdamConfig {
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled decay for matrices and embeddings (see isDecayed); none for biases and LayerNorm. */
  weightDecay: number;
}

export class AdamW {
  private readonly m: Record<string, Float32Array> = {};
  private readonly v: Record<string, Float32Array> = {};
  private t = 0;

  constructor(private readonly params: Params, private readonly cfg: AdamConfig) {
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
      const g = grads[name], m = this.m[name], v = this.v[name];
      const decay = isDecayed(name) ? lr * weightDecay : 0;
      for (let i = 0; i < p.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        p[i] -= lr * (m[i] / bc1) / (Math.sqrt(v[i] / bc2) + eps) + decay * p[i];
      }
    }
  }
}

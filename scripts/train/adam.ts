// AdamW (Adam with decoupled weight decay) over the named parameter tensors.
import { PARAM_NAMES, type Params, zeroParams } from './cnn';

export interface AdamConfig {
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled decay, applied to weights only (decaying biases buys nothing). */
  weightDecay: number;
}

export class AdamW {
  private readonly m = zeroParams();
  private readonly v = zeroParams();
  private t = 0;

  constructor(private readonly params: Params, private readonly cfg: AdamConfig) {}

  step(grads: Params, lr: number): void {
    const { beta1, beta2, eps, weightDecay } = this.cfg;
    this.t++;
    const bc1 = 1 - Math.pow(beta1, this.t);
    const bc2 = 1 - Math.pow(beta2, this.t);
    for (const name of PARAM_NAMES) {
      const p = this.params[name];
      const g = grads[name];
      const m = this.m[name];
      const v = this.v[name];
      const decay = name.endsWith('.weight') ? lr * weightDecay : 0;
      for (let i = 0; i < p.length; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        p[i] -= lr * (m[i] / bc1) / (Math.sqrt(v[i] / bc2) + eps) + decay * p[i];
      }
    }
  }
}

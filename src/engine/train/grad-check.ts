// Finite-difference check of hand-written backward passes: every parameter entry is nudged by ±h and the loss
// change compared with the analytic gradient. Run in float64 on tiny inputs (float32 rounding would drown the
// differences). Used by the sentiment encoder's test and by the graph engine's per-operator tests.

export interface GradCheckResult {
  checked: number;
  /** Largest |analytic - numeric| / max(|analytic| + |numeric|, floor) over all entries. */
  maxRelError: number;
  worst: string;
  /** Per parameter tensor: largest relative error. */
  perParam: Record<string, number>;
}

export interface GradCheckSubject {
  /** The tensors to check, nudged in place. */
  params: Record<string, Float64Array>;
  /** The loss for the current parameter values (deterministic: dropout masks replayed, no fresh randomness). */
  loss: () => number;
  /** Analytic gradients at the current values (computed once, before any nudge). */
  gradients: () => Record<string, ArrayLike<number>>;
}

export function gradientCheck(subject: GradCheckSubject, h = 1e-5, floor = 1e-6): GradCheckResult {
  subject.loss();
  const grads = subject.gradients();
  const perParam: Record<string, number> = {};
  let maxRelError = 0, worst = '', checked = 0;
  for (const [name, p] of Object.entries(subject.params)) {
    const g = grads[name];
    if (!g) throw new Error(`gradient check: no analytic gradient for ${name}`);
    let worstHere = 0;
    for (let i = 0; i < p.length; i++) {
      const keep = p[i];
      p[i] = keep + h;
      const up = subject.loss();
      p[i] = keep - h;
      const down = subject.loss();
      p[i] = keep;
      const numeric = (up - down) / (2 * h);
      const rel = Math.abs(g[i] - numeric) / Math.max(Math.abs(g[i]) + Math.abs(numeric), floor);
      checked++;
      if (rel > worstHere) worstHere = rel;
      if (rel > maxRelError) { maxRelError = rel; worst = `${name}[${i}] analytic ${g[i]} numeric ${numeric}`; }
    }
    perParam[name] = worstHere;
  }
  return { checked, maxRelError, worst, perParam };
}

// Learning-rate schedule shared by every training run: linear warm-up, then cosine decay to lrMin.

export interface Schedule {
  lrMax: number;
  lrMin: number;
  warmupSteps: number;
}

export function learningRate(cfg: Schedule, step: number, totalSteps: number): number {
  if (step < cfg.warmupSteps) return (cfg.lrMax * (step + 1)) / cfg.warmupSteps;
  const t = (step - cfg.warmupSteps) / Math.max(1, totalSteps - cfg.warmupSteps);
  return cfg.lrMin + 0.5 * (cfg.lrMax - cfg.lrMin) * (1 + Math.cos(Math.PI * t));
}

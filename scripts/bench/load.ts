// The machine's load through a bench run, measured (os.loadavg sampled every few seconds), and the sentence the
// report prints only when that measurement says other jobs competed for the cores. Pure functions apart from the
// sampler, so tests/unit/bench checks the decision on synthetic series.
import { loadavg } from 'node:os';

export interface LoadSummary {
  intervalS: number;
  /** [seconds since the start, 1-minute load average]. */
  samples: [number, number][];
  mean: number;
  max: number;
  /** Share of the samples whose 1-minute load average exceeded the logical CPU count. */
  aboveCores: number;
  cores: number;
}

export function summarizeLoad(samples: [number, number][], cores: number, intervalS: number): LoadSummary {
  const loads = samples.map(([, l]) => l);
  return {
    intervalS, samples, cores,
    mean: loads.length ? loads.reduce((a, b) => a + b, 0) / loads.length : 0,
    max: loads.length ? Math.max(...loads) : 0,
    aboveCores: loads.length ? loads.filter((l) => l > cores).length / loads.length : 0,
  };
}

/** Samples the 1-minute load average every `intervalS` seconds until stop(). */
export function startLoadSampler(cores: number, intervalS = 5): { stop(): LoadSummary } {
  const t0 = Date.now();
  const samples: [number, number][] = [];
  const take = () => samples.push([Math.round((Date.now() - t0) / 100) / 10, loadavg()[0]]);
  take();
  const timer = setInterval(take, intervalS * 1000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      take();
      return summarizeLoad(samples, cores, intervalS);
    },
  };
}

/** Above the core count for at least this share of the run: other jobs took CPU time from the bench. */
export const LOADED_SHARE = 0.1;

/**
 * The "loaded machine" warning with the measured figures, or undefined when the measured load does not warrant it
 * (the load average stayed at or below the core count for more than 90% of the run).
 */
export function loadWarning(load: LoadSummary): string | undefined {
  if (!load.samples.length || load.aboveCores < LOADED_SHARE) return undefined;
  return `Other jobs loaded the machine during this run: the 1-minute load average (sampled every ${load.intervalS} s, ${load.samples.length} samples) was above the ${load.cores} logical CPUs for ${(100 * load.aboveCores).toFixed(0)}% of it (mean ${load.mean.toFixed(1)}, peak ${load.max.toFixed(1)}). Absolute milliseconds are inflated and noisy; the ratios are more robust (each is timed in blocks interleaved with its reference), and their intervals and the fp32-vs-fp32 noise band show how much. Re-run on an idle machine before quoting absolute times.`;
}

// What a variant costs and whether it fits, from what was measured (median latency, gzip size, peak WASM heap)
// and stated assumptions (a cloud price, bandwidths, a device's budgets, watts). Pure, so every figure the UI and
// the results card show is recomputable from the inputs shown next to it.
//
// Cores: a WASM run with N threads keeps N cores busy for its whole latency, so it is billed as N cores. A WebGPU
// run's work is on the GPU: a CPU price says nothing about it, so it gets no CPU cost (undefined, not a guess).

export interface CostSettings {
  /** The instance the price is for, shown beside the price (it is an assumption, not a quote). */
  instance: string;
  /** When that price was the list price, as the assumption says. */
  priceAsOf: string;
  /** USD per instance-hour. */
  pricePerHour: number;
  /** vCPUs the instance has: the price per core-hour is pricePerHour / vcpus. */
  vcpus: number;
  /** Assumed power draw of one busy core, for the energy estimate. */
  wattsPerCore: number;
}

/**
 * Default price: AWS EC2 c7i.large (2 vCPUs, 4 GiB) on-demand Linux in us-east-1, USD 0.08925 per hour, the list
 * price as last known to this project (2024). It cannot be looked up offline: the UI labels it an assumption.
 * Watts: about a server CPU's power at full load per hardware thread (e.g. 350 W over 112 threads ≈ 3 W).
 */
export const DEFAULT_COST_SETTINGS: CostSettings = {
  instance: 'AWS EC2 c7i.large (2 vCPU), on-demand, us-east-1',
  priceAsOf: '2024',
  pricePerHour: 0.08925,
  vcpus: 2,
  wattsPerCore: 3,
};

/** Whether the price is still the built-in assumption (the UI says so louder then). */
export function isDefaultPrice(s: Pick<CostSettings, 'instance' | 'pricePerHour' | 'vcpus'>): boolean {
  const d = DEFAULT_COST_SETTINGS;
  return s.instance === d.instance && s.pricePerHour === d.pricePerHour && s.vcpus === d.vcpus;
}

export interface Network {
  id: '3g' | '4g' | 'wifi';
  /** Assumed sustained download rate, megabits per second. */
  mbps: number;
}

/** Typical rates, stated in the UI (assumptions: a real link can be far better or worse). */
export const NETWORKS: readonly Network[] = [
  { id: '3g', mbps: 1.6 },
  { id: '4g', mbps: 9 },
  { id: 'wifi', mbps: 50 },
];

export type DevicePresetId = 'phone' | 'laptop' | 'edge';

export interface DeviceBudget {
  preset: DevicePresetId;
  /** WASM heap the model may take, MiB. */
  memoryMiB: number;
  /** Compressed download the model may take, MB (10^6 bytes, as data plans count). */
  downloadMB: number;
}

/** Starting points, editable: a browser tab on a mid-range phone, a 4 GB laptop, a small ARM edge box. */
export const DEVICE_PRESETS: Record<DevicePresetId, DeviceBudget> = {
  phone: { preset: 'phone', memoryMiB: 256, downloadMB: 10 },
  laptop: { preset: 'laptop', memoryMiB: 1024, downloadMB: 50 },
  edge: { preset: 'edge', memoryMiB: 512, downloadMB: 100 },
};

/** What one measured variant is, as far as cost and fit go. */
export interface RunFacts {
  /** Median latency of one inference, ms. */
  medianMs: number;
  backend: string;
  /** WASM threads the run used. */
  threads: number;
}

/** Cores a run occupies: its WASM threads; undefined for a GPU run (not billed at a CPU price). */
export function coresUsed(run: Pick<RunFacts, 'backend' | 'threads'>): number | undefined {
  if (run.backend !== 'wasm') return undefined;
  return Math.max(1, Math.round(run.threads));
}

export function pricePerCoreHour(s: Pick<CostSettings, 'pricePerHour' | 'vcpus'>): number {
  return s.pricePerHour / s.vcpus;
}

/** USD for 1,000,000 inferences run one after another: latency (s) × 1e6 / 3600 × price per core-hour × cores. */
export function costPerMillion(run: RunFacts, s: Pick<CostSettings, 'pricePerHour' | 'vcpus'>): number | undefined {
  const cores = coresUsed(run);
  if (cores === undefined) return undefined;
  return ((run.medianMs / 1000) * 1e6 / 3600) * pricePerCoreHour(s) * cores;
}

/** Inferences per second for each core the run occupies (batch 1, one inference at a time). */
export function throughputPerCore(run: RunFacts): number | undefined {
  const cores = coresUsed(run);
  if (cores === undefined || !(run.medianMs > 0)) return undefined;
  return 1000 / run.medianMs / cores;
}

/** Watt-hours for 1,000,000 inferences: latency (s) × 1e6 × watts per core × cores / 3600. An estimate. */
export function energyPerMillionWh(run: RunFacts, s: Pick<CostSettings, 'wattsPerCore'>): number | undefined {
  const cores = coresUsed(run);
  if (cores === undefined) return undefined;
  return ((run.medianMs / 1000) * 1e6 * s.wattsPerCore * cores) / 3600;
}

/** Seconds to download `gzipBytes` at the network's assumed rate (no latency or protocol overhead). */
export function downloadSeconds(gzipBytes: number, network: Pick<Network, 'mbps'>): number {
  return (gzipBytes * 8) / (network.mbps * 1e6);
}

export interface Fit {
  /** undefined while the peak memory is not measured. */
  memory?: boolean;
  download: boolean;
  /** Both known and both within budget. */
  fits?: boolean;
}

export function fitsBudget(v: { gzipBytes: number; peakHeapBytes?: number }, budget: Pick<DeviceBudget, 'memoryMiB' | 'downloadMB'>): Fit {
  const download = v.gzipBytes <= budget.downloadMB * 1e6;
  const memory = v.peakHeapBytes === undefined ? undefined : v.peakHeapBytes <= budget.memoryMiB * 1024 * 1024;
  return { memory, download, fits: memory === undefined ? (download ? undefined : false) : memory && download };
}

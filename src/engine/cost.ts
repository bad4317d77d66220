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
  /** Assumed sustained download rate of each network, megabits per second (editable: links differ). */
  mbps: Record<NetworkId, number>;
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
  mbps: { '3g': 1.6, '4g': 9, wifi: 50 },
};

/** Whether the price is still the built-in assumption (the UI says so louder then). */
export function isDefaultPrice(s: Pick<CostSettings, 'instance' | 'pricePerHour' | 'vcpus'>): boolean {
  const d = DEFAULT_COST_SETTINGS;
  return s.instance === d.instance && s.pricePerHour === d.pricePerHour && s.vcpus === d.vcpus;
}

export type NetworkId = '3g' | '4g' | 'wifi';
export const NETWORK_IDS: readonly NetworkId[] = ['3g', '4g', 'wifi'];

export interface Network {
  id: NetworkId;
  /** Assumed sustained download rate, megabits per second. */
  mbps: number;
}

/** The networks at the rates assumed in `s` (defaults: typical rates; a real link can be far better or worse). */
export function networksOf(s: Pick<CostSettings, 'mbps'>): Network[] {
  return NETWORK_IDS.map((id) => ({ id, mbps: s.mbps[id] }));
}

export type DevicePresetId = 'phone' | 'laptop' | 'edge';

export interface DeviceBudget {
  preset: DevicePresetId;
  /** WASM heap the model may take, MiB. */
  memoryMiB: number;
  /** Compressed download the model may take, MB (10^6 bytes, as data plans count). */
  downloadMB: number;
  /** Median latency one inference may take, ms. Checked against the latency measured on *this* device. */
  latencyMs: number;
}

/**
 * Starting points, editable: a browser tab on a mid-range phone, a 4 GB laptop, a small ARM edge box. Latency:
 * 100 ms, where a response stops feeling instant; 50 ms on the edge box, 20 frames a second from a camera.
 */
export const DEVICE_PRESETS: Record<DevicePresetId, DeviceBudget> = {
  phone: { preset: 'phone', memoryMiB: 256, downloadMB: 10, latencyMs: 100 },
  laptop: { preset: 'laptop', memoryMiB: 1024, downloadMB: 50, latencyMs: 100 },
  edge: { preset: 'edge', memoryMiB: 512, downloadMB: 100, latencyMs: 50 },
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
  /** undefined while the latency is not measured. */
  latency?: boolean;
  /** false as soon as one budget is exceeded; true when all three are known and within budget. */
  fits?: boolean;
}

export function fitsBudget(v: { gzipBytes: number; peakHeapBytes?: number; medianMs?: number }, budget: Pick<DeviceBudget, 'memoryMiB' | 'downloadMB' | 'latencyMs'>): Fit {
  const download = v.gzipBytes <= budget.downloadMB * 1e6;
  const memory = v.peakHeapBytes === undefined ? undefined : v.peakHeapBytes <= budget.memoryMiB * 1024 * 1024;
  const latency = v.medianMs === undefined ? undefined : v.medianMs <= budget.latencyMs;
  const checks = [memory, download, latency];
  return { memory, download, latency, fits: checks.includes(false) ? false : checks.includes(undefined) ? undefined : true };
}

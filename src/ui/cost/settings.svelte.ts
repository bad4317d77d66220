// The cost and fit assumptions the user can edit (price, cores, watts, network rates, device budgets), kept on this
// device.
import { DEFAULT_COST_SETTINGS, DEVICE_PRESETS, NETWORK_IDS, isDefaultPrice, type CostSettings, type DeviceBudget, type DevicePresetId, type NetworkId } from '../../engine/cost';
import { readJson, writeJson } from '../local-json';

const KEY = 'cost.v1';

interface Saved {
  cost: CostSettings;
  device: DeviceBudget;
}

function positive(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}

/** What was saved, with any missing or broken value replaced by its default (an old or edited entry). */
export function sanitize(raw: Partial<{ cost: Partial<CostSettings>; device: Partial<DeviceBudget> }> | null): Saved {
  const c = raw?.cost ?? {};
  const d = raw?.device ?? {};
  const preset: DevicePresetId = d.preset && d.preset in DEVICE_PRESETS ? d.preset : 'phone';
  const base = DEVICE_PRESETS[preset];
  return {
    cost: {
      instance: typeof c.instance === 'string' ? c.instance : DEFAULT_COST_SETTINGS.instance,
      priceAsOf: typeof c.priceAsOf === 'string' ? c.priceAsOf : DEFAULT_COST_SETTINGS.priceAsOf,
      pricePerHour: positive(c.pricePerHour, DEFAULT_COST_SETTINGS.pricePerHour),
      vcpus: Math.round(positive(c.vcpus, DEFAULT_COST_SETTINGS.vcpus)) || 1,
      wattsPerCore: positive(c.wattsPerCore, DEFAULT_COST_SETTINGS.wattsPerCore),
      mbps: Object.fromEntries(NETWORK_IDS.map((id) => [id, positive(c.mbps?.[id], DEFAULT_COST_SETTINGS.mbps[id])])) as Record<NetworkId, number>,
    },
    device: {
      preset, memoryMiB: positive(d.memoryMiB, base.memoryMiB), downloadMB: positive(d.downloadMB, base.downloadMB), latencyMs: positive(d.latencyMs, base.latencyMs),
    },
  };
}

/** A copy of the default cost settings that edits cannot reach back into (the rates are an object of their own). */
const defaultCost = (): CostSettings => ({ ...DEFAULT_COST_SETTINGS, mbps: { ...DEFAULT_COST_SETTINGS.mbps } });

export class CostSettingsState {
  cost = $state<CostSettings>(defaultCost());
  device = $state<DeviceBudget>({ ...DEVICE_PRESETS.phone });
  isDefaultPrice = $derived(isDefaultPrice(this.cost));

  constructor() {
    const saved = sanitize(readJson(KEY, null));
    this.cost = saved.cost;
    this.device = saved.device;
  }

  /** Sets one numeric assumption; a value that is not a positive number (or a whole vCPU count) is refused. */
  setNumber(key: 'pricePerHour' | 'vcpus' | 'wattsPerCore', value: number): boolean {
    if (!(Number.isFinite(value) && value > 0) || (key === 'vcpus' && !Number.isInteger(value))) return false;
    this.cost[key] = value;
    this.#save();
    return true;
  }

  setInstance(text: string): void {
    this.cost.instance = text;
    this.#save();
  }

  /** Sets a network's assumed download rate (Mbit/s); a value that is not a positive number is refused. */
  setNetwork(id: NetworkId, mbps: number): boolean {
    if (!(Number.isFinite(mbps) && mbps > 0)) return false;
    this.cost.mbps[id] = mbps;
    this.#save();
    return true;
  }

  setBudget(key: 'memoryMiB' | 'downloadMB' | 'latencyMs', value: number): boolean {
    if (!(Number.isFinite(value) && value > 0)) return false;
    this.device[key] = value;
    this.#save();
    return true;
  }

  choosePreset(id: DevicePresetId): void {
    this.device = { ...DEVICE_PRESETS[id] };
    this.#save();
  }

  reset(): void {
    this.cost = defaultCost();
    this.device = { ...DEVICE_PRESETS[this.device.preset] };
    this.#save();
  }

  #save(): void {
    writeJson(KEY, { cost: $state.snapshot(this.cost), device: $state.snapshot(this.device) });
  }
}

/** The page's one set of assumptions. */
export const costSettings = new CostSettingsState();

// Message keys for the device presets and networks (the engine names them by id).
import type { DevicePresetId, Network } from '../../engine/cost';
import type { MessageKey } from '../i18n/en';

export const PRESET_LABEL: Record<DevicePresetId, MessageKey> = { phone: 'cost.preset.phone', laptop: 'cost.preset.laptop', edge: 'cost.preset.edge' };

/** The parameter names of 'cost.downloadValue' for each network. */
export const NETWORK_PARAM: Record<Network['id'], string> = { '3g': 'g3', '4g': 'g4', wifi: 'wifi' };

export const NETWORK_LABEL: Record<Network['id'], MessageKey> = { '3g': 'cost.net.3g', '4g': 'cost.net.4g', wifi: 'cost.net.wifi' };

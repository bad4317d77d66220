// Reads the live lab (rune state) into the plain ResultsInput the pure builders take.
import { browserInfo } from '../../storage/browser-info';
import type { Locale } from '../i18n/i18n.svelte';
import type { LabState } from '../state/lab.svelte';
import type { PaneState } from '../state/pane.svelte';
import type { MemoryStats } from '../../workers/memory-api';
import type { DeviceInfo, PaneSnapshot, ResultsInput } from './results';
import { hasSizes } from '../../workers/lab-api';

/** Where measured peak memory comes from (the memory probes); absent: not included. */
export type MemoryOf = (p: PaneState) => MemoryStats | undefined;

function paneSnapshot(p: PaneState, memoryOf?: MemoryOf): PaneSnapshot {
  return {
    recipe: $state.snapshot(p.recipe),
    choice: $state.snapshot(p.choice),
    info: p.info && { backend: p.info.backend, threads: p.info.threads },
    report: p.report && hasSizes(p.report) ? { before: p.report.before, after: p.report.after } : undefined,
    latency: p.latency,
    evaluation: p.evaluation,
    memory: memoryOf?.(p),
  };
}

export function deviceInfo(lab: LabState): DeviceInfo {
  const b = browserInfo();
  const gpu = lab.capabilities.webgpu.available ? lab.capabilities.webgpu.details : undefined;
  return {
    browser: `${b.brand}${b.version ? ` ${b.version.split('.')[0]}` : ''}`,
    platform: b.platform || (typeof navigator !== 'undefined' ? navigator.platform : ''),
    cores: lab.capabilities.cores,
    crossOriginIsolated: lab.capabilities.crossOriginIsolated,
    ...(gpu ? { gpu: [gpu.vendor, gpu.architecture].filter(Boolean).join(' ') || 'WebGPU' } : {}),
  };
}

export function labSnapshot(lab: LabState, locale: Locale, date = new Date(), memoryOf?: MemoryOf): ResultsInput {
  return {
    model: lab.upload ? { id: 'upload', name: lab.upload.name } : { id: lab.modelId, name: lab.entry?.title[locale] ?? lab.modelId },
    panes: [paneSnapshot(lab.panes[0], memoryOf), paneSnapshot(lab.panes[1], memoryOf)],
    device: deviceInfo(lab),
    date,
    link: lab.upload ? undefined : lab.permalink(locale),
  };
}

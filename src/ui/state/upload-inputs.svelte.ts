// An uploaded model's inputs as the page keeps them: the shape fields being edited, the user's sample files
// (decoded once, re-fitted whenever a shape or a preprocessing option changes), and what the panes run on.
// Every change that affects measurements is committed: remembered by model hash, then both panes reopen with it.
import type { Text } from '../../engine/i18n-text';
import { savedFrom } from '../../engine/inputs/resolve';
import { checkDims, parseDims, type Fill, type InputSpec, type SavedInputs } from '../../engine/inputs/spec';
import { DEFAULT_SAMPLE_RATE, defaultSpecs } from '../../engine/inputs/hints';
import { buildSamples, type BuiltSamples, type SampleSource } from '../../engine/samples/build';
import { SampleError } from '../../engine/samples/errors';
import { defaultImageOptions, type ImageOptions } from '../../engine/samples/image';
import type { Store } from '../../storage';
import type { InputSetup, UploadInput, UploadInputsReport } from '../../workers/upload-inputs';
import { decodeAudio, readSampleFile } from '../samples/read-file';

const MAX_SAMPLES = 128;
/** Sample tensors in all (each pane's worker holds a copy): 256 MB is 52 images of 3 × 640 × 640. */
const MAX_SAMPLE_BYTES = 256 * 1024 * 1024;
const MAX_CHUNKS_PER_FILE = 64;
export const SAMPLE_RATES = [8000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000] as const;

interface PageSource {
  id: number;
  source: SampleSource;
  /** Audio files, kept to decode again when the sample rate changes. */
  audio?: Uint8Array;
}

export interface InputsHost {
  /** Reopens both panes on the new setup (see LabState.applyInputs). */
  apply(live: UploadInput): Promise<void>;
  store?: () => Promise<Store>;
}

const EMPTY: BuiltSamples = { names: [], feeds: [], outcomes: [] };

export class UploadInputsState {
  sha256 = $state<string | undefined>();
  /** The specs the panes' workers resolved (shapes in use). */
  specs = $state.raw<InputSpec[]>([]);
  /** The shape fields as typed, by input name. */
  drafts = $state<Record<string, string>>({});
  fills = $state<Record<string, Fill>>({});
  sources = $state.raw<PageSource[]>([]);
  built = $state.raw<BuiltSamples>(EMPTY);
  image = $state<ImageOptions>({ layout: 'nchw', normalization: 'unit', order: 'rgb', resize: 'crop' });
  sampleRate = $state<number>(DEFAULT_SAMPLE_RATE);
  target = $state<string | undefined>();
  /** What the panes run on now (sent with the model to each pane's worker). */
  setup = $state.raw<InputSetup>({});
  /** The live input to show after a change: the first sample, or synthetic seed 1. */
  live = $state.raw<UploadInput>(1);
  /** Files that could not be read, with why. */
  fileErrors = $state.raw<{ name: string; text: Text }[]>([]);
  reading = $state<string | undefined>();
  applying = $state(false);

  /** Per input: why its shape field cannot be used (parse error, wrong rank or size), or undefined. */
  problems = $derived(Object.fromEntries(this.specs.map((s) => [s.name, this.#problem(s)])) as Record<string, Text | undefined>);
  /** The shape fields differ from the shapes in use. */
  edited = $derived(this.specs.some((s) => (this.drafts[s.name] ?? '') !== dimsText(s.dims) || JSON.stringify(this.fills[s.name]) !== JSON.stringify(s.fill)));
  valid = $derived(Object.values(this.problems).every((p) => !p));

  #nextId = 1;
  #saved: SavedInputs | undefined;
  /** Remembered preprocessing choices, applied once the model's specs are known. */
  #imagePreset: Partial<ImageOptions> = {};
  /** The file name: the defaults read hints from it (e.g. "yolo" -> 640). */
  #modelName = '';

  constructor(private readonly host: InputsHost) {}

  /** A newly opened upload: forget the last one's files, start from what was remembered for this model. */
  async begin(sha256: string, modelName: string): Promise<void> {
    const record = await (await this.host.store?.())?.inputs.get(sha256);
    this.sha256 = sha256;
    this.#modelName = modelName;
    this.sources = [];
    this.built = EMPTY;
    this.fileErrors = [];
    this.specs = [];
    this.target = undefined;
    this.#saved = record?.saved;
    const p = record?.preprocess ?? {};
    this.sampleRate = Number(p.sampleRate) || DEFAULT_SAMPLE_RATE;
    this.#imagePreset = p as Partial<ImageOptions>;
    this.setup = { saved: record?.saved, revision: 0 };
    this.live = 1;
  }

  /** The specs the worker resolved, once a pane has opened the model. */
  adopt(report: UploadInputsReport | undefined): void {
    if (!report) return;
    const first = this.specs.length === 0;
    this.specs = report.specs;
    this.drafts = Object.fromEntries(report.specs.map((s) => [s.name, dimsText(s.dims)]));
    this.fills = Object.fromEntries(report.specs.map((s) => [s.name, { ...s.fill }]));
    if (first) {
      const base = defaultImageOptions(report.specs.find((s) => s.declared.length === 4) ?? { declared: [] });
      const { layout, normalization, order, resize } = this.#imagePreset;
      this.image = { layout: layout ?? base.layout, normalization: normalization ?? base.normalization, order: order ?? base.order, resize: resize ?? base.resize };
    }
  }

  resetDrafts(): void {
    const defaults = defaultSpecs(this.specs.map((s) => ({ name: s.name, elemType: s.elemType, dims: s.declared, ...(s.ranked ? {} : { ranked: false as const }) })), this.#modelName);
    this.drafts = Object.fromEntries(defaults.map((s) => [s.name, dimsText(s.dims)]));
    this.fills = Object.fromEntries(defaults.map((s) => [s.name, { ...s.fill }]));
  }

  /** Applies the shape fields (and fills) to both panes; samples are re-fitted to the new shapes. */
  async applyShapes(): Promise<void> {
    if (!this.valid) return;
    const specs = this.specs.map((s) => ({ ...s, dims: parseDims(this.drafts[s.name] ?? '') as number[], fill: $state.snapshot(this.fills[s.name] ?? s.fill) }));
    this.#saved = savedFrom(specs);
    await this.#commit(specs);
  }

  async addFiles(files: readonly File[]): Promise<void> {
    const added: PageSource[] = [];
    const errors: { name: string; text: Text }[] = [];
    for (const file of files) {
      this.reading = file.name;
      try {
        for (const read of await readSampleFile(file, this.sampleRate)) added.push({ id: this.#nextId++, ...read });
      } catch (e) {
        errors.push({ name: file.name, text: e instanceof SampleError ? e.text : { en: `${file.name}: ${(e as Error).message}`, zh: `${file.name}：${(e as Error).message}` } });
      }
    }
    this.reading = undefined;
    this.fileErrors = errors;
    if (!added.length) return;
    this.sources = [...this.sources, ...added];
    await this.#commit(this.specs);
  }

  async remove(id?: number): Promise<void> {
    this.sources = id === undefined ? [] : this.sources.filter((s) => s.id !== id);
    this.fileErrors = [];
    await this.#commit(this.specs);
  }

  /** A preprocessing option changed (image scaling, target input): re-fit and apply. */
  async refit(): Promise<void> {
    await this.#commit(this.specs);
  }

  /** Audio is decoded at the sample rate: a new rate decodes the audio files again. */
  async setSampleRate(rate: number): Promise<void> {
    this.sampleRate = rate;
    const sources: PageSource[] = [];
    for (const s of this.sources) {
      sources.push(s.audio ? { ...s, source: await decodeAudio(s.audio, s.source.name, rate) } : s);
    }
    this.sources = sources;
    await this.#commit(this.specs);
  }

  async #commit(specs: InputSpec[]): Promise<void> {
    const built = buildSamples(this.sources.map((s) => s.source), specs, { image: $state.snapshot(this.image), target: this.target, maxChunks: MAX_CHUNKS_PER_FILE, maxSamples: MAX_SAMPLES, maxBytes: MAX_SAMPLE_BYTES });
    this.built = built;
    this.setup = { saved: this.#saved, samples: built.feeds.length ? { names: built.names, feeds: built.feeds } : undefined, revision: (this.setup.revision ?? 0) + 1 };
    this.live = built.feeds.length ? { sample: 0 } : 1;
    if (this.sha256) {
      const store = await this.host.store?.();
      const saved = this.#saved ?? { dims: {}, fills: {} }; // no shapes chosen yet: the defaults, as they are
      await store?.inputs.put({ sha256: this.sha256, saved, preprocess: { ...$state.snapshot(this.image), sampleRate: this.sampleRate } });
    }
    this.applying = true;
    try {
      await this.host.apply(this.live);
    } finally {
      this.applying = false;
    }
  }

  #problem(spec: InputSpec): Text | undefined {
    const dims = parseDims(this.drafts[spec.name] ?? '');
    if (!Array.isArray(dims)) return dims;
    const fill = this.fills[spec.name];
    if (fill?.kind === 'constant' && !Number.isFinite(fill.value)) return { en: `Input "${spec.name}": the constant must be a number.`, zh: `输入“${spec.name}”：常数必须是数值。` };
    return checkDims(spec, dims);
  }
}

function dimsText(dims: readonly (number | undefined)[]): string {
  return dims.map((d) => (d === undefined ? '?' : String(d))).join(', ');
}

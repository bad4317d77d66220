// The playground: which model, the live input both panes see, and the two panes. Components read and call this.
import { decodeModel } from '../../engine/onnx';
import { TRANSFORMS } from '../../engine/transforms';
import { MODELS, getModel, type AnyModelEntry } from '../../models/registry';
import { WorkerBridge } from '../../workers/bridge';
import type { LabApi, ModelSource } from '../../workers/lab-api';
import type { WorkerCapabilities } from '../../workers/model-api';
import { wasmThreads } from '../../runtime/backend';
import { decodePermalink, encodePermalink } from './permalink';
import type { Store, UserModelSummary } from '../../storage';
import { PaneState, type PaneSettings } from './pane.svelte';
import { sha256Hex } from '../../engine/size';
import type { UploadInput } from '../../workers/upload-inputs';
import { UploadInputsState } from './upload-inputs.svelte';

export type WorkerFactory = () => Worker;

export function defaultPanes(): [PaneSettings, PaneSettings] {
  const int8 = TRANSFORMS.some((t) => t.meta.id === 'int8-dynamic');
  return [
    { recipe: [], choice: { backend: 'wasm' } },
    { recipe: int8 ? [{ transform: 'int8-dynamic', options: {} }] : [], choice: { backend: 'wasm' } },
  ];
}

export class LabState {
  readonly models: AnyModelEntry[] = MODELS;
  modelId = $state<string>(MODELS[0].id);
  upload = $state.raw<{ name: string; bytes: Uint8Array } | undefined>();
  /** The live input shared by both panes (preprocessed drawing, text, image, or a synthetic seed). */
  input = $state.raw<unknown>();
  message = $state<string | undefined>();
  readonly panes: [PaneState, PaneState];
  entry = $derived(this.upload ? undefined : getModel(this.modelId));
  capabilities = $state.raw<WorkerCapabilities>({
    crossOriginIsolated: false, cores: 1, webgpu: { backend: 'webgpu', available: false, note: { en: 'Checking for a GPU adapter…', zh: '正在检查 GPU 适配器…' } },
  });
  maxThreads = $derived(wasmThreads(this.capabilities.crossOriginIsolated, this.capabilities.cores));

  /** Models this user opened before (kept only in this browser). */
  savedModels = $state.raw<UserModelSummary[]>([]);
  /** An upload's input shapes and samples (see the Input panel). */
  readonly uploadInputs: UploadInputsState;

  constructor(spawn: WorkerFactory, private readonly store?: () => Promise<Store>) {
    this.panes = [new PaneState(new WorkerBridge<LabApi>(spawn), store), new PaneState(new WorkerBridge<LabApi>(spawn), store)];
    this.uploadInputs = new UploadInputsState({ apply: (live) => this.applyInputs(live), store });
  }

  /** What the workers can use here (threads, WebGPU); asked once, from the first pane's worker. */
  async probe(): Promise<void> {
    try {
      this.capabilities = await this.panes[0].bridge.call((api) => api.capabilities());
    } catch (e) {
      this.message = (e as Error).message;
    }
  }

  get source(): ModelSource {
    return this.upload ? { kind: 'upload', ...this.upload, inputs: this.uploadInputs.setup } : { kind: 'builtin', id: this.modelId };
  }

  async selectModel(id: string, settings: [PaneSettings, PaneSettings] = defaultPanes()): Promise<void> {
    getModel(id); // throws, listing the valid ids
    this.modelId = id;
    this.upload = undefined;
    await this.#openAll(settings);
  }

  async uploadModel(name: string, bytes: Uint8Array): Promise<void> {
    try {
      // The whole file is decoded and checked here, before anything is saved: a truncated or damaged .onnx is
      // refused at the file picker (a quick sniff of the first bytes would let it through into storage).
      decodeModel(bytes);
    } catch (e) {
      this.message = (e as Error).message;
      return;
    }
    const store = await this.store?.();
    const sha256 = store ? (await store.models.add(name, bytes)).sha256 : await sha256Hex(bytes);
    if (store) this.savedModels = await store.models.list();
    await this.uploadInputs.begin(sha256, name); // the shapes chosen for this model before, if any
    this.upload = { name, bytes };
    await this.#openAll(defaultPanes());
    await this.#afterInputs(this.uploadInputs.live);
  }

  /** New input shapes or samples for the upload: both panes reopen on them, keeping their recipes and backends. */
  async applyInputs(live: UploadInput): Promise<void> {
    if (!this.upload) return;
    this.input = undefined;
    await Promise.all(this.panes.map((p) => p.open(this.source)));
    await this.#afterInputs(live);
  }

  async #afterInputs(live: UploadInput): Promise<void> {
    this.uploadInputs.adopt(this.panes.find((p) => p.opened?.inputs)?.opened?.inputs);
    if (this.panes.every((p) => p.opened)) await this.setInput(live);
  }

  async listSavedModels(): Promise<void> {
    this.savedModels = (await (await this.store?.())?.models.list()) ?? [];
  }

  async openSavedModel(id: string): Promise<void> {
    const record = await (await this.store?.())?.models.get(id);
    if (!record) return void (this.message = 'That saved model is gone (its data was deleted). Open the file again.');
    await this.uploadModel(record.name, record.bytes);
  }

  async removeSavedModel(id: string): Promise<void> {
    const store = await this.store?.();
    await store?.models.remove(id);
    await store?.inputs.remove(id); // its input shapes go with it
    await this.listSavedModels();
  }

  async setInput(input: unknown): Promise<void> {
    this.input = input;
    await Promise.all(this.panes.map((p) => p.predict(input)));
  }

  permalink(locale?: 'en' | 'zh'): string {
    const panes = this.panes.map((p) => ({ recipe: $state.snapshot(p.recipe), choice: $state.snapshot(p.choice) })) as [PaneSettings, PaneSettings];
    return encodePermalink({ model: this.modelId, panes, locale });
  }

  /** Opens what a permalink describes; a broken link opens the defaults and says why. */
  async restore(hash: string): Promise<'en' | 'zh' | undefined> {
    try {
      const link = decodePermalink(hash);
      if (link) {
        await this.selectModel(link.model, link.panes);
        return link.locale;
      }
    } catch (e) {
      this.message = (e as Error).message;
    }
    await this.selectModel(this.modelId);
    return undefined;
  }

  dispose(): void {
    this.panes.forEach((p) => p.dispose());
  }

  async #openAll(settings: [PaneSettings, PaneSettings]): Promise<void> {
    this.message = undefined;
    this.input = undefined;
    await Promise.all(this.panes.map((p, i) => p.open(this.source, settings[i])));
  }
}

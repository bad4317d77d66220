// The object a pane's worker exposes: single models go to LabService (unchanged), multi-stage models (an entry
// with `stages`, e.g. photo OCR) to StagedLabService; both implement the one LabApi, so callers never branch.
import { getModel } from '../models/registry';
import type { LabApi, ModelSource } from './lab-api';
import { LabService } from './lab-service';
import { StagedLabService } from './staged-service';

export class LabRouter implements LabApi {
  readonly #single = new LabService();
  readonly #staged = new StagedLabService();
  #current: LabApi = this.#single;

  capabilities: LabApi['capabilities'] = () => this.#single.capabilities();

  async open(source: ModelSource) {
    const staged = source.kind === 'builtin' && !!getModel(source.id).stages;
    if (!staged) await this.#staged.close(); // a staged model's three sessions go when another model opens
    this.#current = staged ? this.#staged : this.#single;
    return this.#current.open(source);
  }

  compress: LabApi['compress'] = (...a) => this.#current.compress(...a);
  sizes: LabApi['sizes'] = () => this.#current.sizes();
  adoptVariant: LabApi['adoptVariant'] = (...a) => this.#current.adoptVariant(...a);
  load: LabApi['load'] = (...a) => this.#current.load(...a);
  predict: LabApi['predict'] = (...a) => this.#current.predict(...a);
  benchmark: LabApi['benchmark'] = (...a) => this.#current.benchmark(...a);
  latency: LabApi['latency'] = (...a) => this.#current.latency(...a);
  evaluateChunk: LabApi['evaluateChunk'] = (...a) => this.#current.evaluateChunk(...a);
  evaluate: LabApi['evaluate'] = (...a) => this.#current.evaluate(...a);
  variantBytes: LabApi['variantBytes'] = () => this.#current.variantBytes();
  sensitivity: LabApi['sensitivity'] = (...a) => this.#current.sensitivity(...a);
}

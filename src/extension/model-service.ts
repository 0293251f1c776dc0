// Which models the user picked (settings) and the models themselves, read on first use only:
// activation stays cheap. A broken model folder fails alone, with a message naming the file.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { CompletionService } from '../core/completion';
import { LanguageModelRunner } from '../core/language-model';
import { LoadedModel, ModelCard, Task } from '../core/model-bundle';
import { kernelsInUse } from '../core/kernels';
import { ModelRegistry } from '../core/registry';
import { chosenModel, modelSetting, setChosenModel } from './config';
import { log } from './log';
import { AnalysisWorker } from './worker/analysis-client';

export class ModelService implements vscode.Disposable {
  private models: ModelRegistry;
  /** the models of the folder in use (the bundled ones, or a test's) */
  get registry(): ModelRegistry {
    return this.models;
  }
  private completions = new Map<string, CompletionService>();
  private readonly changed = new vscode.EventEmitter<Task>();
  /** fires when the model chosen for a task changes */
  readonly onDidChangeModel = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** the long computations (trace, long sentiment), off the extension host */
  readonly worker: AnalysisWorker;

  constructor(extensionPath: string) {
    this.models = new ModelRegistry(path.join(extensionPath, 'models'));
    this.worker = new AnalysisWorker(extensionPath);
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`rnnLens.${modelSetting('sentiment')}`)) this.changed.fire('sentiment');
      if (e.affectsConfiguration(`rnnLens.${modelSetting('language-model')}`)) this.changed.fire('language-model');
    });
  }

  /** The id chosen in settings, or the task's default when the setting is empty or unknown. */
  selectedId(task: Task): string {
    const chosen = chosenModel(task);
    const known = this.registry.list().some((c) => c.id === chosen && c.task === task);
    return known ? chosen : this.registry.defaultId(task);
  }

  cards(task: Task): ModelCard[] {
    return this.registry.list().filter((c) => c.task === task);
  }

  async select(task: Task, id: string): Promise<void> {
    await setChosenModel(task, id);
  }

  load(task: Task, id = this.selectedId(task)): LoadedModel {
    if (!this.toldKernels) {
      this.toldKernels = true;
      log.info(kernelsInUse() === 'wasm' ? 'engine: WebAssembly SIMD kernels' : 'engine: JavaScript kernels (WebAssembly SIMD is not available here)');
    }
    return this.registry.loadFor(task, id);
  }
  private toldKernels = false;

  /** Serves models from another folder (the extension-host tests use a broken copy); returns the previous one. */
  useModelsRoot(root: string): string {
    const previous = this.registry.root;
    this.models = new ModelRegistry(root);
    this.completions.clear();
    this.changed.fire('sentiment');
    this.changed.fire('language-model');
    return previous;
  }

  /** The completion service (with its saved states) of the selected language model. */
  completion(): CompletionService {
    const id = this.selectedId('language-model');
    let service = this.completions.get(id);
    if (!service) {
      service = new CompletionService(new LanguageModelRunner(this.load('language-model', id)));
      this.completions.set(id, service);
    }
    return service;
  }

  dispose(): void {
    this.worker.dispose();
    this.subscription.dispose();
    this.changed.dispose();
  }
}

// Which models the user picked (settings) and the models themselves, read on first use only:
// activation stays cheap. A broken model folder fails alone, with a message naming the file.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { CompletionService } from '../core/completion';
import { LanguageModelRunner } from '../core/language-model';
import { LoadedModel, ModelCard, Task } from '../core/model-bundle';
import { ModelRegistry } from '../core/registry';

export const SETTING = {
  sentimentModel: 'sentimentModel',
  languageModel: 'languageModel',
} as const;

export class ModelService implements vscode.Disposable {
  registry: ModelRegistry;
  private completions = new Map<string, CompletionService>();
  private readonly changed = new vscode.EventEmitter<Task>();
  /** fires when the model chosen for a task changes */
  readonly onDidChangeModel = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(extensionPath: string) {
    this.registry = new ModelRegistry(path.join(extensionPath, 'models'));
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`rnnLens.${SETTING.sentimentModel}`)) this.changed.fire('sentiment');
      if (e.affectsConfiguration(`rnnLens.${SETTING.languageModel}`)) this.changed.fire('language-model');
    });
  }

  private config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('rnnLens');
  }

  /** The id chosen in settings, or the task's default when the setting is empty or unknown. */
  selectedId(task: Task): string {
    const chosen = this.config().get<string>(task === 'sentiment' ? SETTING.sentimentModel : SETTING.languageModel) ?? '';
    const known = this.registry.list().some((c) => c.id === chosen && c.task === task);
    return known ? chosen : this.registry.defaultId(task);
  }

  cards(task: Task): ModelCard[] {
    return this.registry.list().filter((c) => c.task === task);
  }

  async select(task: Task, id: string): Promise<void> {
    await this.config().update(task === 'sentiment' ? SETTING.sentimentModel : SETTING.languageModel, id, vscode.ConfigurationTarget.Global);
  }

  load(task: Task, id = this.selectedId(task)): LoadedModel {
    return this.registry.loadFor(task, id);
  }

  /** Serves models from another folder (the extension-host tests use a broken copy); returns the previous one. */
  useModelsRoot(root: string): string {
    const previous = this.registry.root;
    this.registry = new ModelRegistry(root);
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
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** A message for the user from an error: model-file errors name the file. */
export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

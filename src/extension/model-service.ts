// Which models the user picked (settings) and the models themselves, read on first use only:
// activation stays cheap. A broken model folder fails alone, with a message naming the file.
// Where the files come from is the host's (model-source.ts): a feature awaits `ready` before it
// reads a model, which costs nothing on the desktop and fetches the files in a browser.

import * as vscode from 'vscode';
import { completionServiceFor, type GhostTextService } from '../core/completion/ghost-text';
import { LoadedModel, ModelCard, Task } from '../core/model/model-bundle';
import { kernelsInUse } from '../core/kernels/kernels';
import { ModelRegistry } from '../core/model/registry';
import { languageOf } from '../core/text/model-tokenizer';
import type { Language, SentimentModels } from '../core/sentiment/routing';
import { chosenModel, modelSetting, setChosenModel } from './config';
import { log } from './log';
import { AnalysisWorker } from './worker/analysis-client';
import type { ModelSource } from './model-source';

export interface TrainedRoots {
  global?: string;
  workspace?: string;
}

export type TrainedScope = keyof TrainedRoots;

export class ModelService implements vscode.Disposable {
  private models: ModelRegistry;
  /** the models of the folder in use (the bundled ones, or a test's) */
  get registry(): ModelRegistry {
    return this.models;
  }
  private completions = new Map<string, GhostTextService>();
  private readonly changed = new vscode.EventEmitter<Task>();
  /** fires when the model chosen for a task changes */
  readonly onDidChangeModel = this.changed.event;
  private readonly subscription: vscode.Disposable;
  /** the long computations (trace, long sentiment), off the extension host */
  readonly worker: AnalysisWorker;

  /**
   * `trained`: the folders of models trained on the user's text, the workspace's (this workspace
   * only) and the global one, listed after the bundled models.
   */
  constructor(
    private readonly source: ModelSource,
    readonly trained: TrainedRoots = {},
  ) {
    this.models = this.registryOf(source.root);
    this.worker = new AnalysisWorker(source.threads);
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`rnnLens.${modelSetting('sentiment')}`) || e.affectsConfiguration(`rnnLens.${modelSetting('sentiment', 'ko')}`))
        this.changed.fire('sentiment');
      if (e.affectsConfiguration(`rnnLens.${modelSetting('language-model')}`) || e.affectsConfiguration(`rnnLens.${modelSetting('language-model', 'ko')}`))
        this.changed.fire('language-model');
    });
  }

  /**
   * The id chosen in settings, or the task's default when the setting is empty or unknown. Each
   * task has a model per language: `rnnLens.sentimentModel` / `rnnLens.languageModel` for English,
   * `rnnLens.koreanSentimentModel` / `rnnLens.koreanLanguageModel` for Korean (undefined there only
   * when no Korean model is installed: Hangul then goes to English's).
   */
  selectedId(task: Task, language?: 'en'): string;
  selectedId(task: Task, language: Language): string | undefined;
  selectedId(task: Task, language: Language = 'en'): string | undefined {
    const chosen = chosenModel(task, language);
    const known = this.registry.list().some((c) => c.id === chosen && c.task === task && languageOf(c) === language);
    return known ? chosen : language === 'en' ? this.registry.defaultId(task) : this.registry.defaultIfAny(task, language);
  }

  /** The sentiment model of each language, as ids: routing.ts sends each sentence to its language's. */
  sentimentIds(): SentimentModels<string> {
    const ko = this.selectedId('sentiment', 'ko');
    return { en: this.selectedId('sentiment'), ...(ko ? { ko } : {}) };
  }

  cards(task: Task): ModelCard[] {
    return this.registry.list().filter((c) => c.task === task);
  }

  async select(task: Task, id: string): Promise<void> {
    // a model trained for this workspace only is chosen in the workspace's settings
    const inWorkspace = this.trainedModels().some((t) => t.card.id === id && t.scope === 'workspace');
    // a Korean model is the Korean choice; the English one stays
    await setChosenModel(task, id, inWorkspace, languageOf(this.registry.card(id)));
  }

  load(task: Task, id = this.selectedId(task)): LoadedModel {
    if (!this.toldKernels) {
      this.toldKernels = true;
      log.info(kernelsInUse() === 'wasm' ? 'engine: WebAssembly SIMD kernels' : 'engine: JavaScript kernels (WebAssembly SIMD is not available here)');
    }
    return this.registry.loadFor(task, id);
  }
  private toldKernels = false;

  private registryOf(root: string): ModelRegistry {
    const more = [this.trained.workspace, this.trained.global].filter((r): r is string => !!r);
    return new ModelRegistry(root, more, (dir, e) => log.warn(`a trained model in ${dir} cannot be read and is left out: ${e.message}`), this.source.reader);
  }

  private cardsFetched: Promise<void> | undefined;
  private cardsThere = false;
  private readonly modelsFetched = new Map<string, Promise<void>>();
  private readonly modelsThere = new Set<string>();
  /** ids whose folders have been fetched (cleared when the list is read again) */
  private readonly idsThere = new Set<string>();

  /**
   * Undefined when the cards and the models `pick` names (asked once the cards are there) can be
   * read now — always on the desktop; else a promise settled once they have been fetched. A
   * feature awaits it before it reads a model, so a browser host reads nothing it has not fetched.
   */
  ready(pick: () => string[] = () => []): Promise<void> | undefined {
    const { fetchCards, fetchModel } = this.source;
    if (!fetchCards || !fetchModel) return undefined;
    if (!this.cardsThere) {
      this.cardsFetched ??= fetchCards(this.registry.roots).then(
        () => {
          this.cardsThere = true;
          this.registry.refresh();
          this.changed.fire('sentiment');
          this.changed.fire('language-model');
        },
        (e: unknown) => {
          this.cardsFetched = undefined; // tried again on the next use
          throw e;
        },
      );
      return this.cardsFetched.then(() => this.ready(pick));
    }
    // asked at every keystroke by ghost text: the ids already fetched answer without the registry
    const ids = pick().filter((id) => !this.idsThere.has(id));
    if (!ids.length) return undefined;
    const known = new Set(this.registry.list().map((c) => c.id));
    const wanted = [...new Set(ids.filter((id) => known.has(id)))].map((id) => ({ id, dir: this.registry.dirOf(id) }));
    for (const w of wanted) if (this.modelsThere.has(w.dir)) this.idsThere.add(w.id);
    const dirs = wanted.filter((w) => !this.modelsThere.has(w.dir)).map((w) => w.dir);
    if (!dirs.length) return undefined;
    return Promise.all(
      dirs.map((dir) => {
        let fetching = this.modelsFetched.get(dir);
        if (!fetching) {
          fetching = fetchModel(dir).then(
            () => void this.modelsThere.add(dir),
            (e: unknown) => {
              this.modelsFetched.delete(dir);
              throw e;
            },
          );
          this.modelsFetched.set(dir, fetching);
        }
        return fetching;
      }),
    ).then(() => {});
  }

  /** The trained models, with the folder and scope each lives in. */
  trainedModels(): Array<{ card: ModelCard; dir: string; root: string; scope: TrainedScope }> {
    return this.registry.list().flatMap((card) => {
      const dir = this.registry.dirOf(card.id);
      const { reader } = this.source;
      const root = reader.dirname(dir);
      const same = (a: string, b: string) => reader.inside(a, b) && reader.inside(b, a);
      const scope = (Object.keys(this.trained) as TrainedScope[]).find((k) => this.trained[k] && same(this.trained[k]!, root));
      return scope ? [{ card, dir, root, scope }] : [];
    });
  }

  /** Reads the model folders again (a model was trained, renamed or deleted). */
  refresh(): void {
    this.registry.refresh();
    this.idsThere.clear();
    const ids = new Set(this.registry.list().map((c) => c.id));
    for (const id of [...this.completions.keys()]) if (!ids.has(id)) this.completions.delete(id);
    this.changed.fire('sentiment');
    this.changed.fire('language-model');
  }

  /** Serves models from another folder (the extension-host tests use a broken copy); returns the previous one. */
  useModelsRoot(root: string): string {
    const previous = this.registry.root;
    this.models = this.registryOf(root);
    this.idsThere.clear();
    this.completions.clear();
    this.changed.fire('sentiment');
    this.changed.fire('language-model');
    return previous;
  }

  /**
   * The completion service (with its saved states) of the language model selected for a language
   * (ghost-text.ts routes the text before the cursor); English's where no Korean model is installed.
   */
  completion(language: Language = 'en'): GhostTextService {
    const id = this.selectedId('language-model', language) ?? this.selectedId('language-model');
    let service = this.completions.get(id);
    if (!service) {
      service = completionServiceFor(this.load('language-model', id));
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

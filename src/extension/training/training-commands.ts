// RNN Lens: Train Language Model on Workspace… / Train Sentiment Model from File… / Manage Trained
// Models. The choices are asked in quick picks (or passed as arguments, as the tests do); the
// training runs in a worker thread behind a progress notification with Cancel and the Training view.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ignore from 'ignore';
import * as vscode from 'vscode';
import type { ModelCard, Task } from '../../core/model/model-bundle';
import { deleteTrainedModel, renameTrainedModel, sweepStaging } from '../../core/model/trained-models';
import { TEXT_EXTENSIONS } from '../../core/training/text-files';
import { languageOf } from '../../core/text/model-tokenizer';
import { log } from '../log';
import { modelSetting } from '../config';
import { ModelService, TrainedScope } from '../model-service';
import { TrainingJob } from '../../core/training/training-worker-protocol';
import { TrainingPanel } from './training-panel';
import { TrainingViewModel } from './training-view-model';
import { TrainingEnd, TrainingRun } from '../../core/training/training-run';
import { localMessage } from '../core-messages';

export const TRAINING_COMMANDS = {
  trainLanguageModel: 'rnnLens.trainLanguageModel',
  trainSentimentModel: 'rnnLens.trainSentimentModel',
  manageTrainedModels: 'rnnLens.manageTrainedModels',
} as const;

/** Arguments the commands take instead of asking (scripts and the extension-host tests). */
export interface TrainLanguageModelArgs {
  files?: string[];
  base?: string;
  name?: string;
  scope?: TrainedScope;
  epochs?: number;
  /** use it for ghost text when done (asked otherwise) */
  use?: boolean;
}

export interface TrainSentimentArgs {
  file?: string;
  textColumn?: string;
  labelColumn?: string;
  base?: string;
  name?: string;
  scope?: TrainedScope;
  epochs?: number;
  use?: boolean;
}

export interface TrainingResult {
  status: TrainingEnd['type'];
  id?: string;
  message?: string;
}

/** Markdown and text files of the workspace, without what files.exclude, search.exclude and .gitignore leave out. */
export async function workspaceTextFiles(token?: vscode.CancellationToken): Promise<string[]> {
  const excludes = new Set<string>(['**/node_modules/**', '**/.git/**']);
  for (const section of ['files.exclude', 'search.exclude']) {
    const value = vscode.workspace.getConfiguration().get<Record<string, unknown>>(section) ?? {};
    for (const [glob, on] of Object.entries(value)) if (on === true) excludes.add(glob);
  }
  const uris = await vscode.workspace.findFiles(`**/*.{${TEXT_EXTENSIONS.join(',')}}`, `{${[...excludes].join(',')}}`, 20_000, token);
  const files = uris.filter((u) => u.scheme === 'file').map((u) => u.fsPath);
  // .gitignore files of each workspace folder, applied relative to the folder they are in
  const ignores = await vscode.workspace.findFiles('**/.gitignore', '**/node_modules/**', 500, token);
  const rules = ignores.map((u) => ({ dir: path.dirname(u.fsPath), ig: ignore().add(fs.readFileSync(u.fsPath, 'utf8')) }));
  return files.filter((f) => !rules.some((r) => f.startsWith(r.dir + path.sep) && r.ig.ignores(path.relative(r.dir, f).split(path.sep).join('/')))).sort();
}

export class TrainingCommands {
  private active: { run: TrainingRun; view: TrainingViewModel } | null = null;
  /** the last training's view, for Show Training View */
  private last: TrainingViewModel | null = null;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly models: ModelService,
  ) {}

  get running(): TrainingRun | null {
    return this.active?.run ?? null;
  }

  private rootOf(scope: TrainedScope): string {
    const root = this.models.trained[scope];
    if (!root) throw new Error(scope === 'workspace' ? 'no folder is open: "this workspace only" needs a workspace' : 'no storage folder for trained models');
    return root;
  }

  /** One training at a time (both cores are busy): a second is refused, with a way to the first. */
  private refuseSecond(): boolean {
    const active = this.active;
    if (!active) return false;
    void vscode.window
      .showWarningMessage(`RNN Lens is already training "${active.view.state.title}". Wait for it to finish or cancel it first.`, 'Show Training')
      .then((show) => show && TrainingPanel.show(this.context.extensionUri, active.view, active.run));
    return true;
  }

  /** The model to start from: given, or asked (interactive), or the one in use (when called with arguments). */
  private async pickBase(task: Task, given: string | undefined, ask: boolean): Promise<ModelCard | undefined> {
    // a language model trains on your text as English words (user-training.ts): the Korean one is not a base
    const cards = this.models.cards(task).filter((c) => task !== 'language-model' || languageOf(c) === 'en');
    if (given) return this.models.registry.card(given);
    const current = this.models.selectedId(task);
    if (!ask) return this.models.registry.card(current);
    const pick = await vscode.window.showQuickPick(
      [...cards]
        .sort((a, b) => Number(b.id === current) - Number(a.id === current))
        .map((c) => ({
          label: c.name ?? c.id,
          description: [c.cell, c.id === current ? vscode.l10n.t('in use') : '', c.fineTunedFrom ? vscode.l10n.t('trained from {0}', c.fineTunedFrom) : '']
            .filter(Boolean)
            .join(' · '),
          card: c,
        })),
      {
        title: vscode.l10n.t('RNN Lens: start from which model?'),
        placeHolder: vscode.l10n.t('The model to fine-tune (its words and weights are where training starts)'),
      },
    );
    return pick?.card;
  }

  private async pickScope(given: TrainedScope | undefined, ask: boolean): Promise<TrainedScope | undefined> {
    if (given) return given;
    if (!ask) return 'global';
    if (!this.models.trained.workspace) return 'global';
    const pick = await vscode.window.showQuickPick(
      [
        { label: vscode.l10n.t('All my workspaces'), description: vscode.l10n.t("saved in the extension's global storage"), scope: 'global' as const },
        { label: vscode.l10n.t('This workspace only'), description: vscode.l10n.t("saved in this workspace's storage"), scope: 'workspace' as const },
      ],
      { title: vscode.l10n.t('RNN Lens: where should the trained model be available?') },
    );
    return pick?.scope;
  }

  async trainLanguageModel(args: TrainLanguageModelArgs = {}): Promise<TrainingResult> {
    if (this.refuseSecond()) return { status: 'error', message: 'another training is running' };
    let files = args.files;
    if (!files) {
      const editor = vscode.window.activeTextEditor;
      const choices = [
        ...(vscode.workspace.workspaceFolders?.length
          ? [
              {
                label: `$(files) ${vscode.l10n.t("The workspace's Markdown and text files")}`,
                description: vscode.l10n.t('honours files.exclude, search.exclude and .gitignore'),
                source: 'workspace' as const,
              },
            ]
          : []),
        ...(editor
          ? [
              {
                label: `$(file) ${vscode.l10n.t('The current file')}`,
                description: vscode.workspace.asRelativePath(editor.document.uri),
                source: 'file' as const,
              },
            ]
          : []),
        { label: `$(folder) ${vscode.l10n.t('A folder…')}`, description: vscode.l10n.t('its Markdown and text files'), source: 'folder' as const },
      ];
      const pick = await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('RNN Lens: Train Language Model — learn from what?') });
      if (!pick) return { status: 'cancelled' };
      if (pick.source === 'workspace') files = await workspaceTextFiles();
      else if (pick.source === 'file') files = [await this.fileOf(editor!.document)];
      else {
        const folder = await vscode.window.showOpenDialog({
          canSelectFolders: true,
          canSelectFiles: false,
          title: vscode.l10n.t('Learn from the text files in this folder'),
        });
        if (!folder?.length) return { status: 'cancelled' };
        files = [folder[0].fsPath];
      }
      if (!files.length) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('RNN Lens: no Markdown or text files ({0}) to learn from.', TEXT_EXTENSIONS.map((e) => `.${e}`).join(', ')),
        );
        return { status: 'error', message: 'no files' };
      }
    }
    const base = await this.pickBase('language-model', args.base, !args.files);
    if (!base) return { status: 'cancelled' };
    const scope = await this.pickScope(args.scope, !args.files);
    if (!scope) return { status: 'cancelled' };
    const name = args.name ?? (args.files ? `${base.id}-tuned` : await this.askName(`${base.name ?? base.id} + ${vscode.workspace.name ?? 'my text'}`));
    if (name === undefined) return { status: 'cancelled' };
    const job: TrainingJob = {
      kind: 'language-model',
      request: {
        files,
        baseDir: this.models.registry.dirOf(base.id),
        outRoot: this.rootOf(scope),
        name,
        options: { workers: Math.min(2, os.availableParallelism()), ...(args.epochs ? { epochs: args.epochs } : {}) },
      },
      taken: this.models.registry.list().map((c) => c.id),
    };
    return this.start(job, name, base.id, args.use);
  }

  async trainSentimentModel(args: TrainSentimentArgs = {}): Promise<TrainingResult> {
    if (this.refuseSecond()) return { status: 'error', message: 'another training is running' };
    let file = args.file;
    if (!file) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        title: vscode.l10n.t('A labelled file: a text column and a label column'),
        filters: { 'Labelled text': ['csv', 'tsv', 'jsonl', 'ndjson', 'txt'] },
      });
      if (!picked?.length) return { status: 'cancelled' };
      file = picked[0].fsPath;
    }
    const base = await this.pickBase('sentiment', args.base, !args.file);
    if (!base) return { status: 'cancelled' };
    const scope = await this.pickScope(args.scope, !args.file);
    if (!scope) return { status: 'cancelled' };
    const name = args.name ?? (args.file ? `${base.id}-tuned` : await this.askName(`${base.name ?? base.id} + ${path.basename(file).replace(/\.[^.]+$/, '')}`));
    if (name === undefined) return { status: 'cancelled' };
    let columns = { textColumn: args.textColumn, labelColumn: args.labelColumn };
    // an undecidable header is asked about, then the training starts again with the answer
    for (;;) {
      const job: TrainingJob = {
        kind: 'sentiment',
        request: {
          file,
          ...columns,
          baseDir: this.models.registry.dirOf(base.id),
          outRoot: this.rootOf(scope),
          name,
          options: { workers: Math.min(2, os.availableParallelism()), ...(args.epochs ? { epochs: args.epochs } : {}) },
        },
        taken: this.models.registry.list().map((c) => c.id),
      };
      const result = await this.start(job, name, base.id, args.use);
      if (!result.ambiguous) return result;
      const column = await vscode.window.showQuickPick(result.ambiguous.columns, {
        title:
          result.ambiguous.which === 'text'
            ? vscode.l10n.t('RNN Lens: which column holds the text?')
            : vscode.l10n.t('RNN Lens: which column holds the label?'),
        placeHolder: path.basename(file),
      });
      if (!column) return { status: 'cancelled' };
      columns = { ...columns, [result.ambiguous.which === 'text' ? 'textColumn' : 'labelColumn']: column };
    }
  }

  private async askName(suggestion: string): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: vscode.l10n.t('RNN Lens: name the trained model'),
      value: suggestion,
      validateInput: (v) => (v.trim() ? null : vscode.l10n.t('a name, so you can find it in the model picker')),
    });
  }

  /** An unsaved or untitled document is trained from a copy of its text. */
  private async fileOf(document: vscode.TextDocument): Promise<string> {
    if (document.uri.scheme === 'file' && !document.isDirty) return document.uri.fsPath;
    const dir = path.join(this.context.globalStorageUri.fsPath, 'tmp');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `current-${process.pid}.md`);
    fs.writeFileSync(file, document.getText());
    return file;
  }

  private async start(
    job: TrainingJob,
    name: string,
    base: string,
    use: boolean | undefined,
  ): Promise<TrainingResult & { ambiguous?: { columns: string[]; which: 'text' | 'label' } }> {
    sweepStaging(job.request.outRoot, 10 * 60 * 1000);
    const run = new TrainingRun(job);
    const view = new TrainingViewModel(name, job.kind, base, { t: vscode.l10n.t, core: localMessage });
    this.active = { run, view };
    this.last = view;
    const panel = TrainingPanel.show(this.context.extensionUri, view, run);
    run.onEvent((e) => {
      view.add(e);
      TrainingPanel.current?.update();
    });
    const title =
      job.kind === 'language-model'
        ? vscode.l10n.t('RNN Lens: training "{0}" on your text', name)
        : vscode.l10n.t('RNN Lens: training "{0}" from {1}', name, path.basename(job.request.file));
    const ended = vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => run.cancel());
      run.onEvent((e) => {
        if (e.kind === 'stage') progress.report({ message: localMessage(e.message) });
        if (e.kind === 'epoch') {
          progress.report({
            message:
              e.pass === 'measure'
                ? vscode.l10n.t('held-out run: epoch {0} of {1}', e.epoch, e.epochs)
                : vscode.l10n.t('final run: epoch {0} of {1}', e.epoch, e.epochs),
            increment: 100 / (2 * e.epochs),
          });
        }
      });
      return run.ended$;
    });
    return await ended.then(async (end) => {
      this.active = null;
      view.end(end);
      (TrainingPanel.current ?? panel).follow(view, null);
      if (end.type === 'cancelled') {
        void vscode.window.showInformationMessage(vscode.l10n.t('RNN Lens: training "{0}" cancelled; nothing was saved.', name));
        return { status: 'cancelled' };
      }
      if (end.type === 'error') {
        if (end.ambiguous) return { status: 'error', message: end.message, ambiguous: end.ambiguous };
        log.error(`training "${name}" failed: ${end.message}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('RNN Lens: training "{0}" failed: {1}', name, localMessage(end.message)));
        return { status: 'error', message: end.message };
      }
      this.models.refresh();
      const task: Task = job.kind;
      const id = end.outcome.id;
      const summary = view.state.comparison.map((r) => `${r.label} ${r.before} → ${r.after}`).join('; ');
      log.info(`trained ${id} in ${end.outcome.dir}: ${summary}`);
      if (use) await this.use(task, id);
      else {
        const useIt = task === 'language-model' ? vscode.l10n.t('Use for Ghost Text') : vscode.l10n.t('Use for Sentiment');
        const show = vscode.l10n.t('Show Training');
        void vscode.window.showInformationMessage(vscode.l10n.t('RNN Lens: "{0}" is trained. {1}', name, summary), useIt, show).then(async (choice) => {
          if (choice === useIt) await this.use(task, id);
          if (choice === show) TrainingPanel.show(this.context.extensionUri, view, null);
        });
      }
      return { status: 'done', id };
    });
  }

  /** Chooses a model for a task (in the workspace's settings if it lives in this workspace only). */
  async use(task: Task, id: string): Promise<void> {
    await this.models.select(task, id);
  }

  async manage(): Promise<void> {
    const trained = this.models.trainedModels();
    if (!trained.length) {
      const language = vscode.l10n.t('Train Language Model…');
      const go = await vscode.window.showInformationMessage(
        vscode.l10n.t('RNN Lens: no trained models yet. Train a language model on your workspace, or a sentiment model from a labelled file.'),
        language,
        vscode.l10n.t('Train Sentiment Model…'),
      );
      if (go) await vscode.commands.executeCommand(go === language ? TRAINING_COMMANDS.trainLanguageModel : TRAINING_COMMANDS.trainSentimentModel);
      return;
    }
    const pick = await vscode.window.showQuickPick(
      trained.map((t) => ({
        label: t.card.name ?? t.card.id,
        description: [
          t.card.task === 'language-model' ? vscode.l10n.t('ghost text') : vscode.l10n.t('sentiment'),
          t.scope === 'workspace' ? vscode.l10n.t('this workspace') : vscode.l10n.t('all workspaces'),
          this.models.selectedId(t.card.task, languageOf(t.card)) === t.card.id ? vscode.l10n.t('in use') : '',
        ]
          .filter(Boolean)
          .join(' · '),
        detail: describeTrained(t.card),
        t,
      })),
      { title: vscode.l10n.t('RNN Lens: trained models'), placeHolder: vscode.l10n.t('Pick a model to use, rename or delete it') },
    );
    if (!pick) return;
    const { card, root } = pick.t;
    const [use, rename, remove, show] = [vscode.l10n.t('Use'), vscode.l10n.t('Rename…'), vscode.l10n.t('Delete…'), vscode.l10n.t('Show Model Card')];
    const action = await vscode.window.showQuickPick([use, rename, remove, show], { title: `RNN Lens: ${card.name ?? card.id}` });
    if (action === use) await this.use(card.task, card.id);
    else if (action === rename) {
      const name = await vscode.window.showInputBox({
        title: vscode.l10n.t('RNN Lens: rename the model'),
        value: card.name ?? card.id,
        validateInput: (v) => (v.trim() ? null : vscode.l10n.t('a name')),
      });
      if (name) {
        renameTrainedModel(root, card.id, name);
        this.models.refresh();
      }
    } else if (action === remove) {
      const deleteIt = vscode.l10n.t('Delete');
      const sure = await vscode.window.showWarningMessage(
        vscode.l10n.t('Delete the trained model "{0}"? This cannot be undone.', card.name ?? card.id),
        { modal: true },
        deleteIt,
      );
      if (sure === deleteIt) await this.delete(card.id);
    } else if (action === show) {
      const doc = await vscode.workspace.openTextDocument({ content: JSON.stringify(card, null, 2), language: 'json' });
      await vscode.window.showTextDocument(doc, { preview: true });
    }
  }

  /** Deletes a trained model; a task that used it goes back to its default. */
  async delete(id: string): Promise<void> {
    const t = this.models.trainedModels().find((m) => m.card.id === id);
    if (!t) throw new Error(`no trained model "${id}"`);
    deleteTrainedModel(t.root, id);
    for (const target of [vscode.ConfigurationTarget.Global, vscode.ConfigurationTarget.Workspace]) {
      const key = modelSetting(t.card.task, languageOf(t.card));
      const inspected = vscode.workspace.getConfiguration('rnnLens').inspect<string>(key);
      const value = target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue;
      if (value === id) await vscode.workspace.getConfiguration('rnnLens').update(key, undefined, target);
    }
    this.models.refresh();
  }

  showLast(): void {
    if (this.active) TrainingPanel.show(this.context.extensionUri, this.active.view, this.active.run);
    else if (this.last) TrainingPanel.show(this.context.extensionUri, this.last, null);
  }
}

function describeTrained(card: ModelCard): string {
  const t = card.training as { trainedAt?: string; files?: number; rows?: { total?: number }; tokens?: number };
  const m = card.metrics as { heldOut?: { before?: unknown; after?: unknown } };
  const parts = [`from ${card.fineTunedFrom ?? '?'}`];
  if (t.files) parts.push(`${t.files} files, ${t.tokens?.toLocaleString('en-US')} tokens`);
  if (t.rows?.total) parts.push(`${t.rows.total} rows`);
  const b = m.heldOut?.before;
  const a = m.heldOut?.after;
  if (typeof b === 'number' && typeof a === 'number') parts.push(`held-out accuracy ${(100 * b).toFixed(1)}% → ${(100 * a).toFixed(1)}%`);
  else if (b && a && typeof b === 'object')
    parts.push(`keystroke savings ${(100 * (b as { savings: number }).savings).toFixed(1)}% → ${(100 * (a as { savings: number }).savings).toFixed(1)}%`);
  if (t.trainedAt) parts.push(new Date(t.trainedAt).toLocaleString());
  return parts.join(' · ');
}

export function registerTrainingCommands(context: vscode.ExtensionContext, models: ModelService): TrainingCommands {
  const commands = new TrainingCommands(context, models);
  context.subscriptions.push(
    vscode.commands.registerCommand(TRAINING_COMMANDS.trainLanguageModel, (args?: TrainLanguageModelArgs) => commands.trainLanguageModel(args)),
    vscode.commands.registerCommand(TRAINING_COMMANDS.trainSentimentModel, (args?: TrainSentimentArgs) => commands.trainSentimentModel(args)),
    vscode.commands.registerCommand(TRAINING_COMMANDS.manageTrainedModels, () => commands.manage()),
    { dispose: () => commands.running?.cancel() },
  );
  return commands;
}

// "RNN Lens: Inspect Hidden States": a webview beside the editor with the trace of the
// selection (or of the text handed over by Analyze Sentiment's Inspect action). It follows the
// selection while open (debounced) unless pinned, and restores after a window reload.

import { TRACE_TOKEN_LIMIT } from '../core/trace/trace';
import * as vscode from 'vscode';
import { ModelTrace } from '../core/trace/trace';
import { PackedTrace, splitTrace, unpackTrace } from '../core/trace/trace-transfer';
import { Channel } from '../core/channel';
import { AnalysisRequest, InspectorHostSide, InspectorPageSide, inspectorValidators, PanelState, parsePanelState, Task } from '../shared/inspector-protocol';
import { COMMAND, followSelection } from './config';
import { AnswerLimits, answer } from './inspector-requests';
import { describeError, log } from './log';
import { ModelService } from './model-service';
import { webviewPage } from './webview-page';
import { languageFor } from '../core/sentiment/routing';

export const VIEW_TYPE = 'rnnLens.inspector';
/** The inspector reads at most this many tokens of a selection. */
export const MAX_INSPECT_TOKENS = TRACE_TOKEN_LIMIT;
/** what the webview's questions read: all the inspected tokens; occlusion, which re-reads the
 *  text once per token, only up to 150 of them (2–3 s of work with the two-layer models, in slices) */
export const INSPECTOR_LIMITS: AnswerLimits = { maxTokens: MAX_INSPECT_TOKENS, occlusionTokens: 150 };
const MAX_INSPECT_CHARS = 40_000;

export type InspectorState = PanelState;

export class InspectorPanel implements vscode.Disposable {
  static current: InspectorPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private followTimer: NodeJS.Timeout | undefined;
  private ready = false;
  /** counts refreshes: an analysis started before the latest one is dropped */
  private generation = 0;
  /** what the webview last reported drawing */
  lastRendered: { tokens: number; columns: number } | undefined;
  private lastPacked: PackedTrace | undefined;
  private unpacked: ModelTrace | undefined;
  /** the last trace sent, as per-step views of its matrices (made when first asked for: exports, tests) */
  get lastTrace(): ModelTrace | undefined {
    if (!this.unpacked && this.lastPacked) this.unpacked = unpackTrace(this.lastPacked);
    return this.unpacked;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly models: ModelService,
    private state: InspectorState,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
    panel.webview.html = this.html(panel.webview);
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => this.receiveUnchecked(m), null, this.disposables);
    this.channel = this.connect();
    vscode.window.onDidChangeTextEditorSelection((e) => this.selectionChanged(e), null, this.disposables);
    models.onDidChangeModel(() => void this.refresh(), null, this.disposables);
  }

  /** whether the webview has loaded and asked for its first trace */
  get isReady(): boolean {
    return this.ready;
  }

  get currentState(): InspectorState {
    return this.state;
  }

  static show(extensionUri: vscode.Uri, models: ModelService, state: InspectorState): InspectorPanel {
    if (InspectorPanel.current) {
      InspectorPanel.current.state = { ...InspectorPanel.current.state, ...state, text: state.text.slice(0, MAX_INSPECT_CHARS + 1) };
      InspectorPanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
      void InspectorPanel.current.refresh();
      return InspectorPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      vscode.l10n.t('RNN Lens Inspector'),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {},
    );
    InspectorPanel.current = new InspectorPanel(panel, extensionUri, models, state);
    return InspectorPanel.current;
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, models: ModelService, state: InspectorState | undefined): InspectorPanel {
    InspectorPanel.current?.dispose();
    InspectorPanel.current = new InspectorPanel(panel, extensionUri, models, state ?? { text: '', task: 'sentiment', pinned: false });
    return InspectorPanel.current;
  }

  /** The page's channel: every message from it is checked (inspectorValidators); the rest is ignored, with a log line. */
  private connect(): Channel<InspectorHostSide, InspectorPageSide> {
    const port = {
      // the page is sent messages only once it has said it is ready (it would miss them before)
      post: (message: unknown) => (this.ready ? this.panel.webview.postMessage(message) : false),
      listen: (receive: (message: unknown) => void) => {
        this.deliver = receive;
        return () => (this.deliver = undefined);
      },
    };
    const channel = new Channel<InspectorHostSide, InspectorPageSide>(port, {
      validators: inspectorValidators((id) => this.models.registry.list().some((c) => c.id === id)),
      onRefused: (reason) => {
        this.ignored++;
        log.warn(`inspector: ignored a message from the webview (${reason})`);
      },
      encodeError: (e) => ({ code: 'error', message: describeError(e) }),
    });
    const ask =
      <M extends AnalysisRequest['type']>(type: M) =>
      (params: InspectorHostSide['requests'][M]['params']) => {
        const generation = this.generation;
        const request = { type, ...params } as Extract<AnalysisRequest, { type: M }>;
        return answer(
          request,
          this.models,
          this.state.text.slice(0, MAX_INSPECT_CHARS),
          this.lastTrace,
          INSPECTOR_LIMITS,
          () => generation !== this.generation,
        ).catch((e: unknown) => {
          log.error(`inspector: ${type} failed`, e);
          throw e;
        });
      };
    return channel
      .onRequest('attribution', ask('attribution'))
      .onRequest('occlusion', ask('occlusion'))
      .onRequest('compare', ask('compare'))
      .onRequest('neighbours', ask('neighbours'))
      .onRequest('pca', ask('pca'))
      .onRequest('export', ask('export'))
      .onNotification('ready', () => {
        this.ready = true;
        void this.refresh();
      })
      .onNotification('setTask', ({ task }) => {
        this.state = { ...this.state, task, model: undefined };
        void this.refresh();
      })
      .onNotification('setModel', ({ model }) => {
        this.state = { ...this.state, model };
        void this.refresh();
      })
      .onNotification('rendered', (rendered) => (this.lastRendered = rendered))
      .onNotification('pin', ({ pinned }) => {
        this.state = { ...this.state, pinned };
        void this.channel.notify('state', { state: this.state });
      });
  }

  private readonly channel: Channel<InspectorHostSide, InspectorPageSide>;
  private deliver: ((message: unknown) => void) | undefined;

  /** Hands a message from the page to the channel; false if it was refused (tests send junk through it). */
  receiveUnchecked(raw: unknown): boolean {
    const before = this.ignored;
    this.deliver?.(raw);
    return this.ignored === before;
  }

  /** how many messages from the webview were ignored as malformed (tests read it) */
  ignored = 0;

  private selectionChanged(e: vscode.TextEditorSelectionChangeEvent): void {
    if (this.state.pinned || !followSelection()) return;
    if (e.textEditor.document.uri.scheme === 'output') return;
    const sel = e.selections[0];
    if (!sel || sel.isEmpty) return;
    clearTimeout(this.followTimer);
    this.followTimer = setTimeout(() => {
      // read no more of a long selection than the inspector shows (and one character to know it was cut)
      const doc = e.textEditor.document;
      const end = doc.offsetAt(sel.start) + MAX_INSPECT_CHARS + 1;
      const text = doc.getText(doc.offsetAt(sel.end) > end ? new vscode.Range(sel.start, doc.positionAt(end)) : sel);
      if (text.trim() && text !== this.state.text) {
        this.state = { ...this.state, text };
        void this.refresh();
      }
    }, 300);
  }

  /**
   * Traces the current text with the current model (in the analysis worker, so the extension
   * host stays responsive) and sends it to the webview. A trace overtaken by a newer refresh is
   * dropped. Resolves when this refresh is done.
   */
  refresh(): Promise<void> {
    // a browser host fetches the cards first (once); the desktop has them
    const cardsFetched = this.models.ready();
    if (cardsFetched)
      return cardsFetched.then(
        () => this.refresh(),
        (e: unknown) => void this.channel.notify('error', { message: describeError(e), state: this.state }),
      );
    const generation = ++this.generation;
    const { task } = this.state;
    const cards = this.models.cards(task).map((c) => ({ id: c.id, cell: c.cell, bidirectional: c.bidirectional }));
    let model: string;
    try {
      // the model picked in the inspector, else the one in use for the text's language (Hangul: the
      // Korean one; a language model by words, as ghost text routes, so English terms in a Korean note stay Korean)
      const language = languageFor(task, this.state.text) ?? 'en';
      model =
        this.state.model && cards.some((c) => c.id === this.state.model)
          ? this.state.model
          : (this.models.selectedId(task, language) ?? this.models.selectedId(task));
    } catch (e) {
      void this.channel.notify('error', { message: describeError(e), state: this.state });
      return Promise.resolve();
    }
    const text = this.state.text.slice(0, MAX_INSPECT_CHARS);
    const notes: string[] = [];
    if (this.state.text.length > MAX_INSPECT_CHARS)
      notes.push(vscode.l10n.t('Only the first {0} characters are shown.', MAX_INSPECT_CHARS.toLocaleString('en-US')));
    // and the model's files, which the worker is handed
    return Promise.resolve(this.models.ready(() => [model]))
      .then(() => this.models.worker.trace(this.models.registry.dirOf(model), model, text, MAX_INSPECT_TOKENS))
      .then(
        async (packed) => {
          if (generation !== this.generation) return;
          if (packed.tokens.length === MAX_INSPECT_TOKENS) notes.push(vscode.l10n.t('Only the first {0} tokens are shown.', MAX_INSPECT_TOKENS));
          if (packed.tokens.length === 0) notes.push(vscode.l10n.t('Select some text in an editor to see what the network carries at each token.'));
          else if (packed.tokens.every((t) => t.endOfSentence || !t.known))
            notes.push(vscode.l10n.t("None of these words are in the model's vocabulary: every token reads as <unk>."));
          this.lastPacked = packed;
          this.unpacked = undefined;
          this.lastRendered = undefined;
          const { outline, parts } = splitTrace(packed);
          // each part leaves once the one before has been delivered, so VS Code never holds (and
          // copies) more than one of them at a time
          await this.channel.notify('trace', { id: generation, parts: parts.length, trace: outline, models: cards, model, state: this.state, notes });
          for (const part of parts) {
            if (generation !== this.generation) return;
            await this.channel.notify('tracePart', { id: generation, ...part });
          }
        },
        (e: unknown) => {
          if (generation !== this.generation || (e instanceof Error && e.name === 'CancelledError')) return;
          log.error(`inspector: tracing with ${model} failed`, e);
          void this.channel.notify('error', { message: describeError(e), state: this.state });
        },
      );
  }

  private html(webview: vscode.Webview): string {
    return webviewPage(webview, this.extensionUri, { script: 'inspector.js', style: 'inspector.css', title: 'RNN Lens Inspector', images: true });
  }

  dispose(): void {
    if (InspectorPanel.current === this) InspectorPanel.current = undefined;
    clearTimeout(this.followTimer);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export function registerInspector(context: vscode.ExtensionContext, models: ModelService): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMAND.inspect, (args?: { text?: string; task?: Task }) => {
      const editor = vscode.window.activeTextEditor;
      let text = args?.text;
      if (text === undefined && editor) {
        const sel = editor.selection;
        text = editor.document.getText(sel.isEmpty ? editor.document.lineAt(sel.active.line).range : sel);
      }
      // returns nothing: a command's result may be serialised, and a panel cannot be
      InspectorPanel.show(context.extensionUri, models, {
        text: text ?? '',
        task: args?.task ?? InspectorPanel.current?.currentState.task ?? 'sentiment',
        pinned: false,
      });
    }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        InspectorPanel.revive(panel, context.extensionUri, models, parsePanelState(state));
      },
    }),
  );
}

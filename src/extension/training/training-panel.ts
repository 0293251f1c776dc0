// The Training view: one webview that follows the training in progress (or shows the last one),
// drawn from a TrainingViewState the host rebuilds from the run's events.

import * as vscode from 'vscode';
import { Channel } from '../../core/channel';
import { TRAINING_VALIDATORS, TrainingHostSide, TrainingPageSide, TrainingViewState } from '../../shared/training-protocol';
import { log } from '../log';
import { webviewPage } from '../webview-page';
import type { TrainingRun } from '../../core/training/training-run';
import type { TrainingViewModel } from './training-view-model';

const VIEW_TYPE = 'rnnLens.training';

export class TrainingPanel {
  static current: TrainingPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private view: TrainingViewModel;
  private run: TrainingRun | null = null;
  private pending: NodeJS.Timeout | undefined;
  /** what the webview was last sent (tests read it) */
  lastPosted: TrainingViewState | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    view: TrainingViewModel,
  ) {
    this.view = view;
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
    panel.webview.html = this.html(panel.webview);
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    const port = {
      post: (message: unknown) => panel.webview.postMessage(message),
      listen: (receive: (message: unknown) => void) => {
        const listening = panel.webview.onDidReceiveMessage(receive);
        return () => listening.dispose();
      },
    };
    this.channel = new Channel<TrainingHostSide, TrainingPageSide>(port, {
      validators: TRAINING_VALIDATORS,
      onRefused: (reason) => log.warn(`training view: ignored a message that is not one of the view's (${reason})`),
    })
      .onNotification('ready', () => this.post())
      .onNotification('cancel', () => this.run?.cancel());
    this.disposables.push({ dispose: () => this.channel.close() });
  }

  private readonly channel: Channel<TrainingHostSide, TrainingPageSide>;

  /** Shows the view, following `run` (a new training) or just the last state. */
  static show(extensionUri: vscode.Uri, view: TrainingViewModel, run: TrainingRun | null): TrainingPanel {
    let p = TrainingPanel.current;
    if (!p) {
      const panel = vscode.window.createWebviewPanel(
        VIEW_TYPE,
        vscode.l10n.t('RNN Lens: Training'),
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        {},
      );
      p = TrainingPanel.current = new TrainingPanel(panel, extensionUri, view);
    } else p.panel.reveal(undefined, true);
    p.follow(view, run);
    return p;
  }

  follow(view: TrainingViewModel, run: TrainingRun | null): void {
    this.view = view;
    this.run = run;
    this.post();
  }

  /** Sends the state, at most every 150 ms while batches stream in. */
  update(): void {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.post();
    }, 150);
  }

  private post(): void {
    this.lastPosted = JSON.parse(JSON.stringify(this.view.state)) as TrainingViewState;
    void this.channel.notify('state', { state: this.view.state });
  }

  private html(webview: vscode.Webview): string {
    return webviewPage(webview, this.extensionUri, { script: 'training.js', style: 'training.css', title: vscode.l10n.t('RNN Lens: Training') });
  }

  dispose(): void {
    if (TrainingPanel.current === this) TrainingPanel.current = undefined;
    clearTimeout(this.pending);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

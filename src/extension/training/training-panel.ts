// The Training view: one webview that follows the training in progress (or shows the last one),
// drawn from a TrainingViewState the host rebuilds from the run's events.

import * as vscode from 'vscode';
import type { TrainingEvent } from '../../core/training/user-training';
import { parseTrainingMessage, TrainingViewState, ToTrainingView } from '../../shared/training-protocol';
import { localMessage } from '../core-messages';
import { log } from '../log';
import { webviewPage } from '../webview-page';
import type { TrainingEnd, TrainingRun } from './training-run';

const VIEW_TYPE = 'rnnLens.training';
const MAX_POINTS = 1500;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Folds a run's events into what the view shows. */
export class TrainingViewModel {
  readonly state: TrainingViewState;
  private lastStep = { measure: 0, final: 0 };

  constructor(title: string, task: 'language-model' | 'sentiment', base: string) {
    this.state = {
      title,
      task,
      base,
      status: 'running',
      message: vscode.l10n.t('starting…'),
      facts: [],
      curves: { measure: [], final: [] },
      epochs: [],
      measureName: task === 'language-model' ? 'perplexity' : 'accuracy',
      comparison: [],
    };
  }

  add(e: TrainingEvent): void {
    const s = this.state;
    switch (e.kind) {
      case 'files':
        s.facts.push(
          e.read === 1
            ? vscode.l10n.t('1 file read, {0} tokens', e.tokens?.toLocaleString('en-US') ?? '?')
            : vscode.l10n.t('{0} files read, {1} tokens', e.read, e.tokens?.toLocaleString('en-US') ?? '?'),
        );
        if (e.skipped.length)
          s.facts.push(
            vscode.l10n.t(
              '{0} skipped: {1}',
              e.skipped.length,
              e.skipped
                .slice(0, 4)
                .map((f) => `${f.path.split(/[\\/]/).pop()} (${f.reason})`)
                .join(', ') + (e.skipped.length > 4 ? ', …' : ''),
            ),
          );
        if (e.capped) s.facts.push(vscode.l10n.t('the corpus cap was reached: the rest of the files were not read'));
        break;
      case 'rows':
        s.facts.push(vscode.l10n.t('{0}: text "{1}", label "{2}" ({3}); {4} rows', e.format.toUpperCase(), e.textColumn, e.labelColumn, e.labelRule, e.rows));
        if (Object.keys(e.skipped).length)
          s.facts.push(
            vscode.l10n.t(
              'skipped: {0}',
              Object.entries(e.skipped)
                .map(([why, n]) => `${n} ${why}`)
                .join(', '),
            ),
          );
        break;
      case 'stage':
        s.message = localMessage(e.message);
        break;
      case 'batch': {
        const p = e.progress;
        const step = (p.epoch - 1) * p.batches + p.batch;
        this.lastStep[e.pass] = step;
        const points = s.curves[e.pass];
        points.push({ step, loss: p.loss });
        // thin the curve to every other point when it grows long: the page stays quick
        if (points.length > MAX_POINTS) s.curves[e.pass] = points.filter((_, i) => i % 2 === 0);
        s.message =
          e.pass === 'measure'
            ? vscode.l10n.t('held-out run: epoch {0} of {1}, batch {2} of {3}', p.epoch, e.epochs, p.batch, p.batches)
            : vscode.l10n.t('final run, on all of your text: epoch {0} of {1}, batch {2} of {3}', p.epoch, e.epochs, p.batch, p.batches);
        break;
      }
      case 'epoch': {
        const measure = 'perplexity' in e ? e.perplexity : e.devAccuracy;
        s.epochs.push({ pass: e.pass, epoch: e.epoch, step: this.lastStep[e.pass], measure });
        break;
      }
    }
  }

  end(end: TrainingEnd): void {
    const s = this.state;
    if (end.type === 'cancelled') {
      s.status = 'cancelled';
      s.message = vscode.l10n.t('Cancelled: nothing was saved.');
      return;
    }
    if (end.type === 'error') {
      s.status = 'failed';
      s.message = vscode.l10n.t('Training failed: {0}', localMessage(end.message));
      return;
    }
    s.status = 'done';
    s.saved = end.outcome.dir;
    const r = end.outcome.result as {
      before?: unknown;
      after?: unknown;
      epochs: number;
      newWords: number;
    };
    const kept = (end.outcome.result as { kept?: string }).kept;
    const name = end.outcome.card.name ?? end.outcome.id;
    s.message =
      kept === 'base'
        ? vscode.l10n.t('Done: fine-tuned, "{0}" saved fewer keystrokes on your held-out files than {1}, so it keeps the weights of {1}.', name, s.base)
        : r.epochs === 1
          ? vscode.l10n.t('Done: "{0}" learned for 1 epoch; {1} new words.', name, r.newWords)
          : vscode.l10n.t('Done: "{0}" learned for {1} epochs; {2} new words.', name, r.epochs, r.newWords);
    if (s.task === 'language-model') {
      const b = r.before as { perplexity: number; savings: number; precision: number } | null;
      const a = r.after as typeof b;
      if (b && a)
        s.comparison = [
          {
            label: vscode.l10n.t('keystroke savings (ghost text)'),
            before: pct(b.savings),
            after: pct(a.savings),
            better: a.savings > b.savings ? true : a.savings < b.savings ? false : null,
          },
          {
            label: vscode.l10n.t('ghost text right when shown'),
            before: pct(b.precision),
            after: pct(a.precision),
            better: a.precision > b.precision ? true : a.precision < b.precision ? false : null,
          },
          {
            label: vscode.l10n.t('perplexity (words both know)'),
            before: b.perplexity.toFixed(1),
            after: a.perplexity.toFixed(1),
            better: a.perplexity < b.perplexity,
          },
        ];
      else s.facts.push(vscode.l10n.t('too little text to hold some out: no before/after measure'));
    } else {
      const b = r.before as number;
      const a = r.after as number;
      s.comparison = [{ label: vscode.l10n.t('accuracy on held-out rows'), before: pct(b), after: pct(a), better: a > b ? true : a < b ? false : null }];
    }
  }
}

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
    panel.webview.onDidReceiveMessage(
      (raw: unknown) => {
        const m = parseTrainingMessage(raw);
        if (!m) return log.warn(`training view: ignored a message that is not one of the view's (${JSON.stringify(raw)?.slice(0, 80)})`);
        if (m.type === 'ready') this.post();
        else this.run?.cancel();
      },
      null,
      this.disposables,
    );
  }

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
    void this.panel.webview.postMessage({ type: 'state', state: this.view.state } satisfies ToTrainingView);
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

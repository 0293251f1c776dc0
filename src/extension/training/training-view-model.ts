// What the Training view shows, folded from a training's events: the host rebuilds this state
// and posts it to the page (training-panel.ts). No vscode import: the words come through `l10n`
// (the extension passes vscode.l10n and its translation of the core's sentences), so the folding
// is tested in plain Node.

import type { TrainingEvent } from '../../core/training/user-training';
import type { TrainingViewState } from '../../shared/training-protocol';
import type { TrainingEnd } from '../../core/training/training-run';
import { fill, inEnglish, type Message } from '../../core/messages';

/** How the view's sentences are worded: `t` as vscode.l10n.t, `core` for a sentence of the core (core-messages.ts). */
export interface Wording {
  t(message: string, ...values: Array<string | number>): string;
  core(said: string | Message): string;
}

/** English, as the messages are written. */
export const ENGLISH: Wording = { t: fill, core: (said) => (typeof said === 'string' ? said : inEnglish(said)) };

/** The loss curve keeps at most this many points (thinned to every other one beyond). */
const MAX_POINTS = 1500;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Folds a run's events into what the view shows. */
export class TrainingViewModel {
  readonly state: TrainingViewState;
  private lastStep = { measure: 0, final: 0 };

  constructor(
    title: string,
    task: 'language-model' | 'sentiment',
    base: string,
    private readonly l10n: Wording = ENGLISH,
  ) {
    this.state = {
      title,
      task,
      base,
      status: 'running',
      message: this.l10n.t('starting…'),
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
            ? this.l10n.t('1 file read, {0} tokens', e.tokens?.toLocaleString('en-US') ?? '?')
            : this.l10n.t('{0} files read, {1} tokens', e.read, e.tokens?.toLocaleString('en-US') ?? '?'),
        );
        if (e.skipped.length)
          s.facts.push(
            this.l10n.t(
              '{0} skipped: {1}',
              e.skipped.length,
              e.skipped
                .slice(0, 4)
                .map((f) => `${f.path.split(/[\\/]/).pop()} (${this.l10n.core(f.reason)})`)
                .join(', ') + (e.skipped.length > 4 ? ', …' : ''),
            ),
          );
        if (e.capped) s.facts.push(this.l10n.t('the corpus cap was reached: the rest of the files were not read'));
        break;
      case 'rows':
        s.facts.push(
          this.l10n.t('{0}: text "{1}", label "{2}" ({3}); {4} rows', e.format.toUpperCase(), e.textColumn, e.labelColumn, this.l10n.core(e.labelRule), e.rows),
        );
        if (e.skipped.length) s.facts.push(this.l10n.t('skipped: {0}', e.skipped.map((why) => `${why.rows} ${this.l10n.core(why.reason)}`).join(', ')));
        break;
      case 'stage':
        s.message = this.l10n.core(e.message);
        break;
      case 'batch': {
        const p = e.progress;
        // one step per batch, counted: an epoch's batch count can differ from the last one's (the
        // language-model trainer cuts the stream at a new offset each epoch), so
        // (epoch − 1) × batches + batch went backwards
        const step = ++this.lastStep[e.pass];
        const points = s.curves[e.pass];
        points.push({ step, loss: p.loss });
        // thin the curve to every other point when it grows long: the page stays quick
        if (points.length > MAX_POINTS) s.curves[e.pass] = points.filter((_, i) => i % 2 === 0);
        s.message =
          e.pass === 'measure'
            ? this.l10n.t('held-out run: epoch {0} of {1}, batch {2} of {3}', p.epoch, e.epochs, p.batch, p.batches)
            : this.l10n.t('final run, on all of your text: epoch {0} of {1}, batch {2} of {3}', p.epoch, e.epochs, p.batch, p.batches);
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
      s.message = this.l10n.t('Cancelled: nothing was saved.');
      return;
    }
    if (end.type === 'error') {
      s.status = 'failed';
      s.message = this.l10n.t('Training failed: {0}', this.l10n.core(end.message));
      return;
    }
    s.status = 'done';
    s.saved = end.outcome.dir;
    const r = end.outcome.result as {
      before?: unknown;
      after?: unknown;
      epochs: number;
      newWords: number;
      perplexityByEpoch?: number[];
      devAccuracyByEpoch?: number[];
    };
    const kept = (end.outcome.result as { kept?: string }).kept;
    const name = end.outcome.card.name ?? end.outcome.id;
    // the curve shows every epoch of the held-out run; the saved model learned for the best of them
    const tried = (r.perplexityByEpoch ?? r.devAccuracyByEpoch ?? []).length;
    s.message =
      kept === 'base'
        ? this.l10n.t('Done: fine-tuned, "{0}" saved fewer keystrokes on your held-out files than {1}, so it keeps the weights of {1}.', name, s.base)
        : s.task === 'sentiment' && r.epochs === 0
          ? this.l10n.t('Done: no epoch beat {0} on the dev rows, so "{1}" keeps the weights of {0}; {2} new words.', s.base, name, r.newWords)
          : tried > r.epochs
            ? this.l10n.t(
                'Done: the held-out run tried {0} epochs and was best after {1}, so "{2}" learned from all of your text for {1}; {3} new words.',
                tried,
                r.epochs,
                name,
                r.newWords,
              )
            : r.epochs === 1
              ? this.l10n.t('Done: "{0}" learned for 1 epoch; {1} new words.', name, r.newWords)
              : this.l10n.t('Done: "{0}" learned for {1} epochs; {2} new words.', name, r.epochs, r.newWords);
    if (s.task === 'language-model') {
      const b = r.before as { perplexity: number; savings: number; precision: number } | null;
      const a = r.after as typeof b;
      // the measure that decides is keystrokes saved; the others can move the other way, and then the view says so
      if (b && a && kept !== 'base' && a.precision < b.precision)
        s.facts.push(
          this.l10n.t(
            'Kept because it saves more keystrokes on your held-out files ({0} → {1}), the measure that decides; its shown ghost text is right a little less often ({2} → {3}).',
            pct(b.savings),
            pct(a.savings),
            pct(b.precision),
            pct(a.precision),
          ),
        );
      if (b && a)
        s.comparison = [
          {
            label: this.l10n.t('keystroke savings (ghost text)'),
            before: pct(b.savings),
            after: pct(a.savings),
            better: a.savings > b.savings ? true : a.savings < b.savings ? false : null,
          },
          {
            label: this.l10n.t('ghost text right when shown'),
            before: pct(b.precision),
            after: pct(a.precision),
            better: a.precision > b.precision ? true : a.precision < b.precision ? false : null,
          },
          {
            label: this.l10n.t('perplexity (words both know)'),
            before: b.perplexity.toFixed(1),
            after: a.perplexity.toFixed(1),
            better: a.perplexity < b.perplexity,
          },
        ];
      else s.facts.push(this.l10n.t('too little text to hold some out: no before/after measure'));
    } else {
      const b = r.before as number;
      const a = r.after as number;
      // two sets of rows, named apart: the dev rows chose the epoch (the curve), the held-out rows were never seen (the table)
      s.comparison = [
        {
          label: this.l10n.t('accuracy on held-out rows (never seen; the dev rows chose the epoch)'),
          before: pct(b),
          after: pct(a),
          better: a > b ? true : a < b ? false : null,
        },
      ];
    }
  }
}

// "RNN Lens: Analyze Sentiment": the selection(s), or the current line, classified as a whole
// and sentence by sentence. Each sentence gets a coloured background and, at the end of its
// line, its verdict in words ("▲ positive 0.97"), so colour is never the only cue; hovers keep
// the scores. Long selections are read in the analysis worker, never on the extension host.

import * as vscode from 'vscode';
import { analyzeSentiment, EmptyInputError, SentenceResult, SentimentResult } from '../core/sentiment/sentiment';
import { analyzeRouted, mayReadKorean, SentimentModels } from '../core/sentiment/routing';
import { COMMAND, inlineVerdict } from './config';
import { describeError, log } from './log';
import { ModelService } from './model-service';
import { CancelledError } from './worker/analysis-client';
import { localMessage } from './core-messages';
import { isConfident, unsureBelow } from '../core/sentiment/unsure';
import { textDigest as digest } from '../core/text/text-digest';

const CANCELLED = () => vscode.l10n.t('Cancelled.');

/** Above this the command refuses (the user is told to select less). */
export const MAX_ANALYSIS_CHARS = 1_000_000;
/** Up to this many characters (a paragraph: a few milliseconds) the analysis runs right here. */
const INLINE_CHARS = 2_000;
/** Above this a cancellable progress notification shows. */
const PROGRESS_CHARS = 20_000;

export interface AnalysisOutcome {
  range: vscode.Range;
  result?: SentimentResult;
  error?: string;
}

// 99.6% rather than a rounded, overconfident 100%
const percent = (p: number) => (p >= 0.995 && p < 1 ? `${(Math.floor(p * 1000) / 10).toFixed(1)}%` : `${Math.round(p * 100)}%`);
const verdict = (r: SentimentResult, below: number) =>
  r.label === null
    ? vscode.l10n.t('no verdict: {0}', r.reason ? localMessage(r.reason) : '')
    : !isConfident(r.positive, below)
      ? vscode.l10n.t('Unsure ({0} {1})', r.label === 'positive' ? vscode.l10n.t('leaning positive') : vscode.l10n.t('leaning negative'), percent(r.confidence))
      : r.label === 'positive'
        ? vscode.l10n.t('Positive ({0})', percent(r.confidence))
        : vscode.l10n.t('Negative ({0})', percent(r.confidence));

/** The words at the end of a sentence's line. */
export function verdictText(s: SentenceResult, below = 0): string {
  if (s.label === null) return vscode.l10n.t('? no verdict');
  const confidence = (Math.floor(Math.max(s.positive, 1 - s.positive) * 100) / 100).toFixed(2);
  // inside the model's unsure band (unsure.ts) the words say so; the lean stays readable
  if (!isConfident(s.positive, below))
    return s.label === 'positive' ? vscode.l10n.t('▬ unsure, leaning positive {0}', confidence) : vscode.l10n.t('▬ unsure, leaning negative {0}', confidence);
  return s.label === 'positive' ? vscode.l10n.t('▲ positive {0}', confidence) : vscode.l10n.t('▼ negative {0}', confidence);
}

/** The verdict at the end of a line: its one sentence's, or how its sentences split. */
export function lineVerdict(sentences: Array<{ s: SentenceResult; below: number }>): { text: string; tone: 'positive' | 'negative' | 'none' } {
  const kind = ({ s, below }: { s: SentenceResult; below: number }) => (s.label === null ? null : isConfident(s.positive, below) ? s.label : 'unsure');
  if (sentences.length === 1) {
    const k = kind(sentences[0]);
    return { text: verdictText(sentences[0].s, sentences[0].below), tone: k === 'positive' || k === 'negative' ? k : 'none' };
  }
  const n = (label: string | null) => sentences.filter((x) => kind(x) === label).length;
  const [pos, neg, unsure, none] = [n('positive'), n('negative'), n('unsure'), n(null)];
  const parts = [
    pos ? vscode.l10n.t('▲ {0} positive', pos) : '',
    neg ? vscode.l10n.t('▼ {0} negative', neg) : '',
    unsure ? vscode.l10n.t('▬ {0} unsure', unsure) : '',
    none ? vscode.l10n.t('? {0} unreadable', none) : '',
  ].filter(Boolean);
  return { text: parts.join(' · '), tone: pos > neg ? 'positive' : neg > pos ? 'negative' : 'none' };
}

/** How many documents' decorations are kept (the most recently analysed). */
const KEPT_DOCUMENTS = 20;

interface Kept {
  version: number;
  digest: string;
  /** the document was closed since: its version numbers start again */
  closed: boolean;
  items: Decorated[];
}

/** A sentence to decorate, by its offsets in the document (ranges are made only when painted). */
/** The index of the first item (sorted by start, not overlapping) that ends at or after `offset`. */
function firstEndingAtOrAfter(items: Decorated[], offset: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].end < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Decorated {
  start: number;
  end: number;
  s: SentenceResult;
  model: string;
  /** the model's unsure band (unsure.ts) */
  below: number;
}

/** Lines above and below the visible ones that are painted too, so scrolling shows them at once. */
const PAINT_MARGIN_LINES = 300;
/** At most this many sentences are painted at once (around the first visible position). */
const MAX_PAINTED = 1000;

/**
 * Sentence decorations, kept per document: they come back when the user returns to an editor
 * of that document (VS Code drops an editor's decorations when its tab is hidden), and are
 * forgotten as soon as the document changes, since the scores would then be stale. Only the
 * sentences around the visible lines are painted, and again as the editor scrolls: a 1 MB
 * selection has ~12,000 sentences, and handing VS Code all of them at once stalls the host for
 * a quarter of a second.
 */
export class SentimentDecorations implements vscode.Disposable {
  private readonly background = {
    positive: vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor('rnnLens.positiveBackground'),
      // high-contrast themes get an underline instead of a tint (their backgrounds are transparent)
      borderColor: new vscode.ThemeColor('rnnLens.positiveBorder'),
      borderStyle: 'none none solid none',
      borderWidth: '0 0 2px 0',
      overviewRulerColor: new vscode.ThemeColor('rnnLens.positiveForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
    }),
    negative: vscode.window.createTextEditorDecorationType({
      backgroundColor: new vscode.ThemeColor('rnnLens.negativeBackground'),
      borderColor: new vscode.ThemeColor('rnnLens.negativeBorder'),
      borderStyle: 'none none dashed none',
      borderWidth: '0 0 2px 0',
      overviewRulerColor: new vscode.ThemeColor('rnnLens.negativeForeground'),
      overviewRulerLane: vscode.OverviewRulerLane.Right,
    }),
  };
  private readonly verdict = {
    positive: this.verdictType('rnnLens.positiveForeground'),
    negative: this.verdictType('rnnLens.negativeForeground'),
    none: this.verdictType('rnnLens.unreadableForeground'),
  };
  private readonly byDocument = new Map<string, Kept>();
  private readonly listeners: vscode.Disposable[];

  constructor() {
    this.listeners = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.byDocument.has(e.document.uri.toString())) this.forget(e.document);
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.restore(e))),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.restore(e.textEditor)),
      // a closed document (a preview tab replaced, say) may be opened again unchanged: its
      // decorations are kept, and checked against its text when it shows again
      vscode.workspace.onDidCloseTextDocument((d) => {
        const kept = this.byDocument.get(d.uri.toString());
        if (kept) kept.closed = true;
      }),
      // the scores in a hover, looked up when asked for rather than attached to every decoration
      vscode.languages.registerHoverProvider('*', { provideHover: (document, position) => this.hover(document, position) }),
    ];
  }

  private verdictType(color: string): vscode.TextEditorDecorationType {
    return vscode.window.createTextEditorDecorationType({ after: { color: new vscode.ThemeColor(color), margin: '0 0 0 1.5em', fontStyle: 'italic' } });
  }

  /** The hover over a decorated sentence: its label and score. */
  hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const kept = this.current(document);
    if (!kept) return undefined;
    const offset = document.offsetAt(position);
    const x = kept.items[firstEndingAtOrAfter(kept.items, offset)];
    if (!x || x.start > offset) return undefined;
    const score =
      vscode.l10n.t('positive probability {0} ({1})', x.s.positive.toFixed(3), x.model) +
      (x.s.unknown ? vscode.l10n.t(', {0} of {1} tokens unknown', x.s.unknown, x.s.tokens) : '');
    const md = new vscode.MarkdownString();
    const unsure = x.s.label !== null && !isConfident(x.s.positive, x.below);
    md.appendMarkdown(
      `**${x.s.label === null ? vscode.l10n.t('no verdict') : unsure ? vscode.l10n.t('unsure') : x.s.label === 'positive' ? vscode.l10n.t('positive') : vscode.l10n.t('negative')}** — `,
    );
    md.appendText(x.s.label === null ? (x.s.reason ? localMessage(x.s.reason) : '') : score);
    // the way to the inspector when no notification offers it (inline verdicts on)
    if (x.s.label !== null) {
      const args = encodeURIComponent(
        JSON.stringify([{ text: document.getText(new vscode.Range(document.positionAt(x.start), document.positionAt(x.end))), task: 'sentiment' }]),
      );
      md.appendMarkdown(` — [${vscode.l10n.t('Inspect')}](command:${COMMAND.inspect}?${args})`);
      md.isTrusted = { enabledCommands: [COMMAND.inspect] };
    }
    return new vscode.Hover(md, new vscode.Range(document.positionAt(x.start), document.positionAt(x.end)));
  }

  /**
   * Marks a document's analysed sentences. Marks of earlier analyses stay where the new ones do
   * not overlap them (two lines analysed one after the other both keep theirs), until the text
   * changes or Clear.
   */
  show(editor: vscode.TextEditor, fresh: Decorated[]): void {
    const kept = this.current(editor.document)?.items ?? [];
    let items = fresh;
    if (kept.length) {
      // a 1 MB selection has ~12,000 sentences: overlaps found by binary search in the sorted new ones, not pair by pair
      const byStart = fresh.every((x, i) => i === 0 || x.start >= fresh[i - 1].start) ? fresh : [...fresh].sort((a, b) => a.start - b.start);
      const overlapsFresh = (old: Decorated) => {
        const i = firstEndingAtOrAfter(byStart, old.start + 1);
        return i < byStart.length && byStart[i].start < old.end;
      };
      const earlier = kept.filter((old) => !overlapsFresh(old));
      if (earlier.length) items = [...earlier, ...fresh];
    }
    const inOrder = items.every((x, i) => i === 0 || x.start >= items[i - 1].start);
    const sorted = inOrder ? items : [...items].sort((a, b) => a.start - b.start);
    const uri = editor.document.uri.toString();
    this.byDocument.delete(uri); // re-inserted last: the map's order is the order of use
    this.byDocument.set(uri, { version: editor.document.version, digest: digest(editor.document.getText()), closed: false, items: sorted });
    for (const old of [...this.byDocument.keys()].slice(0, Math.max(0, this.byDocument.size - KEPT_DOCUMENTS))) this.byDocument.delete(old);
    this.paint(editor, sorted);
  }

  /** A document's decorations if they still fit its text: same version while it stayed open, or,
   *  once it was closed and opened again, the same text. */
  private current(document: vscode.TextDocument): Kept | undefined {
    const kept = this.byDocument.get(document.uri.toString());
    if (!kept) return undefined;
    if (!kept.closed) return kept.version === document.version ? kept : undefined;
    if (digest(document.getText()) !== kept.digest) {
      this.byDocument.delete(document.uri.toString());
      return undefined;
    }
    Object.assign(kept, { version: document.version, closed: false });
    return kept;
  }

  /** Puts a document's decorations back on an editor showing it, if the text is unchanged. */
  private restore(editor: vscode.TextEditor): void {
    const kept = this.current(editor.document);
    if (kept) this.paint(editor, kept.items);
  }

  /** The items (sorted by start) on or near the editor's visible lines, at most MAX_PAINTED. */
  private near(editor: vscode.TextEditor, items: Decorated[]): Decorated[] {
    const doc = editor.document;
    const visible = editor.visibleRanges.length ? editor.visibleRanges : [new vscode.Range(0, 0, 0, 0)];
    const from = doc.offsetAt(new vscode.Position(Math.max(0, Math.min(...visible.map((r) => r.start.line)) - PAINT_MARGIN_LINES), 0));
    const to = doc.offsetAt(doc.lineAt(Math.min(doc.lineCount - 1, Math.max(...visible.map((r) => r.end.line)) + PAINT_MARGIN_LINES)).range.end);
    // very long lines (a 1 MB paragraph): the sentences from just before the first visible position
    const first = Math.max(from, doc.offsetAt(visible[0].start) - 2000);
    const out: Decorated[] = [];
    for (let i = firstEndingAtOrAfter(items, first); i < items.length && items[i].start <= to && out.length < MAX_PAINTED; i++) out.push(items[i]);
    return out;
  }

  private paint(editor: vscode.TextEditor, all: Decorated[]): void {
    const doc = editor.document;
    const items = this.near(editor, all);
    const range = (x: Decorated) => new vscode.Range(doc.positionAt(x.start), doc.positionAt(x.end));
    editor.setDecorations(this.background.positive, items.filter((x) => x.s.label === 'positive').map(range));
    editor.setDecorations(this.background.negative, items.filter((x) => x.s.label === 'negative').map(range));
    // one verdict at the end of each line, Error Lens style: the line's sentence, or a count
    const lines = new Map<number, Decorated[]>();
    if (inlineVerdict()) {
      for (const x of items) {
        const line = doc.positionAt(x.end).line;
        lines.set(line, [...(lines.get(line) ?? []), x]);
      }
    }
    const verdicts = { positive: [] as vscode.DecorationOptions[], negative: [] as vscode.DecorationOptions[], none: [] as vscode.DecorationOptions[] };
    for (const [line, on] of lines) {
      const end = doc.lineAt(line).range.end;
      const { text, tone } = lineVerdict(on);
      verdicts[tone].push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: text } } });
    }
    editor.setDecorations(this.verdict.positive, verdicts.positive);
    editor.setDecorations(this.verdict.negative, verdicts.negative);
    editor.setDecorations(this.verdict.none, verdicts.none);
  }

  private unpaint(editor: vscode.TextEditor): void {
    for (const t of [...Object.values(this.background), ...Object.values(this.verdict)]) editor.setDecorations(t, []);
  }

  private forget(document: vscode.TextDocument): void {
    this.byDocument.delete(document.uri.toString());
    for (const e of vscode.window.visibleTextEditors) if (e.document === document) this.unpaint(e);
  }

  /** Clears one editor's document, or every document. */
  clear(editor?: vscode.TextEditor): void {
    if (editor) return this.forget(editor.document);
    this.byDocument.clear();
    for (const e of vscode.window.visibleTextEditors) this.unpaint(e);
  }

  /** how many documents carry decorations */
  get count(): number {
    return this.byDocument.size;
  }

  /** the inline verdicts of a document, in order (tests read them) */
  verdicts(document: vscode.TextDocument): string[] {
    return (this.current(document)?.items ?? []).map((x) => verdictText(x.s, x.below));
  }

  dispose(): void {
    this.clear();
    for (const d of this.listeners) d.dispose();
    for (const t of [...Object.values(this.background), ...Object.values(this.verdict)]) t.dispose();
  }
}

export function registerSentimentCommands(context: vscode.ExtensionContext, models: ModelService, decorations: SentimentDecorations): void {
  /** One selection's analysis: here when short, in the worker (with progress and Cancel when long) otherwise. */
  const analyzeText = async (ids: SentimentModels<string>, text: string): Promise<SentimentResult> => {
    // Hangul sentences go to the Korean model (routing.ts); it is read only when the text has Hangul
    const korean = ids.ko && mayReadKorean(text) ? ids.ko : undefined;
    if (text.length <= INLINE_CHARS) {
      const en = models.load('sentiment', ids.en);
      return korean ? analyzeRouted({ en, ko: models.load('sentiment', korean) }, text) : analyzeSentiment(en, text);
    }
    const inWorker = (token?: vscode.CancellationToken, progress?: vscode.Progress<{ increment: number }>) => {
      let last = 0;
      const dir = (id: string) => models.registry.dirOf(id);
      const report = (f: number) => {
        progress?.report({ increment: (f - last) * 100 });
        last = f;
      };
      return models.worker.sentiment(dir(ids.en), korean ? `${ids.en} + ${korean}` : ids.en, text, token, report, korean && dir(korean));
    };
    if (text.length <= PROGRESS_CHARS) return inWorker();
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('RNN Lens: analysing sentiment'), cancellable: true },
      (progress, token) => inWorker(token, progress),
    );
  };

  /** a model's unsure band; 0 for an id the registry does not know (several joined, or gone); looked up once per model */
  const bands = new Map<string, number>();
  const bandOf = (id: string) => {
    let band = bands.get(id);
    if (band === undefined) {
      try {
        band = unsureBelow(models.registry.card(id));
      } catch {
        band = 0;
      }
      bands.set(id, band);
    }
    return band;
  };
  /** a text's band: the widest of the models that read it */
  const textBand = (r: SentimentResult) => Math.max(0, ...(r.models ?? [r.model]).map(bandOf));

  const analyze = async (): Promise<AnalysisOutcome[]> => {
    bands.clear(); // a card may have changed since the last analysis (a model trained, a band measured)
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage(vscode.l10n.t('RNN Lens: open a text editor and select some text to analyse.'));
      return [];
    }
    const doc = editor.document;
    const version = doc.version;
    const ranges = editor.selections.map((sel) => (sel.isEmpty ? doc.lineAt(sel.active.line).range : new vscode.Range(sel.start, sel.end)));
    let ids: SentimentModels<string>;
    try {
      // a browser host fetches the cards and the models first (once); the desktop has them
      await models.ready(() => Object.values(models.sentimentIds()));
      ids = models.sentimentIds();
      // short selections are read here, so the model is needed here; long ones only in the worker
      // (reading the model takes ~40 ms, which the host need not spend for them)
      if (ranges.some((r) => doc.offsetAt(r.end) - doc.offsetAt(r.start) <= INLINE_CHARS)) models.load('sentiment', ids.en);
    } catch (e) {
      log.error('the sentiment model could not be loaded', e);
      void vscode.window.showErrorMessage(vscode.l10n.t('RNN Lens: the sentiment model could not be loaded. {0}', describeError(e)));
      return ranges.map((range) => ({ range, error: describeError(e) }));
    }
    const outcomes: AnalysisOutcome[] = [];
    const decorate: Decorated[] = [];
    for (const range of ranges) {
      const text = doc.getText(range);
      if (text.length > MAX_ANALYSIS_CHARS) {
        outcomes.push({
          range,
          error: vscode.l10n.t(
            'The selection has {0} characters; RNN Lens analyses at most {1}. Select less text.',
            text.length.toLocaleString('en-US'),
            MAX_ANALYSIS_CHARS.toLocaleString('en-US'),
          ),
        });
        continue;
      }
      try {
        const result = await log.timed(`sentiment of ${text.length.toLocaleString('en-US')} characters`, () => analyzeText(ids, text));
        outcomes.push({ range, result });
        const base = doc.offsetAt(range.start);
        for (const s of result.sentences) {
          const model = s.model ?? result.model;
          decorate.push({ start: base + s.start, end: base + s.end, s, model, below: bandOf(model) });
        }
      } catch (e) {
        if (e instanceof CancelledError) outcomes.push({ range, error: CANCELLED() });
        else if (e instanceof EmptyInputError)
          outcomes.push({ range, error: vscode.l10n.t('There is nothing to analyse here: the text is empty or has no words.') });
        else {
          log.error('Analyze Sentiment failed', e);
          outcomes.push({ range, error: describeError(e) });
        }
      }
    }
    // the text may have changed while a long selection was read: its offsets would be wrong
    if (decorate.length && doc.version === version) decorations.show(editor, decorate);
    void report(outcomes, [...new Set(outcomes.flatMap((o) => (o.result ? (o.result.models ?? [o.result.model]) : [])))].join(' + ') || ids.en);
    return outcomes;
  };

  const report = async (outcomes: AnalysisOutcome[], model: string) => {
    const ok = outcomes.filter((o) => o.result);
    if (ok.length === 0) {
      const error = outcomes[0]?.error ?? vscode.l10n.t('Nothing to analyse.');
      if (error !== CANCELLED()) void vscode.window.showWarningMessage(`RNN Lens: ${error}`);
      return;
    }
    const parts = ok.map((o) => {
      const r = o.result!;
      const count = (label: string | null) => r.sentences.filter((s) => s.label === label).length;
      const unreadable = count(null);
      const split =
        r.sentences.length > 1 && r.label !== null
          ? unreadable
            ? vscode.l10n.t(
                ' over {0} sentences ({1} positive, {2} negative, {3} unreadable)',
                r.sentences.length,
                count('positive'),
                count('negative'),
                unreadable,
              )
            : vscode.l10n.t(' over {0} sentences ({1} positive, {2} negative)', r.sentences.length, count('positive'), count('negative'))
          : '';
      return `${verdict(r, textBand(r))}${split}${r.warning ? ` — ${localMessage(r.warning)}` : ''}`;
    });
    const failed = outcomes.length - ok.length;
    const message = `RNN Lens (${model}): ${parts.join('; ')}${failed ? vscode.l10n.t(' — {0} selection(s) not analysed: {1}', failed, outcomes.find((o) => o.error)?.error ?? '') : ''}`;
    const noVerdict = ok.every((o) => o.result!.label === null);
    // with verdicts at the line ends the notification would only repeat them: none (the hover
    // links to the inspector); a text with no verdict or a selection that failed is still said
    if (inlineVerdict() && !noVerdict && !failed) return;
    const inspect = vscode.l10n.t('Inspect');
    const choice = await (noVerdict ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message, inspect));
    if (choice === inspect) {
      const first = ok[0];
      const editor = vscode.window.activeTextEditor;
      const text = editor ? editor.document.getText(first.range) : first.result!.sentences.map((s) => s.text).join(' ');
      await vscode.commands.executeCommand(COMMAND.inspect, { text, task: 'sentiment' });
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMAND.analyzeSentiment, analyze),
    vscode.commands.registerCommand(COMMAND.clearSentiment, () => decorations.clear()),
  );
}

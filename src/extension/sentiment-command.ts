// "RNN Lens: Analyze Sentiment": the selection(s), or the current line, classified as a whole
// and sentence by sentence; sentences get coloured decorations with the score in a hover.

import * as vscode from 'vscode';
import { LoadedModel } from '../core/model-bundle';
import { analyzeSentiment, EmptyInputError, SentenceResult, sentimentResult, SentimentResult } from '../core/sentiment';
import { describeError, ModelService } from './model-service';

/** Above this the command refuses (the user is told to select less). */
export const MAX_ANALYSIS_CHARS = 1_000_000;
/** Above this the work runs in chunks with a cancellable progress notification. */
const CHUNK_CHARS = 20_000;

export interface AnalysisOutcome {
  range: vscode.Range;
  result?: SentimentResult;
  error?: string;
}

// 99.6% rather than a rounded, overconfident 100%
const percent = (p: number) => (p >= 0.995 && p < 1 ? `${(Math.floor(p * 1000) / 10).toFixed(1)}%` : `${Math.round(p * 100)}%`);
const verdict = (r: { label: string; confidence: number }) => `${r.label === 'positive' ? 'Positive' : 'Negative'} (${percent(r.confidence)})`;

export class SentimentDecorations implements vscode.Disposable {
  private readonly positive = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.addedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  private readonly negative = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('diffEditor.removedTextBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.deletedForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  private readonly decorated = new Set<vscode.TextEditor>();
  private readonly listener: vscode.Disposable;

  constructor() {
    // stale scores would mislead: any edit of a decorated document clears its decorations
    this.listener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length === 0) return;
      for (const editor of [...this.decorated]) if (editor.document === e.document) this.clear(editor);
    });
  }

  show(editor: vscode.TextEditor, sentences: Array<{ range: vscode.Range; s: SentenceResult; model: string }>): void {
    const hover = (x: { s: SentenceResult; model: string }) => {
      const md = new vscode.MarkdownString(`**${x.s.label}** — positive probability ${x.s.positive.toFixed(3)} (${x.model})${x.s.unknown ? `, ${x.s.unknown} of ${x.s.tokens} words unknown` : ''}`);
      md.isTrusted = false;
      return md;
    };
    editor.setDecorations(this.positive, sentences.filter((x) => x.s.label === 'positive').map((x) => ({ range: x.range, hoverMessage: hover(x) })));
    editor.setDecorations(this.negative, sentences.filter((x) => x.s.label === 'negative').map((x) => ({ range: x.range, hoverMessage: hover(x) })));
    this.decorated.add(editor);
  }

  clear(editor?: vscode.TextEditor): void {
    for (const e of editor ? [editor] : [...this.decorated]) {
      e.setDecorations(this.positive, []);
      e.setDecorations(this.negative, []);
      this.decorated.delete(e);
    }
  }

  get count(): number {
    return this.decorated.size;
  }

  dispose(): void {
    this.clear();
    this.listener.dispose();
    this.positive.dispose();
    this.negative.dispose();
  }
}

/** Splits long text at line breaks into chunks of at most CHUNK_CHARS (a line longer than that is cut). */
function chunks(text: string): Array<{ offset: number; text: string }> {
  const out: Array<{ offset: number; text: string }> = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHUNK_CHARS);
    if (end < text.length) {
      const nl = text.lastIndexOf('\n', end);
      if (nl > start) end = nl + 1;
    }
    out.push({ offset: start, text: text.slice(start, end) });
    start = end;
  }
  return out;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Analyses long text chunk by chunk, yielding to the extension host between chunks. */
export async function analyzeLongText(loaded: LoadedModel, text: string, token?: vscode.CancellationToken, progress?: (fraction: number) => void): Promise<SentimentResult | undefined> {
  const sentences: SentenceResult[] = [];
  let tokens = 0, unknown = 0;
  const parts = chunks(text);
  for (let i = 0; i < parts.length; i++) {
    if (token?.isCancellationRequested) return undefined;
    try {
      const r = analyzeSentiment(loaded, parts[i].text, { isCancelled: () => !!token?.isCancellationRequested });
      for (const s of r.sentences) sentences.push({ ...s, start: s.start + parts[i].offset, end: s.end + parts[i].offset });
      tokens += r.tokens;
      unknown += r.unknown;
    } catch (e) {
      if (!(e instanceof EmptyInputError)) throw e;
    }
    progress?.((i + 1) / parts.length);
    await nextTick();
  }
  if (token?.isCancellationRequested) return undefined;
  if (sentences.length === 0) throw new EmptyInputError();
  return sentimentResult(loaded.card.id, sentences, tokens, unknown);
}

export function registerSentimentCommands(context: vscode.ExtensionContext, models: ModelService, decorations: SentimentDecorations): void {
  const analyze = async (): Promise<AnalysisOutcome[]> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showWarningMessage('RNN Lens: open a text editor and select some text to analyse.');
      return [];
    }
    const doc = editor.document;
    const ranges = editor.selections.map((sel) => (sel.isEmpty ? doc.lineAt(sel.active.line).range : new vscode.Range(sel.start, sel.end)));
    let loaded: LoadedModel;
    try {
      loaded = models.load('sentiment');
    } catch (e) {
      void vscode.window.showErrorMessage(`RNN Lens: the sentiment model could not be loaded. ${describeError(e)}`);
      return ranges.map((range) => ({ range, error: describeError(e) }));
    }
    const outcomes: AnalysisOutcome[] = [];
    const decorate: Array<{ range: vscode.Range; s: SentenceResult; model: string }> = [];
    for (const range of ranges) {
      const text = doc.getText(range);
      if (text.length > MAX_ANALYSIS_CHARS) {
        outcomes.push({ range, error: `The selection has ${text.length.toLocaleString('en-US')} characters; RNN Lens analyses at most ${MAX_ANALYSIS_CHARS.toLocaleString('en-US')}. Select less text.` });
        continue;
      }
      try {
        const result =
          text.length <= CHUNK_CHARS
            ? analyzeSentiment(loaded, text)
            : await vscode.window.withProgress(
                { location: vscode.ProgressLocation.Notification, title: 'RNN Lens: analysing sentiment', cancellable: true },
                (progress, token) => {
                  let last = 0;
                  return analyzeLongText(loaded, text, token, (f) => {
                    progress.report({ increment: (f - last) * 100 });
                    last = f;
                  });
                },
              );
        if (!result) {
          outcomes.push({ range, error: 'Cancelled.' });
          continue;
        }
        outcomes.push({ range, result });
        const base = doc.offsetAt(range.start);
        if (result.sentences.length > 1) {
          for (const s of result.sentences) decorate.push({ range: new vscode.Range(doc.positionAt(base + s.start), doc.positionAt(base + s.end)), s, model: result.model });
        }
      } catch (e) {
        outcomes.push({ range, error: e instanceof EmptyInputError ? 'There is nothing to analyse here: the text is empty or has no words.' : describeError(e) });
      }
    }
    if (decorate.length) decorations.show(editor, decorate);
    void report(outcomes, loaded.card.id);
    return outcomes;
  };

  const report = async (outcomes: AnalysisOutcome[], model: string) => {
    const ok = outcomes.filter((o) => o.result);
    if (ok.length === 0) {
      const error = outcomes[0]?.error ?? 'Nothing to analyse.';
      if (error !== 'Cancelled.') void vscode.window.showWarningMessage(`RNN Lens: ${error}`);
      return;
    }
    const parts = ok.map((o) => {
      const r = o.result!;
      const split = r.sentences.length > 1 ? ` over ${r.sentences.length} sentences (${r.sentences.filter((s) => s.label === 'positive').length} positive, ${r.sentences.filter((s) => s.label === 'negative').length} negative)` : '';
      return `${verdict(r)}${split}${r.warning ? ` — ${r.warning}` : ''}`;
    });
    const failed = outcomes.length - ok.length;
    const message = `RNN Lens (${model}): ${parts.join('; ')}${failed ? ` — ${failed} selection(s) not analysed: ${outcomes.find((o) => o.error)?.error}` : ''}`;
    const choice = await vscode.window.showInformationMessage(message, 'Inspect');
    if (choice === 'Inspect') {
      const first = ok[0];
      const editor = vscode.window.activeTextEditor;
      const text = editor ? editor.document.getText(first.range) : first.result!.sentences.map((s) => s.text).join(' ');
      await vscode.commands.executeCommand('rnnLens.inspect', { text, task: 'sentiment' });
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('rnnLens.analyzeSentiment', analyze),
    vscode.commands.registerCommand('rnnLens.clearSentiment', () => decorations.clear()),
  );
}

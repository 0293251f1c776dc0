// Ghost text from the language model: finishes the word being typed and proposes the next
// words. Plain text, Markdown and commit messages get it everywhere; code only inside line
// comments. Nothing is shown when the model is unsure; cancellation is honoured.

import * as vscode from 'vscode';
import { describeError, ModelService } from './model-service';

const LINE_COMMENT = /(?:\/\/|#|--|;)\s?(.*)$/;

function settings() {
  const c = vscode.workspace.getConfiguration('rnnLens.completion');
  return {
    enabled: c.get<boolean>('enabled', true),
    words: c.get<number>('words', 3),
    minProbability: c.get<number>('minProbability', 0.15),
    languages: c.get<string[]>('languages', []),
    commentLanguages: c.get<string[]>('commentLanguages', []),
  };
}

/** The text the model should read before the cursor, or null when this position gets no completion. */
export function completionContext(document: vscode.TextDocument, position: vscode.Position, languages: string[], commentLanguages: string[]): string | null {
  const linePrefix = document.lineAt(position.line).text.slice(0, position.character);
  if (languages.includes(document.languageId)) {
    // ghost text only at the end of a word or after a space, not in the middle of a word
    const after = document.lineAt(position.line).text.slice(position.character);
    if (/^[\p{L}\p{N}]/u.test(after)) return null;
    // a bounded prefix whose start moves in steps of 1,000 characters, so the language model's
    // saved states keep matching from one keystroke to the next
    const end = document.offsetAt(position);
    const start = Math.max(0, Math.floor((end - 20_000) / 1000) * 1000);
    return document.getText(new vscode.Range(document.positionAt(start), position));
  }
  if (commentLanguages.includes(document.languageId)) {
    const m = LINE_COMMENT.exec(linePrefix);
    if (!m || /["'`]/.test(linePrefix.slice(0, m.index))) return null;
    return m[1];
  }
  return null;
}

export class RnnInlineCompletionProvider implements vscode.InlineCompletionItemProvider {
  private reportedError = false;

  constructor(private readonly models: ModelService) {}

  provideInlineCompletionItems(document: vscode.TextDocument, position: vscode.Position, _context: vscode.InlineCompletionContext, token: vscode.CancellationToken): vscode.InlineCompletionItem[] {
    const s = settings();
    if (!s.enabled || token.isCancellationRequested) return [];
    const text = completionContext(document, position, s.languages, s.commentLanguages);
    if (text === null || !text.trim()) return [];
    try {
      const result = this.models.completion().complete(text, { words: s.words, k: 3, minProbability: s.minProbability, isCancelled: () => token.isCancellationRequested });
      if (result.cancelled || token.isCancellationRequested) return [];
      // the item replaces the letters already typed of the current word (VS Code shows ghost
      // text only for items that extend what is in their range), or inserts at the cursor
      const start = position.translate(0, -Math.min(result.partial.length, position.character));
      const range = new vscode.Range(start, position);
      const typed = document.getText(range);
      return result.completions.filter((c) => c.text.trim()).map((c) => new vscode.InlineCompletionItem(typed + c.text, range));
    } catch (e) {
      if (!this.reportedError) {
        this.reportedError = true;
        void vscode.window.showErrorMessage(`RNN Lens: inline completion is unavailable. ${describeError(e)}`);
      }
      return [];
    }
  }
}

export function registerCompletion(context: vscode.ExtensionContext, models: ModelService): RnnInlineCompletionProvider {
  const provider = new RnnInlineCompletionProvider(models);
  context.subscriptions.push(
    vscode.languages.registerInlineCompletionItemProvider('*', provider),
    vscode.commands.registerCommand('rnnLens.toggleCompletion', async () => {
      const c = vscode.workspace.getConfiguration('rnnLens.completion');
      const next = !c.get<boolean>('enabled', true);
      await c.update('enabled', next, vscode.ConfigurationTarget.Global);
      void vscode.window.showInformationMessage(`RNN Lens: inline completion ${next ? 'on' : 'off'}.`);
      return next;
    }),
  );
  return provider;
}

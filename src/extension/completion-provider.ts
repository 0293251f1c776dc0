// Ghost text from the language model: finishes the word being typed and proposes the next
// words. Prose languages (plain text, Markdown, commit messages) get it everywhere; code only
// inside its comments, as each language writes them (core/text/comments.ts). Nothing is shown when
// the model is unsure; cancellation is honoured.

import * as vscode from 'vscode';
import { commentAtCursor } from '../core/text/comments';
import { editorWindow, editorWindowStart, minProbabilityFor } from '../core/completion/completion-defaults';
import { COMMIT_LANGUAGES, commitMessageText } from '../core/completion/commit-context';
import { languageFor } from '../core/sentiment/routing';
import { CommitLog } from './commit-log';
import { COMMAND, completionSettings, updateInEffect } from './config';
import { describeError, log } from './log';
import { ModelService } from './model-service';

/** How much of a code file before the cursor is scanned for the comment the cursor is in. */
const COMMENT_SCAN_CHARS = 50_000;

export type CompletionMode = 'prose' | 'comments' | 'none';

/** Where ghost text can appear in a language: everywhere, in its comments only, or nowhere. */
export function completionMode(languageId: string, settings = completionSettings()): CompletionMode {
  if (settings.languages.includes(languageId)) return 'prose';
  if (settings.commentLanguages.includes(languageId)) return 'comments';
  return 'none';
}

/** The text the model should read before the cursor, or null when this position gets no completion. */
export function completionContext(document: vscode.TextDocument, position: vscode.Position, languages: string[], commentLanguages: string[]): string | null {
  const mode = completionMode(document.languageId, { languages, commentLanguages } as ReturnType<typeof completionSettings>);
  if (mode === 'prose') {
    // ghost text only at the end of a word or after a space, not in the middle of a word
    const after = document.lineAt(position.line).text.slice(position.character);
    if (/^[\p{L}\p{N}]/u.test(after)) return null;
    // a bounded prefix whose start moves in steps of 1,000 characters, so the language model's
    // saved states keep matching from one keystroke to the next
    const start = editorWindowStart(document.offsetAt(position));
    return document.getText(new vscode.Range(document.positionAt(start), position));
  }
  if (mode === 'comments') {
    const end = document.offsetAt(position);
    // start the scan at a line start, so a line comment marker is never cut in half
    const from = document.positionAt(Math.max(0, end - COMMENT_SCAN_CHARS));
    const before = document.getText(new vscode.Range(new vscode.Position(from.line + (from.character > 0 ? 1 : 0), 0), position));
    return commentAtCursor(before, document.languageId)?.text ?? null;
  }
  return null;
}

export class RnnInlineCompletionProvider implements vscode.InlineCompletionItemProvider {
  private reportedError = false;

  /** the repository's earlier messages, read before a commit message */
  readonly commitLog = new CommitLog();

  constructor(private readonly models: ModelService) {}

  provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    _context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): vscode.InlineCompletionItem[] | Promise<vscode.InlineCompletionItem[]> {
    const s = completionSettings(document);
    if (!s.enabled || token.isCancellationRequested) return [];
    let text = completionContext(document, position, s.languages, s.commentLanguages);
    if (text === null || !text.trim()) return [];
    // a commit message is written with the log of earlier ones in mind (one a line, oldest first)
    if (COMMIT_LANGUAGES.includes(document.languageId)) {
      if (document.lineAt(position.line).text.startsWith('#')) return []; // git's own comment lines
      text = editorWindow(this.commitLog.contextFor(document) + commitMessageText(text));
    }
    // Korean text before the cursor gets the Korean language model (routing.ts languageFor)
    const language = languageFor('language-model', text, 'cursor') ?? 'en';
    // a browser host fetches the model first (once); the desktop has it
    const fetching = this.models.ready(() => [this.models.selectedId('language-model', language) ?? this.models.selectedId('language-model')]);
    if (fetching)
      return fetching.then(
        () => (token.isCancellationRequested ? [] : this.provideInlineCompletionItems(document, position, _context, token)),
        (e: unknown) => this.failed(e),
      );
    try {
      const service = this.models.completion(language);
      const minProbability = s.minProbability ?? minProbabilityFor(service.runner.loaded.card);
      const result = service.complete(text, { words: s.words, k: 3, minProbability, isCancelled: () => token.isCancellationRequested });
      if (result.cancelled || token.isCancellationRequested) return [];
      // the item replaces the letters already typed of the current word (VS Code shows ghost
      // text only for items that extend what is in their range), or inserts at the cursor
      const start = position.translate(0, -Math.min(result.partial.length, position.character));
      const range = new vscode.Range(start, position);
      const typed = document.getText(range);
      return result.completions.filter((c) => c.text.trim()).map((c) => new vscode.InlineCompletionItem(typed + c.text, range));
    } catch (e) {
      return this.failed(e);
    }
  }

  private failed(e: unknown): [] {
    log.error('inline completion failed', e);
    if (!this.reportedError) {
      this.reportedError = true;
      void vscode.window.showErrorMessage(vscode.l10n.t('RNN Lens: inline completion is unavailable. {0}', describeError(e)));
    }
    return [];
  }
}

export function registerCompletion(context: vscode.ExtensionContext, models: ModelService): RnnInlineCompletionProvider {
  const provider = new RnnInlineCompletionProvider(models);
  context.subscriptions.push(
    vscode.languages.registerInlineCompletionItemProvider('*', provider),
    // toggles for the active editor's language where the value in effect comes from (a
    // workspace or language-specific value would otherwise silently win); the status bar item
    // (status-bar.ts) shows the new state, so there is no notification. `forLanguage`: only this language.
    vscode.commands.registerCommand(COMMAND.toggleCompletion, async (args?: { forLanguage?: boolean }) => {
      const document = vscode.window.activeTextEditor?.document;
      const next = !completionSettings(document).enabled;
      const scope = await updateInEffect('rnnLens.completion', 'enabled', next, document, !!args?.forLanguage && !!document);
      log.info(`ghost text ${next ? 'on' : 'off'} (${vscode.ConfigurationTarget[scope.target]}${scope.language ? `, ${document?.languageId}` : ''})`);
      return next;
    }),
  );
  return provider;
}

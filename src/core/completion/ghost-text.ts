// Which completer writes the ghost text: the one for the language model's language (a Korean model
// walks hangul-1 pieces, korean-completion.ts; an English one words, completion.ts), and which
// language model answers: the text before the cursor decides (routing.ts readerFor), as
// sentence language decides sentiment. The extension and `rnn-lens complete` both ask here.

import { CompletionService, type CompletionOptions, type CompletionResult } from './completion';
import { KoreanCompletionService } from './korean-completion';
import { LanguageModelRunner } from './language-model';
import type { LoadedModel } from '../model/model-bundle';
import { languageOf } from '../text/model-tokenizer';
import { readerFor, type Language } from '../sentiment/routing';

/** What every completer offers: the text before the cursor in, proposals out. */
export interface GhostTextService {
  readonly runner: LanguageModelRunner;
  complete(textBeforeCursor: string, options?: CompletionOptions): CompletionResult;
}

/** The completer for a language model, by the language its card says it reads. */
export function completionServiceFor(loaded: LoadedModel): GhostTextService {
  const runner = new LanguageModelRunner(loaded);
  return languageOf(loaded.card) === 'ko' ? new KoreanCompletionService(runner) : new CompletionService(runner);
}

/**
 * The model id for the text before the cursor: the Korean model where the text is Korean and
 * there is one, else the English one. `ids.ko` undefined: no Korean language model installed.
 */
export function routedModelId(ids: { en: string; ko?: string }, textBeforeCursor: string): { id: string; language: Language } {
  const { model: id, language } = readerFor('language-model', textBeforeCursor, ids, 'cursor');
  return { id, language };
}

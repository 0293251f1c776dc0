// Which tokenizer reads text for a model: its card says (`tokenizer`); cards without one were
// trained with tokenizer.ts (English, Penn-Treebank style). Every feature asks here, so the
// heatmap, the verdict and `rnn-lens classify` cut a text the same way the model was trained on.

import { HANGUL_TOKENIZER, tokenizeHangul } from './hangul-tokenizer';
import { Token, tokenize } from './tokenizer';
import type { Vocabulary } from './vocabulary';

/** the tokenizers a card may name (absent: "ptb-1", tokenizer.ts) */
export const TOKENIZERS = ['ptb-1', HANGUL_TOKENIZER] as const;

/** what a model card says about its tokenizer (structural: model-bundle.ts reads cards through this file) */
export interface TokenizerOf {
  tokenizer?: string;
}

export function tokenizeFor(model: { card: TokenizerOf; vocabulary: Vocabulary }, text: string): Token[] {
  return model.card.tokenizer === HANGUL_TOKENIZER ? tokenizeHangul(text, model.vocabulary) : tokenize(text);
}

/** The languages RNN Lens reads: English, and Korean where a Korean model is installed. */
export type Language = 'en' | 'ko';

/** The language a model reads, for routing and for the pickers: Korean models use the Hangul tokenizer. */
export function languageOf(card: TokenizerOf): Language {
  return card.tokenizer === HANGUL_TOKENIZER ? 'ko' : 'en';
}

// "No verdict without evidence": whether a model can read a text at all. A sentiment model
// always outputs a probability, even for random bytes (which contain a few known tokens such as
// "a" or ":)"), so the CLI and the extension ask this first and give `label: null` with the
// reason instead of a confident guess.

import { say, type Message } from '../messages';
import type { Token } from './tokenizer';
import type { Vocabulary } from './vocabulary';

export interface Readability {
  /** null when the model can read the text; else why not, a sentence a user understands (as data) */
  reason: Message | null;
  /** tokens with at least one letter (emoji read as words count: 😀 -> "happy") */
  letterTokens: number;
  /** of those, the ones the vocabulary knows */
  knownLetterTokens: number;
}

/**
 * Every reason a text gets no verdict (messages.ts: worded once, translated by the extension).
 */
export const REASONS = {
  binary: 'This looks like binary data, not writing ({0}% of its characters are control or undecodable characters).',
  symbols: 'There are no words here to judge, only numbers or symbols.',
  markup: 'This is markup (HTML or XML tags), not writing: {0} of its {1} words are tag names or attributes.',
  script: 'This text is written in the {0} script that the model does not read (it knows {1} of its {2} words).',
  unknownScript: 'This text is written in a script that the model does not read (it knows {0} of its {1} words).',
  tooFew: 'The model knows too few of these words to judge ({0} of its {1} words; it needs at least half).',
  emptyLine: 'There are no words in this line.',
  nothing: 'There is nothing the model can read here.',
  nothingForModels: 'There is nothing the models can read here.',
} as const;

/** A tag of HTML or XML (its name and attributes are not words a writer wrote). */
const TAG = /<\/?[A-Za-z][^<>]*>/g;
/** At least this share of a text's words inside tags makes it markup, not writing. */
const MAX_TAG_SHARE = 0.5;

/** Below this share of known letter-tokens the model is guessing. */
export const MIN_KNOWN_SHARE = 0.5;
/** Above this share of control or undecodable characters a text is binary data, not writing. */
const MAX_BINARY_SHARE = 0.1;

const LETTER = /\p{L}/u;
// control characters other than tab/newline/carriage return, U+FFFD (what a decoder makes of
// invalid UTF-8), lone surrogates, private-use and unassigned code points
const BINARY = /[\p{Cc}\p{Co}\p{Cn}\p{Cs}\uFFFD]/u;
const WHITESPACE_CONTROL = /[\t\n\r\f\v]/;

const SCRIPTS = [
  'Latin',
  'Hangul',
  'Han',
  'Hiragana',
  'Katakana',
  'Cyrillic',
  'Greek',
  'Arabic',
  'Hebrew',
  'Devanagari',
  'Thai',
  'Armenian',
  'Georgian',
  'Ethiopic',
  'Bengali',
  'Tamil',
] as const;
const SCRIPT_TESTS = SCRIPTS.map((s) => [s, new RegExp(`\\p{Script=${s}}`, 'u')] as const);

/** The Unicode script most of these words' letters are written in ("Hangul", "Cyrillic", …). */
export function dominantScript(words: Iterable<string>): string | null {
  const counts = new Map<string, number>();
  for (const w of words) {
    for (const ch of w) {
      if (!LETTER.test(ch)) continue;
      const script = SCRIPT_TESTS.find(([, re]) => re.test(ch))?.[0] ?? 'another';
      counts.set(script, (counts.get(script) ?? 0) + 1);
    }
  }
  let best: string | null = null;
  for (const [s, n] of counts) if (best === null || n > counts.get(best)!) best = s;
  // kana beside the Chinese characters: Japanese, whichever of its three scripts has the most letters
  if ((best === 'Han' || best === 'Hiragana' || best === 'Katakana') && (counts.has('Hiragana') || counts.has('Katakana'))) return 'Japanese';
  return best;
}

/** The names dominantScript gives (what the extension translates). */
export const SCRIPT_NAMES = [...SCRIPTS, 'Japanese'] as const;

function binaryShare(text: string): number {
  let binary = 0;
  let visible = 0;
  for (const ch of text) {
    if (WHITESPACE_CONTROL.test(ch) || ch === ' ') continue;
    visible++;
    if (BINARY.test(ch)) binary++;
  }
  return visible === 0 ? 0 : binary / visible;
}

/** Whether a model with `vocabulary` can read `text`, tokenized as `tokens` with ids `ids`. */
export function readability(text: string, tokens: readonly Token[], ids: ArrayLike<number>, vocabulary: Vocabulary): Readability {
  let letterTokens = 0;
  let knownLetterTokens = 0;
  const unknownWords: string[] = [];
  tokens.forEach((t, i) => {
    if (!LETTER.test(t.norm)) return;
    letterTokens++;
    if (ids[i] !== vocabulary.unkId) knownLetterTokens++;
    else unknownWords.push(t.norm);
  });
  const result = (reason: Message | null): Readability => ({ reason, letterTokens, knownLetterTokens });
  const binary = binaryShare(text);
  if (binary > MAX_BINARY_SHARE) return result(say(REASONS.binary, Math.round(binary * 100)));
  if (letterTokens === 0) return result(say(REASONS.symbols));
  // a line of HTML: its known words ("div", "class", "span") would give a confident verdict about nothing
  const tags = [...text.matchAll(TAG)].map((m) => [m.index, m.index + m[0].length]);
  if (tags.length) {
    const inTags = tokens.filter((t) => LETTER.test(t.norm) && tags.some(([a, b]) => t.start >= a && t.end <= b)).length;
    if (inTags >= MAX_TAG_SHARE * letterTokens) return result(say(REASONS.markup, inTags, letterTokens));
  }
  if (knownLetterTokens < MIN_KNOWN_SHARE * letterTokens) {
    const script = dominantScript(unknownWords);
    if (script === 'another') return result(say(REASONS.unknownScript, knownLetterTokens, letterTokens));
    if (script && script !== 'Latin') return result(say(REASONS.script, script, knownLetterTokens, letterTokens));
    return result(say(REASONS.tooFew, knownLetterTokens, letterTokens));
  }
  return result(null);
}

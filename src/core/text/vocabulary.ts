// Word <-> id. Id 0 is padding (the Embedding layers use maskZero), id 1 is <unk>.

import type { Token } from './tokenizer';

export const PAD = '<pad>';
export const UNK = '<unk>';
export const EOS = '<eos>';
/** the ids every vocabulary gives its first two words */
export const PAD_ID = 0;
export const UNK_ID = 1;

export class Vocabulary {
  readonly words: readonly string[];
  private readonly ids = new Map<string, number>();
  readonly unkId: number;

  /**
   * `inflections`: an unknown word may also fall back to a known word it inflects
   * ("stupidest" -> "stupid", "charmingly" -> "charming", "humour" -> "humor"); on for
   * sentiment models, where an inflected opinion word keeps its polarity, off for language
   * models, whose held-out perplexity must score the word as written.
   */
  constructor(
    words: readonly string[],
    readonly options: { inflections?: boolean } = {},
  ) {
    if (words[0] !== PAD || words[1] !== UNK) {
      throw new Error(`a vocabulary must start with "${PAD}", "${UNK}" (found ${JSON.stringify(words.slice(0, 2))})`);
    }
    this.words = words;
    words.forEach((w, i) => this.ids.set(w, i));
    this.unkId = UNK_ID;
  }

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return this.ids.has(word);
  }

  /** Exact id or -1. */
  exact(word: string): number {
    return this.ids.get(word) ?? -1;
  }

  /**
   * The id of a token as users type it. Falls back, in order, to the word without accents
   * ("naïve" -> "naive") and with letters repeated for emphasis squeezed ("sooo" -> "soo" -> "so").
   */
  id(word: string): number {
    const direct = this.ids.get(word);
    if (direct !== undefined) return direct;
    const plain = word.normalize('NFD').replace(/\p{M}/gu, '');
    if (plain !== word && this.ids.has(plain)) return this.ids.get(plain)!;
    if (/(\p{L})\1\1/u.test(plain)) {
      const two = plain.replace(/(\p{L})\1{2,}/gu, '$1$1');
      if (this.ids.has(two)) return this.ids.get(two)!;
      const one = plain.replace(/(\p{L})\1{2,}/gu, '$1');
      if (this.ids.has(one)) return this.ids.get(one)!;
    }
    if (this.options.inflections) {
      for (const stem of inflectionStems(plain)) if (this.ids.has(stem)) return this.ids.get(stem)!;
    }
    return this.unkId;
  }

  word(id: number): string {
    return this.words[id] ?? UNK;
  }

  encode(words: readonly string[]): Int32Array {
    return Int32Array.from(words, (w) => this.id(w));
  }

  /** Builds a vocabulary from token counts: specials first, then by frequency, ties by spelling. */
  static fromCounts(
    counts: Map<string, number>,
    maxSize: number,
    specials: string[] = [PAD, UNK],
    minCount = 1,
    options: { inflections?: boolean } = {},
  ): Vocabulary {
    const ranked = [...counts.entries()]
      .filter(([w, c]) => c >= minCount && !specials.includes(w))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, Math.max(0, maxSize - specials.length))
      .map(([w]) => w);
    return new Vocabulary([...specials, ...ranked], options);
  }
}

// English suffixes, longest first: [suffix, replacements]. Written by hand (a light stemmer, not
// Porter's): a candidate only counts when the vocabulary knows it, so over-stripping is harmless,
// and prefixes (un-, dis-) are never touched because they flip the meaning.
const SUFFIXES: Array<[string, string[]]> = [
  ['iest', ['y']],
  ['ier', ['y']],
  ['ily', ['y']],
  ['ies', ['y']],
  ['ied', ['y']],
  ['ness', ['']],
  ['ingly', ['ing', '', 'e']],
  ['edly', ['ed', '', 'e']],
  ['ly', ['', 'le']],
  ['est', ['', 'e']],
  ['ing', ['', 'e']],
  ['ed', ['', 'e']],
  ['er', ['', 'e']],
  ['es', ['', 'e']],
  ['s', ['']],
  ['our', ['or']],
];

/** Candidate base forms of an unknown word, most specific first. */
export function inflectionStems(word: string): string[] {
  const out: string[] = [];
  if (word.length < 4) return out;
  for (const [suffix, replacements] of SUFFIXES) {
    if (!word.endsWith(suffix) || word.length - suffix.length < 3) continue;
    const base = word.slice(0, -suffix.length);
    for (const r of replacements) out.push(base + r);
    // a doubled final consonant: "dulled" -> "dull" is above, "stopped" -> "stop" here
    if (/([b-df-hj-np-tv-z])\1$/.test(base)) out.push(base.slice(0, -1));
  }
  return out;
}

/** Vocabulary ids of tokens; a text with no tokens gives an empty array. */
export function encodeTokens(tokens: readonly Token[], vocabulary: Vocabulary): Int32Array {
  return Int32Array.from(tokens, (t) => vocabulary.id(t.norm));
}

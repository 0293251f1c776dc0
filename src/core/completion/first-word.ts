// The first word of a completion, in stages (completion.ts runs them in this order): candidates
// from the network, from the document being written, from a trained model's memory of its user's
// text; then the k best of the mix, renormalised over the words that extend what is typed; then
// how each is written. Each stage adds into one Mix in a fixed order, so the sums (and so the
// proposals) are the same bit for bit as when this was one function.

import type { DocumentCache } from './document-cache';
import { prefixRange, type WordMemory } from '../model/word-memory';
import type { Vocabulary } from '../text/vocabulary';

export const CLITICS: ReadonlySet<string> = new Set(["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"]);
const WORD = /^(?:[\p{L}\p{N}][\p{L}\p{N}'-]*|n't|'(?:s|re|ve|ll|d|m))$/u;

/** Words a completion may propose: real words and clitics, never <unk>, markup or punctuation. */
export function isProposable(word: string): boolean {
  return WORD.test(word) && !word.startsWith('<');
}

/** Which vocabulary ids each stage may propose, decided once per model rather than on every keystroke. */
export interface VocabularyMasks {
  vocabulary: Vocabulary;
  proposable: Uint8Array;
  /** clitics ("'s", "n't"): never the first word of a sentence */
  clitic: Uint8Array;
}

export function vocabularyMasks(vocabulary: Vocabulary): VocabularyMasks {
  return {
    vocabulary,
    proposable: Uint8Array.from(vocabulary.words, (w) => (isProposable(w) ? 1 : 0)),
    clitic: Uint8Array.from(vocabulary.words, (w) => (CLITICS.has(w) ? 1 : 0)),
  };
}

/** What is being typed: the letters so far (lower-cased), and whether a sentence starts here. */
export interface Typing {
  typed: string;
  sentenceStart: boolean;
}

/** The first word's probability so far: by vocabulary id, the words outside it by name, and the total. */
export interface Mix {
  readonly mixed: Float32Array;
  readonly unknown: Map<string, number>;
  mass: number;
}

/** Whether a word (outside the id masks) may be the first word here. */
const fits = (w: string, { typed, sentenceStart }: Typing) => (typed ? w.startsWith(typed) && w !== typed : !(sentenceStart && CLITICS.has(w)));

/** Puts p into the mix under word w (id j, −1 if outside the vocabulary or not proposable by id). */
function add(mix: Mix, masks: VocabularyMasks, w: string, p: number): void {
  const j = masks.vocabulary.exact(w);
  if (j >= 0 && masks.proposable[j]) mix.mixed[j] += p;
  else mix.unknown.set(w, (mix.unknown.get(w) ?? 0) + p);
  mix.mass += p;
}

/** Stage 1: the network's next-word distribution, weighted, over the words that extend what is typed. */
export function networkCandidates(mix: Mix, masks: VocabularyMasks, probs: Float32Array, weight: number, { typed, sentenceStart }: Typing): void {
  const { vocabulary, proposable, clitic } = masks;
  mix.mixed.fill(0);
  for (let j = 0; j < vocabulary.size; j++) {
    if (!proposable[j]) continue;
    if (typed ? !vocabulary.word(j).startsWith(typed) : sentenceStart && clitic[j]) continue;
    mix.mixed[j] = weight * probs[j];
    mix.mass += mix.mixed[j];
  }
}

export interface DocumentShares {
  /** the cache's weight for this much history */
  weight: number;
  pairShare: number;
  tripleShare: number;
}

/**
 * Stage 2: the document's own words before the cursor (document-cache.ts): single words, the words
 * that followed the previous one, and where the two before the cursor occurred earlier, what followed them.
 */
export function documentCandidates(mix: Mix, masks: VocabularyMasks, cache: DocumentCache, history: number, shares: DocumentShares, typing: Typing): void {
  const { weight, pairShare, tripleShare } = shares;
  const previous = cache.previous;
  const previousCount = previous ? cache.count(previous) : 0;
  const before = cache.beforePrevious;
  const historyCount = previous && before ? cache.historyCount(before, previous) : 0;
  for (const [w, c] of cache.words()) {
    if (!fits(w, typing)) continue;
    const unigram = c / history;
    let pair = previousCount ? cache.pairCount(previous, w) / previousCount : unigram;
    if (historyCount && tripleShare) pair = (1 - tripleShare) * pair + (tripleShare * cache.tripleCount(before, previous, w)) / historyCount;
    add(mix, masks, w, weight * ((1 - pairShare) * unigram + pairShare * pair));
  }
}

/**
 * Stage 3: a trained model's memory of its user's text (memory.json): its words, and the words that
 * followed the previous one there. `ids`: the memory's sorted words as vocabulary ids (−1: not by id).
 */
export function memoryCandidates(
  mix: Mix,
  masks: VocabularyMasks,
  memory: WordMemory,
  ids: Int32Array,
  shares: { weight: number; pairShare: number },
  previous: string,
  typing: Typing,
): void {
  const { typed, sentenceStart } = typing;
  const next = previous ? memory.pairs.get(previous) : undefined;
  let nextTotal = 0;
  if (next) for (const c of next.values()) nextTotal += c;
  const addWord = (w: string, p: number) => {
    if (p <= 0 || !fits(w, typing)) return;
    const j = masks.vocabulary.exact(w);
    if ((j >= 0 && masks.proposable[j]) || isProposable(w)) add(mix, masks, w, p);
  };
  const unigramShare = shares.weight * (nextTotal ? 1 - shares.pairShare : 1);
  // the remembered words that extend what is typed are one range of the sorted list
  const [lo, hi] = typed ? prefixRange(memory.sorted, typed) : [0, memory.sorted.length];
  for (let i = lo; i < hi; i++) {
    const p = (unigramShare * memory.sortedCounts[i]) / memory.total;
    const j = ids[i];
    if (j >= 0) {
      if (typed && memory.sorted[i] === typed) continue;
      if (!typed && sentenceStart && masks.clitic[j]) continue;
      mix.mixed[j] += p;
      mix.mass += p;
    } else addWord(memory.sorted[i], p);
  }
  if (next) for (const [w, c] of next) addWord(w, (shares.weight * shares.pairShare * c) / nextTotal);
}

/** Stage 4: the k most likely first words of the mix, each probability times `scale`, most likely first. */
export function bestFirstWords(mix: Mix, vocabulary: Vocabulary, k: number, scale: number): Array<{ word: string; p: number }> {
  const firsts: Array<{ word: string; p: number }> = [];
  const consider = (word: string, p: number) => {
    if (p <= 0 || (firsts.length === k && p <= firsts[k - 1].p)) return;
    firsts.push({ word, p });
    firsts.sort((x, y) => y.p - x.p);
    if (firsts.length > k) firsts.pop();
  };
  for (let j = 0; j < vocabulary.size; j++) if (mix.mixed[j] > 0) consider(vocabulary.word(j), mix.mixed[j]);
  for (const [w, p] of mix.unknown) consider(w, p);
  firsts.forEach((f) => (f.p *= scale));
  return firsts;
}

const isShouted = (s: string) => s.length > 1 && s === s.toUpperCase() && /\p{Lu}/u.test(s);

/** CAPS LOCK: the word being typed is in capitals, or it has one letter and the word before was. */
export function shouting(partial: string, lastWord: string): boolean {
  return isShouted(partial) || (partial.length === 1 && partial === partial.toUpperCase() && isShouted(lastWord));
}

/**
 * Stage 5: how a word is written — in capitals while the writer shouts; else as the writer wrote it
 * in this document (`surface`), else as the training text usually writes it ("React", "I"), with a
 * capital where a sentence starts or the writer typed one.
 */
export function writtenAs(
  w: string,
  typedHere: string,
  atStart: boolean,
  how: { shouting: boolean; surface: (w: string) => string | undefined; casing?: ReadonlyMap<string, string> },
): string {
  if (how.shouting) return w.toUpperCase();
  const usual = how.surface(w) ?? how.casing?.get(w) ?? (w === 'i' || w.startsWith("i'") ? 'I' + w.slice(1) : w);
  const lower = usual === usual.toLowerCase();
  if (lower && ((typedHere && /^\p{Lu}/u.test(typedHere)) || (!typedHere && atStart))) return usual.charAt(0).toUpperCase() + usual.slice(1);
  return usual;
}

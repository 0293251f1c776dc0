// Next-word completion: finish the word being typed, then propose the next few words.
// Many-to-many: every step predicts the next token; the state before the cursor comes from
// the runner's snapshots, so a keystroke costs a step or two whatever the document's length.

import { DocumentCache } from './document-cache';
import type { WordMemory } from '../model/word-memory';
import { LanguageModelRunner, Snapshot } from './language-model';
import { contextIds } from './lm-context';
import { tokenize } from '../text/tokenizer';
import { round6 } from '../trace/trace';
import {
  bestFirstWords,
  CLITICS,
  documentCandidates,
  isProposable,
  memoryCandidates,
  type Mix,
  networkCandidates,
  shouting as isShouting,
  type Typing,
  vocabularyMasks,
  type VocabularyMasks,
  writtenAs,
} from './first-word';

export { isProposable };

export interface Completion {
  /** text to insert at the cursor */
  text: string;
  /** probability of the proposed words given the context and the letters already typed */
  p: number;
  /** the proposed words as the vocabulary spells them (the first is the finished word) */
  words: string[];
  /** the first word's probability (network and document mixed): what minProbability is compared with */
  pFirst: number;
}

export interface CompletionOptions {
  /** words in a completion, counting the word being finished (default 3) */
  words?: number;
  /** alternatives to return (default 3) */
  k?: number;
  /** drop completions whose first word is less likely than this (default 0) */
  minProbability?: number;
  /** stop adding words once the next word's conditional probability falls below this (default 0.05) */
  continueProbability?: number;
  /** share of the first word's probability from the document's own words (default CACHE_WEIGHT; 0: the network alone) */
  cacheWeight?: number;
  /** share of the document's part from word pairs (default PAIR_SHARE) */
  pairShare?: number;
  /** of the pairs' part, the share from the two tokens before the word, where they occurred before (default TRIPLE_SHARE) */
  tripleShare?: number;
  /** share of the first word's probability from a trained model's memory of its user's text (default MEMORY_WEIGHT; only models that have one) */
  memoryWeight?: number;
  isCancelled?: () => boolean;
}

export interface CompletionResult {
  completions: Completion[];
  /** the letters of the word being typed, as typed */
  partial: string;
  /** recurrent steps this request ran, all told */
  steps: number;
  /** of those, the steps that read the context (0 or 1 when the prefix came from saved states) */
  contextSteps: number;
  cancelled?: boolean;
}

/** Context the model reads: a tail window of the text whose start moves only every ANCHOR chars. */
const MIN_CONTEXT_CHARS = 1500;
const ANCHOR_CHARS = 1000;

const PARTIAL = /[\p{L}\p{N}'’]+$/u;

export function contextWindow(text: string): string {
  if (text.length <= MIN_CONTEXT_CHARS + ANCHOR_CHARS) return text;
  let start = Math.floor((text.length - MIN_CONTEXT_CHARS) / ANCHOR_CHARS) * ANCHOR_CHARS;
  // start on a token boundary
  while (start < text.length && !/\s/.test(text[start])) start++;
  return text.slice(start);
}

/** Joins vocabulary words back into text: clitics attach ("do" + "n't" -> "don't"). */
export function detokenize(words: string[]): string {
  let out = '';
  for (const w of words) out += out && !CLITICS.has(w) ? ' ' + w : w;
  return out;
}

/**
 * How much of the first word's probability comes from the document cache (document-cache.ts)
 * rather than the network, and how much of the cache's share from word pairs (the word after the
 * previous one) rather than single words. Chosen on the dev splits by npm run eval:ghost.
 */
export const CACHE_WEIGHT = 0.3;
export const PAIR_SHARE = 0.5;
/** Where the two tokens before the cursor occurred earlier in the document, this share of the
 *  pairs' part comes from what followed them there (chosen on the dev splits: 0.3 against 0 and 0.6). */
export const TRIPLE_SHARE = 0.3;
/** The cache's weight grows with the words it has seen (N / (N + CACHE_RAMP)): a few words of
 *  history are no evidence that the next word is one of them. */
export const CACHE_RAMP = 200;
/**
 * A model trained on the user's text remembers that text's words and word pairs (memory.json):
 * this share of the first word's probability comes from them, mixed like the document's (the
 * pair share is the same). Chosen on the dev stand-in by npm run eval:own-text.
 */
export const MEMORY_WEIGHT = 0.2;

/**
 * Something that changes the network's weights from the document as it is written: dynamic
 * evaluation (src/lab/dynamic-evaluation.ts) was measured this way and not shipped. Returns
 * whether the weights changed (then the saved distributions are stale).
 */
export interface DocumentLearner {
  update(textBeforeCursor: string): boolean;
}

export class CompletionService {
  /** which vocabulary ids may be proposed, decided once rather than on every keystroke */
  private readonly masks: VocabularyMasks;
  /** words that may follow the first one: no clitic, which would glue onto it ("function" + "'s") */
  private readonly continuable: Uint8Array;
  /** the first word's mixed probability by vocabulary id (reused from request to request) */
  private readonly mixed: Float32Array;
  /** the words of the document before the cursor */
  private readonly cache = new DocumentCache();
  /** a trained model's remembered words as vocabulary ids (−1: not proposable from the table), in their sorted order */
  private rememberedIds: Int32Array | null = null;

  private memoryIds(memory: WordMemory): Int32Array {
    const { vocabulary } = this.runner.loaded;
    this.rememberedIds ??= Int32Array.from(memory.sorted, (w) => {
      const j = vocabulary.exact(w);
      return j >= 0 && this.masks.proposable[j] ? j : -1;
    });
    return this.rememberedIds;
  }

  constructor(
    readonly runner: LanguageModelRunner,
    /** the network learning from the document as it is written, if on (the extension passes none) */
    readonly adaptation: DocumentLearner | null = null,
  ) {
    const { vocabulary } = runner.loaded;
    this.masks = vocabularyMasks(vocabulary);
    this.continuable = Uint8Array.from(vocabulary.words, (w) => (isProposable(w) && !CLITICS.has(w) ? 1 : 0));
    this.mixed = new Float32Array(vocabulary.size);
  }

  /** Reads the text before the word being typed into the document cache; returns how many words it holds. */
  private cacheTotal(textBeforeCursor: string, partial: string): number {
    this.cache.update(textBeforeCursor.slice(0, textBeforeCursor.length - partial.length));
    return this.cache.total;
  }

  /**
   * The stages: read the context; the network's distribution after it; the first word from the
   * network, the document and the memory, mixed (first-word.ts); the k best over the threshold;
   * each continued word by word while the network is sure enough; written as the writer would.
   */
  complete(textBeforeCursor: string, options: CompletionOptions = {}): CompletionResult {
    const words = Math.max(1, options.words ?? 3);
    const k = Math.max(1, options.k ?? 3);
    const continueP = options.continueProbability ?? 0.05;
    const cacheWeight = options.cacheWeight ?? CACHE_WEIGHT;
    const pairShare = options.pairShare ?? PAIR_SHARE;
    const { vocabulary, casing, memory } = this.runner.loaded;
    const stepsBefore = this.runner.stepsRun;
    const window = contextWindow(textBeforeCursor);
    const partial = PARTIAL.exec(window)?.[0] ?? '';
    const context = window.slice(0, window.length - partial.length);
    const tokens = tokenize(context);
    const { ids, ended } = contextIds(context, tokens, vocabulary);
    const lastNorm = tokens.length ? tokens[tokens.length - 1].norm : '';
    const lastWord = tokens.length ? context.slice(tokens[tokens.length - 1].start, tokens[tokens.length - 1].end) : '';
    // where the context's last sentence is finished (or an opening quote starts one)
    const typing: Typing = { typed: partial.toLowerCase().replace(/’/g, "'"), sentenceStart: ended || lastNorm === '``' };
    let contextSteps = 0;
    const done = (completions: Completion[], cancelled = false): CompletionResult => ({
      completions,
      partial,
      steps: this.runner.stepsRun - stepsBefore,
      contextSteps,
      ...(cancelled ? { cancelled } : {}),
    });

    const start = this.runner.stateAfter(ids, options.isCancelled);
    contextSteps = this.runner.stepsRun - stepsBefore;
    if (!start) return done([], true);
    // the first word: each source's share (the network keeps what the document and the memory do
    // not take: the cache's share grows with the history it has seen)
    const history = cacheWeight > 0 ? this.cacheTotal(textBeforeCursor, partial) : 0;
    const memoryWeight = memory && memory.total > 0 ? (options.memoryWeight ?? MEMORY_WEIGHT) : 0;
    const networkWeight = (1 - memoryWeight) * (1 - (cacheWeight * history) / (history + CACHE_RAMP));
    const mix: Mix = { mixed: this.mixed, unknown: new Map(), mass: 0 };
    networkCandidates(mix, this.masks, this.runner.distribution(start), networkWeight, typing);
    const cached = cacheWeight > 0 && history > 0;
    if (cached) {
      const shares = { weight: (cacheWeight * history) / (history + CACHE_RAMP), pairShare, tripleShare: options.tripleShare ?? TRIPLE_SHARE };
      documentCandidates(mix, this.masks, this.cache, history, shares, typing);
    }
    if (memory && memoryWeight > 0) memoryCandidates(mix, this.masks, memory, this.memoryIds(memory), { weight: memoryWeight, pairShare }, lastNorm, typing);
    // renormalised over the words that extend what is typed
    const firsts = bestFirstWords(mix, vocabulary, k, typing.typed ? 1 / (mix.mass || 1) : 1);
    const chosen = firsts.filter((f) => f.p >= (options.minProbability ?? 0));

    const how = { shouting: isShouting(partial, lastWord), surface: (w: string) => (cached ? this.cache.surface(w) : undefined), casing };
    const completions: Completion[] = [];
    for (const first of chosen) {
      if (options.isCancelled?.()) return done(completions, true);
      const { seq, p } = this.continueFrom(ids, first, words, continueP);
      const written = seq.map((w, i) => (i === 0 ? writtenAs(w, partial, typing.sentenceStart, how) : writtenAs(w, '', false, how)));
      let text = detokenize(written);
      // the typed letters stay as typed: insert only what follows them
      text = typing.typed ? text.slice(partial.length) : (context && !/\s$/.test(context) && !CLITICS.has(seq[0]) ? ' ' : '') + text;
      if (text.trim() === '' && seq.length === 1) continue;
      completions.push({ text, p: round6(p), words: seq, pFirst: round6(first.p) });
    }
    return done(completions);
  }

  /** The words after the first, the network's best each time, while it is sure enough (`continueP`). */
  private continueFrom(ids: readonly number[], first: { word: string; p: number }, words: number, continueP: number): { seq: string[]; p: number } {
    const { vocabulary } = this.runner.loaded;
    const seq = [first.word];
    let p = first.p;
    let snap: Snapshot = this.runner.stateAfter([...ids, vocabulary.id(first.word)])!;
    while (seq.length < words) {
      const next = this.bestNext(this.runner.distribution(snap));
      if (!next || next.p < continueP) break;
      seq.push(next.word);
      p *= next.p;
      snap = this.runner.stateAfter([...ids, ...seq.map((w) => vocabulary.id(w))])!;
    }
    return { seq, p };
  }

  /**
   * Lets the network learn from the finished sentences before the cursor (a DocumentLearner):
   * at most one segment, so the caller can run it between keystrokes rather than on one. Returns
   * whether the weights changed.
   */
  learn(textBeforeCursor: string): boolean {
    if (!this.adaptation?.update(textBeforeCursor)) return false;
    this.runner.forgetDistributions();
    return true;
  }

  private bestNext(probs: Float32Array): { word: string; p: number } | null {
    const { vocabulary } = this.runner.loaded;
    let best = -1;
    for (let j = 0; j < vocabulary.size; j++) if (this.continuable[j] && (best < 0 || probs[j] > probs[best])) best = j;
    return best < 0 ? null : { word: vocabulary.word(best), p: probs[best] };
  }
}

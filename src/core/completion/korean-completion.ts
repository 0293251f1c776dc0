// Ghost text in Korean: the rest of the eojeol being typed and the next ones, from a language
// model over hangul-1 pieces (hangul-tokenizer.ts). Its steps are pieces, not words: "▁데이터" "를"
// is one eojeol, "▁사용" "합니다" another, and a Latin word ("layer", "gru") is a piece of its own
// that a particle may follow without a space ("layer를"). The completer walks pieces until the next
// piece would start a new eojeol, and joins them back as they are written.
//
// A Korean IME keeps the syllable being typed open, and VS Code shows no ghost text while a
// composition is open; so what a writer sees is the ghost text asked after a space or punctuation
// (the next eojeol), or after Latin letters. Inside a Hangul word the completer still answers
// (complete syllables typed so far), for editors and input methods that show it.
//
// Same contract as CompletionService (completion.ts): the text before the cursor in, proposals
// with the first eojeol's probability out; the document's own eojeols are mixed in as there.

import { CACHE_RAMP, CACHE_WEIGHT, PAIR_SHARE, contextWindow, type Completion, type CompletionOptions, type CompletionResult } from './completion';
import { DocumentCache } from './document-cache';
import { tokenizeHangul, WORD_START } from '../text/hangul-tokenizer';
import { LanguageModelRunner, type Snapshot } from './language-model';
import { contextIds } from './lm-context';
import { round6 } from '../trace/trace';

/** What a piece does to the eojeol being built. */
export type PieceKind = 'start' | 'latin' | 'continue' | 'other';

const HANGUL_SYLLABLES = /^[\uAC00-\uD7A3]+$/;
const LATIN_OR_NUMBER = /^[\p{L}\p{N}]+$/u;

/** ▁-marked Hangul pieces start an eojeol; unmarked ones continue it; Latin words and numbers are whole. */
export function pieceKind(piece: string): PieceKind {
  if (piece.startsWith(WORD_START) && HANGUL_SYLLABLES.test(piece.slice(1))) return 'start';
  if (HANGUL_SYLLABLES.test(piece)) return 'continue';
  if (LATIN_OR_NUMBER.test(piece) && !piece.startsWith('<')) return 'latin';
  return 'other';
}

/** The text of a piece as written: "▁데이터" → "데이터"; a Latin word through `cased`. */
const surfaceOf = (piece: string, cased: (w: string) => string) =>
  piece.startsWith(WORD_START) ? piece.slice(1) : pieceKind(piece) === 'latin' ? cased(piece) : piece;

/**
 * Eojeols (each a list of pieces) joined back into text: the pieces of one eojeol attached as
 * written, a space between eojeols.
 */
export function joinEojeols(eojeols: string[][], cased: (w: string) => string = (w) => w): string {
  return eojeols.map((e) => e.map((p) => surfaceOf(p, cased)).join('')).join(' ');
}

/** The letters typed of the current eojeol (after the last space); '' right after a space or punctuation. */
const PARTIAL = /[\p{L}\p{N}]+$/u;
/** a syllable still being composed (a lone jamo at the end): the editor shows nothing then */
const OPEN_JAMO = /[\u3131-\u318E\u1100-\u11FF]$/;

/** a share from a card (which a hand may have edited): a number from 0 to 1, else none */
const share = (v: unknown) => (typeof v === 'number' && v >= 0 && v <= 1 ? v : undefined);

/** Piece starts tried for the first eojeol, before the document's eojeols are mixed in. */
const FIRST_CANDIDATES = 8;
/** The document's eojeols the network also scores, best by the cache first. */
const CACHE_CANDIDATES = 6;
/** Pieces in one eojeol at most (a long compound is cut there). */
const MAX_PIECES = 6;

interface Eojeol {
  pieces: string[];
  /** the network's probability of these pieces, in turn */
  p: number;
  /** the state after them */
  snap: Snapshot;
}

export class KoreanCompletionService {
  private readonly kinds: PieceKind[];
  /** each piece's letters as written ("▁데이터" → "데이터"), once rather than on every ask */
  private readonly surfaces: string[];
  private readonly cache = new DocumentCache();

  constructor(readonly runner: LanguageModelRunner) {
    this.kinds = runner.loaded.vocabulary.words.map(pieceKind);
    this.surfaces = runner.loaded.vocabulary.words.map((w) => surfaceOf(w, (x) => x));
  }

  complete(textBeforeCursor: string, options: CompletionOptions = {}): CompletionResult {
    const words = Math.max(1, options.words ?? 3);
    const k = Math.max(1, options.k ?? 3);
    const continueP = options.continueProbability ?? 0.05;
    const { vocabulary, casing, card } = this.runner.loaded;
    // the document cache as tuned for this model on Korean dev docs (its card), else English's
    const cacheWeight = options.cacheWeight ?? share(card.completion?.cacheWeight) ?? CACHE_WEIGHT;
    const pairShare = options.pairShare ?? share(card.completion?.pairShare) ?? PAIR_SHARE;
    const stepsBefore = this.runner.stepsRun;
    const window = contextWindow(textBeforeCursor);
    const partial = PARTIAL.exec(window)?.[0] ?? '';
    const context = window.slice(0, window.length - partial.length);
    let contextSteps = 0;
    const done = (completions: Completion[], cancelled = false): CompletionResult => ({
      completions,
      partial,
      steps: this.runner.stepsRun - stepsBefore,
      contextSteps,
      ...(cancelled ? { cancelled } : {}),
    });
    if (OPEN_JAMO.test(window)) return done([]);
    const { ids } = contextIds(context, tokenizeHangul(context, vocabulary), vocabulary);
    // after a space the eojeol's first piece is marked "▁" (or a Latin word); glued to punctuation
    // ("(예", "'모델'") it is not, as the tokenizer cut the training text
    const afterSpace = context === '' || /\s$/.test(context);
    const start = this.runner.stateAfter(ids, options.isCancelled);
    contextSteps = this.runner.stepsRun - stepsBefore;
    if (!start) return done([], true);
    const typed = partial.normalize('NFC').toLowerCase();

    // the network's candidates for the first eojeol: pieces consistent with what is typed
    const candidates = new Map<string, Eojeol>();
    for (const e of this.firstEojeols(ids, start, typed, afterSpace)) candidates.set(e.pieces.join(' '), e);

    // the document's eojeols that extend what is typed, scored by the network too
    const history = cacheWeight > 0 ? this.cacheTotal(textBeforeCursor, partial) : 0;
    const cacheShare = history > 0 ? (cacheWeight * history) / (history + CACHE_RAMP) : 0;
    const fromCache = new Map<string, number>();
    if (cacheShare > 0) {
      const previous = this.cache.previous;
      const previousCount = previous ? this.cache.count(previous) : 0;
      for (const [w, c] of this.cache.words()) {
        if (!/[\uAC00-\uD7A3]/.test(w) || !w.startsWith(typed) || w === typed) continue;
        const unigram = c / history;
        const pair = previousCount ? this.cache.pairCount(previous, w) / previousCount : unigram;
        fromCache.set(w, cacheShare * ((1 - pairShare) * unigram + pairShare * pair));
      }
      const best = [...fromCache.entries()].sort((a, b) => b[1] - a[1]).slice(0, CACHE_CANDIDATES);
      for (const [w] of best) {
        if (options.isCancelled?.()) return done([], true);
        const scored = this.score(ids, start, w, afterSpace);
        if (scored && !candidates.has(scored.pieces.join(' '))) candidates.set(scored.pieces.join(' '), scored);
      }
    }
    const cased = (w: string) => this.cache.surface(w) ?? casing?.get(w) ?? w;
    const networkWeight = 1 - cacheShare;
    const ranked = [...candidates.values()]
      .map((e) => {
        const text = joinEojeols([e.pieces]);
        return { e, text, p: networkWeight * e.p + (fromCache.get(text.toLowerCase()) ?? 0) };
      })
      .filter((c) => c.text.toLowerCase() !== typed);
    // renormalised over the eojeols that extend what is typed (as completion.ts does for words)
    const mass = typed ? ranked.reduce((s, c) => s + c.p, 0) || 1 : 1;
    ranked.sort((a, b) => b.p - a.p);
    const completions: Completion[] = [];
    for (const { e, p: pAll } of ranked.slice(0, k)) {
      const pFirst = pAll / mass;
      if (pFirst < (options.minProbability ?? 0)) continue;
      if (options.isCancelled?.()) return done(completions, true);
      const eojeols = [e.pieces];
      let p = pFirst;
      let snap = e.snap;
      while (eojeols.length < words) {
        const next = this.nextEojeol(snap, continueP);
        if (!next) break;
        eojeols.push(next.pieces);
        p *= next.p;
        snap = next.snap;
      }
      const text = joinEojeols(eojeols, cased);
      // the typed letters stay as typed: insert only what follows them
      const insert = typed ? text.slice(partial.length) : text;
      if (!insert) continue;
      completions.push({ text: insert, p: round6(p), words: eojeols.map((x) => joinEojeols([x], cased)), pFirst: round6(pFirst) });
    }
    return done(completions);
  }

  private cacheTotal(textBeforeCursor: string, partial: string): number {
    this.cache.update(textBeforeCursor.slice(0, textBeforeCursor.length - partial.length));
    return this.cache.total;
  }

  /** Whether piece j can begin the letters of an eojeol: after a space, a marked piece; after punctuation, an unmarked one; or a Latin word. */
  private isFirst(j: number, afterSpace: boolean): boolean {
    const kind = this.kinds[j];
    return kind === 'latin' || kind === (afterSpace ? 'start' : 'continue');
  }

  /**
   * The first eojeol's candidates: every piece sequence whose letters extend what is typed, best
   * first (a small beam while typed letters remain), each finished greedily to its eojeol's end.
   */
  private firstEojeols(ids: number[], start: Snapshot, typed: string, afterSpace: boolean): Eojeol[] {
    const { vocabulary } = this.runner.loaded;
    const out: Eojeol[] = [];
    let beam: Array<{ pieces: string[]; letters: string; p: number; snap: Snapshot }> = [{ pieces: [], letters: '', p: 1, snap: start }];
    for (let depth = 0; depth < MAX_PIECES && beam.length; depth++) {
      const next: typeof beam = [];
      for (const b of beam) {
        const probs = this.runner.distribution(b.snap);
        // the best FIRST_CANDIDATES pieces, kept in order as they come (every keystroke reads the
        // whole vocabulary here: no array of it, no sort of it)
        const options: Array<{ j: number; p: number }> = [];
        for (let j = 0; j < vocabulary.size; j++) {
          if (depth === 0 ? !this.isFirst(j, afterSpace) : this.kinds[j] !== 'continue') continue;
          if (options.length === FIRST_CANDIDATES && probs[j] <= options[FIRST_CANDIDATES - 1].p) continue;
          // with nothing typed every piece fits: no string is built for it
          if (typed) {
            const letters = b.letters + this.surfaces[j];
            if (!(letters.startsWith(typed) || typed.startsWith(letters))) continue;
          }
          let at = options.length;
          while (at > 0 && options[at - 1].p < probs[j]) at--;
          options.splice(at, 0, { j, p: probs[j] });
          if (options.length > FIRST_CANDIDATES) options.pop();
        }
        for (const { j, p } of options) {
          const pieces = [...b.pieces, vocabulary.word(j)];
          const letters = b.letters + this.surfaces[j];
          const snap = this.runner.stateAfter([...ids, ...pieces.map((w) => vocabulary.id(w))])!;
          // all typed letters covered: finish the eojeol; else keep matching them
          if (letters.length >= typed.length)
            out.push(this.finish({ pieces, p: b.p * p, snap }, (_, __, all) => this.runner.stateAfter([...ids, ...all.map((w) => vocabulary.id(w))])!));
          else next.push({ pieces, letters, p: b.p * p, snap });
        }
      }
      beam = next.sort((x, y) => y.p - x.p).slice(0, 4);
      if (out.length >= FIRST_CANDIDATES) break;
    }
    return out.sort((a, b) => b.p - a.p).slice(0, FIRST_CANDIDATES);
  }

  /**
   * Adds the continuation pieces the network likes best until the eojeol's likeliest next piece is
   * not one. `advance`: the state after one more piece (from saved states where the pieces' ids
   * are known from the context on, else a step from the snapshot).
   */
  private finish(e: Eojeol, advance: (snap: Snapshot, id: number, pieces: string[]) => Snapshot): Eojeol {
    const { vocabulary } = this.runner.loaded;
    let { pieces, p, snap } = e;
    while (pieces.length < MAX_PIECES) {
      const probs = this.runner.distribution(snap);
      let best = 0;
      for (let j = 1; j < vocabulary.size; j++) if (probs[j] > probs[best]) best = j;
      if (this.kinds[best] !== 'continue') break;
      pieces = [...pieces, vocabulary.word(best)];
      p *= probs[best];
      snap = advance(snap, best, pieces);
    }
    return { pieces, p, snap };
  }

  /**
   * The network's probability of an eojeol from the document, cut into pieces as training cut
   * them; 0 where a piece is outside the vocabulary (the cache alone proposes it then, and the
   * network reads it as <unk> on the way to the next eojeol).
   */
  private score(ids: number[], start: Snapshot, eojeol: string, afterSpace: boolean): Eojeol | null {
    const { vocabulary } = this.runner.loaded;
    // cut as the tokenizer cuts it where it stands: after a space, or glued to a bracket
    const pieces = tokenizeHangul(afterSpace ? eojeol : `(${eojeol}`, vocabulary)
      .slice(afterSpace ? 0 : 1)
      .map((t) => t.norm);
    if (!pieces.length) return null;
    const known = pieces.every((w) => vocabulary.has(w)) && this.isFirst(vocabulary.id(pieces[0]), afterSpace);
    let p = 1;
    let snap = start;
    const read: number[] = [];
    for (const w of pieces) {
      if (known) p *= this.runner.distribution(snap)[vocabulary.id(w)];
      read.push(vocabulary.id(w));
      snap = this.runner.stateAfter([...ids, ...read])!;
    }
    return { pieces, p: known ? p : 0, snap };
  }

  /** The next eojeol, greedily, if its first piece is likely enough. */
  private nextEojeol(snap: Snapshot, continueP: number): Eojeol | null {
    const { vocabulary } = this.runner.loaded;
    const probs = this.runner.distribution(snap);
    let best = -1;
    for (let j = 0; j < vocabulary.size; j++) if (this.isFirst(j, true) && (best < 0 || probs[j] > probs[best])) best = j;
    if (best < 0 || probs[best] < continueP) return null;
    // the ids so far are not kept in a snapshot: step on from it directly
    const step = (from: Snapshot, id: number) => this.runner.step(from, id);
    return this.finish({ pieces: [vocabulary.word(best)], p: probs[best], snap: step(snap, best) }, step);
  }
}

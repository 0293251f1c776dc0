// The writer's own words: counts of the words (word pairs and triples) in the document before the
// cursor, so ghost text can propose a term used a paragraph ago ("ownership", "borrow checker",
// a project's names), even one the language model's vocabulary does not have. A simple word,
// bigram and trigram cache in the spirit of the cache models of Kuhn & De Mori (1990) and Grave, Joulin &
// Usunier (2017), mixed with the network's distribution in completion.ts.
//
// Per keystroke the cost stays flat: the window is bounded, and the counts of its start are kept
// while the text grows at the end (only the text since then is read again).

import { tokenize } from '../text/tokenizer';

/** How much text before the cursor the cache reads (the extension passes up to 20,000 characters). */
export const CACHE_CHARS = 12_000;

/** Text read again at most on a keystroke, before the kept counts are rebuilt. */
const TAIL_CHARS = 1_000;
/** The window's start moves in steps of this many characters. */
const WINDOW_STEP = 1_000;

const WORD = /^\p{L}[\p{L}\p{N}'’-]*$/u;

interface Counts {
  words: Map<string, number>;
  /** "previous\u0000word" → count */
  pairs: Map<string, number>;
  /** "before\u0000previous\u0000word" → count */
  triples: Map<string, number>;
  /** "before\u0000previous" → times the pair was followed by a token */
  histories: Map<string, number>;
  /** the word as last written ("React", "useState") */
  surface: Map<string, string>;
  total: number;
  last: string;
  beforeLast: string;
}

const empty = (): Counts => ({
  words: new Map(),
  pairs: new Map(),
  triples: new Map(),
  histories: new Map(),
  surface: new Map(),
  total: 0,
  last: '',
  beforeLast: '',
});

const increment = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

function add(into: Counts, text: string, previous: string, beforePrevious: string): void {
  let prev = previous;
  let before = beforePrevious;
  for (const t of tokenize(text)) {
    const word = WORD.test(t.norm);
    if (word) {
      increment(into.words, t.norm);
      into.surface.set(t.norm, text.slice(t.start, t.end));
      into.total++;
      if (prev) increment(into.pairs, prev + '\u0000' + t.norm);
    }
    if (prev && before) {
      increment(into.histories, before + '\u0000' + prev);
      if (word) increment(into.triples, before + '\u0000' + prev + '\u0000' + t.norm);
    }
    before = prev;
    prev = t.norm;
  }
  into.last = prev;
  into.beforeLast = before;
}

export class DocumentCache {
  /** the start of the window whose counts are kept, and those counts */
  private base = '';
  private baseCounts = empty();
  private tail = empty();

  /** Reads `context` (the text before the word being typed); the counts then describe it. */
  update(context: string): void {
    // the window's start moves in steps, so the kept counts stay valid between two steps
    const start = context.length > CACHE_CHARS ? Math.floor((context.length - CACHE_CHARS) / WINDOW_STEP) * WINDOW_STEP : 0;
    let text = context.slice(start);
    // start on a word boundary
    if (start > 0) text = text.slice(text.search(/\s/) + 1);
    if (!this.base || !text.startsWith(this.base) || text.length - this.base.length > TAIL_CHARS) {
      const cut = Math.max(0, text.search(/\s\S*$/) + 1);
      this.base = text.slice(0, cut);
      this.baseCounts = empty();
      add(this.baseCounts, this.base, '', '');
    }
    this.tail = empty();
    add(this.tail, text.slice(this.base.length), this.baseCounts.last, this.baseCounts.beforeLast);
  }

  get total(): number {
    return this.baseCounts.total + this.tail.total;
  }

  /** the word before the cursor, as the tokenizer normalises it ('' at the start) */
  get previous(): string {
    return this.tail.last || this.baseCounts.last;
  }

  /** the token before the previous one ('' near the start) */
  get beforePrevious(): string {
    return this.tail.last ? this.tail.beforeLast : this.baseCounts.beforeLast;
  }

  /** times `before previous` was followed by `word` */
  tripleCount(before: string, previous: string, word: string): number {
    const key = before + '\u0000' + previous + '\u0000' + word;
    return (this.baseCounts.triples.get(key) ?? 0) + (this.tail.triples.get(key) ?? 0);
  }

  /** times the tokens `before previous` were followed by a token */
  historyCount(before: string, previous: string): number {
    const key = before + '\u0000' + previous;
    return (this.baseCounts.histories.get(key) ?? 0) + (this.tail.histories.get(key) ?? 0);
  }

  count(word: string): number {
    return (this.baseCounts.words.get(word) ?? 0) + (this.tail.words.get(word) ?? 0);
  }

  pairCount(previous: string, word: string): number {
    const key = previous + '\u0000' + word;
    return (this.baseCounts.pairs.get(key) ?? 0) + (this.tail.pairs.get(key) ?? 0);
  }

  /** how the writer last wrote the word, if they did */
  surface(word: string): string | undefined {
    return this.tail.surface.get(word) ?? this.baseCounts.surface.get(word);
  }

  /** every word of the window, with its count */
  *words(): IterableIterator<[string, number]> {
    for (const [w, c] of this.baseCounts.words) yield [w, c + (this.tail.words.get(w) ?? 0)];
    for (const [w, c] of this.tail.words) if (!this.baseCounts.words.has(w)) yield [w, c];
  }
}

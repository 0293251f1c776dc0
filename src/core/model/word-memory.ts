// A trained language model's memory of the text it learned from (memory.json): how often each word
// occurs in it and which words follow which, for the words that occur at least twice. The
// completer mixes it in like the document cache (completion.ts): the network generalises, the
// memory recalls the team's own terms and phrases after a letter or two, across files. Counts,
// not text: no sentence can be read back from it.

/** A trained language model's counts of the text it learned from, as the completer reads them. */
export interface WordMemory {
  total: number;
  words: ReadonlyMap<string, number>;
  pairs: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** the words in code-unit order, with their counts: the words with a typed prefix are one range */
  sorted: readonly string[];
  sortedCounts: Float64Array;
}

export interface MemoryFile {
  version: 1;
  total: number;
  words: Record<string, number>;
  /** previous word → the words after it, with counts */
  pairs: Record<string, Record<string, number>>;
}

export function buildMemory(docs: ReadonlyArray<{ sentences: string[][] }>, minCount = 2, maxWords = 20_000, maxPairs = 60_000): MemoryFile {
  const words = new Map<string, number>();
  const pairs = new Map<string, number>();
  let total = 0;
  for (const d of docs)
    for (const s of d.sentences)
      s.forEach((w, i) => {
        words.set(w, (words.get(w) ?? 0) + 1);
        total++;
        if (i > 0) pairs.set(`${s[i - 1]}\u0000${w}`, (pairs.get(`${s[i - 1]}\u0000${w}`) ?? 0) + 1);
      });
  const keptWords = [...words]
    .filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1])
    .slice(0, maxWords);
  const keptPairs = [...pairs]
    .filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1])
    .slice(0, maxPairs);
  const file: MemoryFile = { version: 1, total, words: Object.fromEntries(keptWords), pairs: {} };
  for (const [key, c] of keptPairs) {
    const [prev, w] = key.split('\u0000');
    (file.pairs[prev] ??= {})[w] = c;
  }
  return file;
}

/** memory.json as the completer reads it (Maps: a word like "constructor" must not find Object.prototype's). */
export function memoryOf(file: MemoryFile): WordMemory {
  const sorted = Object.keys(file.words).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    total: file.total,
    sorted,
    sortedCounts: Float64Array.from(sorted, (w) => file.words[w]),
    words: new Map(Object.entries(file.words)),
    pairs: new Map(Object.entries(file.pairs).map(([prev, next]) => [prev, new Map(Object.entries(next))])),
  };
}

/** The range [lo, hi) of `sorted` whose words start with `prefix` (binary search: the range is contiguous). */
export function prefixRange(sorted: readonly string[], prefix: string): [number, number] {
  const first = (key: string) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // every word with the prefix sorts before prefix + the highest code unit
  return [first(prefix), first(prefix + '\uffff')];
}

// Word <-> id. Id 0 is padding (the Embedding layers use maskZero), id 1 is <unk>.

export const PAD = '<pad>';
export const UNK = '<unk>';
export const EOS = '<eos>';

export class Vocabulary {
  readonly words: readonly string[];
  private readonly ids = new Map<string, number>();
  readonly unkId: number;

  constructor(words: readonly string[]) {
    if (words[0] !== PAD || words[1] !== UNK) {
      throw new Error(`a vocabulary must start with "${PAD}", "${UNK}" (found ${JSON.stringify(words.slice(0, 2))})`);
    }
    this.words = words;
    words.forEach((w, i) => this.ids.set(w, i));
    this.unkId = 1;
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
    return this.unkId;
  }

  word(id: number): string {
    return this.words[id] ?? UNK;
  }

  encode(words: readonly string[]): Int32Array {
    return Int32Array.from(words, (w) => this.id(w));
  }

  /** Builds a vocabulary from token counts: specials first, then by frequency, ties by spelling. */
  static fromCounts(counts: Map<string, number>, maxSize: number, specials: string[] = [PAD, UNK], minCount = 1): Vocabulary {
    const ranked = [...counts.entries()]
      .filter(([w, c]) => c >= minCount && !specials.includes(w))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, Math.max(0, maxSize - specials.length))
      .map(([w]) => w);
    return new Vocabulary([...specials, ...ranked]);
  }
}

// Training sentences made new for distillation, as Tang et al. (2019, "Distilling Task-Specific
// Knowledge from BERT into Simple Neural Networks", §3.2) make them: each word, with probability
// p_mask, becomes <unk> (their [MASK]); else, with p_pos, a word of the same part of speech drawn
// by frequency; then, with p_ng, only an n-gram of the result (n from 1 to 5) is kept. The
// teachers label what comes out, so the words need not keep the sentence's sentiment.

import { Rng } from '../core/random';
import { UNK } from '../core/text/vocabulary';
import { forEachTaggedWord } from './brown-data';

export interface AugmentOptions {
  pMask: number;
  pPos: number;
  pNgram: number;
}

export const TANG_2019: AugmentOptions = { pMask: 0.1, pPos: 0.1, pNgram: 0.25 };

/** Words by part of speech: each word's most frequent Brown tag, and each tag's words with their counts. */
export interface PartsOfSpeech {
  tagOf: ReadonlyMap<string, string>;
  words: ReadonlyMap<string, { words: string[]; cumulative: Float64Array }>;
}

/** From tagged word counts (the Brown corpus: partsOfSpeech()); tags compared by their first two letters. */
export function partsOfSpeechFrom(counts: ReadonlyMap<string, ReadonlyMap<string, number>>): PartsOfSpeech {
  const tagOf = new Map<string, string>();
  const byTag = new Map<string, Array<[string, number]>>();
  for (const [word, tags] of counts) {
    let best = '';
    let n = 0;
    let total = 0;
    for (const [tag, c] of tags) {
      total += c;
      if (c > n) [best, n] = [tag, c];
    }
    tagOf.set(word, best);
    byTag.set(best, [...(byTag.get(best) ?? []), [word, total]]);
  }
  const words = new Map<string, { words: string[]; cumulative: Float64Array }>();
  for (const [tag, list] of byTag) {
    let acc = 0;
    words.set(tag, { words: list.map(([w]) => w), cumulative: Float64Array.from(list, ([, c]) => (acc += c)) });
  }
  return { tagOf, words };
}

/** The Brown corpus's tagged words (lower-cased), for same-tag replacements. */
export function partsOfSpeech(): PartsOfSpeech {
  const counts = new Map<string, Map<string, number>>();
  forEachTaggedWord((word, fullTag) => {
    const tag = fullTag.slice(0, 2);
    if (!/^[a-z]/.test(tag)) return;
    const tags = counts.get(word) ?? new Map<string, number>();
    tags.set(tag, (tags.get(tag) ?? 0) + 1);
    counts.set(word, tags);
  });
  return partsOfSpeechFrom(counts);
}

function draw(list: { words: string[]; cumulative: Float64Array }, rng: Rng): string {
  const x = rng.next() * list.cumulative[list.cumulative.length - 1];
  let lo = 0;
  let hi = list.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list.cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return list.words[lo];
}

/** One new sentence from `tokens` (never empty when `tokens` is not). */
export function augment(tokens: readonly string[], rng: Rng, pos: PartsOfSpeech, o: AugmentOptions = TANG_2019): string[] {
  let out = tokens.map((w) => {
    const r = rng.next();
    if (r < o.pMask) return UNK;
    if (r < o.pMask + o.pPos) {
      const tag = pos.tagOf.get(w);
      const same = tag ? pos.words.get(tag) : undefined;
      if (same) return draw(same, rng);
    }
    return w;
  });
  if (out.length > 1 && rng.next() < o.pNgram) {
    const n = Math.min(out.length, 1 + rng.int(5));
    const start = rng.int(out.length - n + 1);
    out = out.slice(start, start + n);
  }
  return out;
}

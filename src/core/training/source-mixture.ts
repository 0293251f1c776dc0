// A training stream drawn from several sources by weight: pick a source with probability equal
// to its weight, then a stretch of it starting at a random sentence, until the epoch has its
// tokens. A language model trained on the concatenation of its sources would learn them in
// proportion to their sizes (78% PEPs, once); weights say what share of its reading each kind
// of writing gets, whatever its size.

import { Rng } from '../random';

export interface MixtureSource {
  name: string;
  /** token ids, each sentence followed by <eos> */
  ids: Int32Array;
  /** where sentences start in `ids` (a stretch begins at one of them) */
  starts: Int32Array;
  weight: number;
}

/** Sentence starts of an id stream: 0 and every position after an <eos>. */
export function sentenceStarts(ids: Int32Array, eos: number): Int32Array {
  const starts: number[] = ids.length ? [0] : [];
  for (let i = 0; i + 1 < ids.length; i++) if (ids[i] === eos) starts.push(i + 1);
  return Int32Array.from(starts);
}

/**
 * `tokens` ids drawn from the sources: each stretch `stretch` tokens (less where a source ends),
 * its source chosen by weight. Also returns how many tokens each source gave.
 */
export function sampleMixture(sources: MixtureSource[], tokens: number, stretch: number, rng: Rng): { ids: Int32Array; taken: Record<string, number> } {
  const usable = sources.filter((s) => s.weight > 0 && s.ids.length > 0);
  if (!usable.length) throw new Error('a mixture needs at least one source with a weight and some text');
  const total = usable.reduce((s, x) => s + x.weight, 0);
  const out = new Int32Array(tokens);
  const taken: Record<string, number> = Object.fromEntries(sources.map((s) => [s.name, 0]));
  let n = 0;
  while (n < tokens) {
    let r = rng.next() * total;
    let source = usable[usable.length - 1];
    for (const s of usable) {
      if (r < s.weight) {
        source = s;
        break;
      }
      r -= s.weight;
    }
    const start = source.starts[rng.int(source.starts.length)];
    const length = Math.min(stretch, source.ids.length - start, tokens - n);
    out.set(source.ids.subarray(start, start + length), n);
    taken[source.name] += length;
    n += length;
  }
  return { ids: out, taken };
}

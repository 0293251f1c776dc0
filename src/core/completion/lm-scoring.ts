// Perplexity and next-word accuracy of a language model over a token stream, with the state
// carried from each token to the next: the protocol of `rnn-lens score-lm` and of the model cards.

import { LoadedModel } from '../model/model-bundle';
import { tokenizeFor } from '../text/model-tokenizer';
import { EOS } from '../text/vocabulary';

export interface LmScore {
  tokens: number;
  ppl: number;
  top1: number;
  top3: number;
  top5: number;
  /** top-k accuracy counting a word outside the vocabulary (an <unk> target) as a miss:
   *  comparable between models with different vocabularies */
  open: { top1: number; top3: number; top5: number };
}

/** Each line is a sentence followed by end-of-sentence; ids of the whole text as one stream. */
export function linesToStream(loaded: LoadedModel, text: string): Int32Array {
  const { vocabulary } = loaded;
  const eos = vocabulary.exact(EOS);
  if (eos < 0) throw new Error(`${loaded.card.id} has no ${EOS} token: not a language model`);
  const ids: number[] = [];
  for (const line of text.split(/\r?\n/)) {
    // as the model was trained: a Korean model reads hangul-1 pieces
    const words = tokenizeFor(loaded, line).map((t) => t.norm);
    if (!words.length) continue;
    for (const w of words) ids.push(vocabulary.id(w));
    ids.push(eos);
  }
  return Int32Array.from(ids);
}

/**
 * Scores every token of the stream given all before it (the first is predicted from <eos>, a
 * sentence start). Runs in chunks of `chunk` steps so memory stays bounded on long files.
 */
export function scoreStream(loaded: LoadedModel, stream: Int32Array, chunk = 256): LmScore {
  const { model, vocabulary } = loaded;
  const input = Int32Array.from([vocabulary.exact(EOS), ...stream.subarray(0, stream.length - 1)]);
  let states;
  let nll = 0,
    top1 = 0,
    top3 = 0,
    top5 = 0;
  const unknownHits = [0, 0, 0];
  for (let t0 = 0; t0 < input.length; t0 += chunk) {
    const T = Math.min(chunk, input.length - t0);
    const pass = model.forward(input.subarray(t0, t0 + T), T, 1, { initialStates: states });
    states = pass.finalStates;
    const out = pass.output;
    if (out.kind !== 'sequence') throw new Error(`${loaded.card.id} does not predict at every step: not a language model`);
    const V = out.dim;
    for (let t = 0; t < T; t++) {
      const y = stream[t0 + t];
      const py = out.data[t * V + y];
      nll -= Math.log(Math.max(py, 1e-30));
      let higher = 0;
      for (let j = 0; j < V && higher < 5; j++) if (out.data[t * V + j] > py) higher++;
      if (higher < 1) top1++;
      if (higher < 3) top3++;
      if (higher < 5) top5++;
      if (y === vocabulary.unkId) [1, 3, 5].forEach((k, i) => (unknownHits[i] += higher < k ? 1 : 0));
    }
  }
  const n = stream.length;
  return {
    tokens: n,
    ppl: Math.exp(nll / n),
    top1: top1 / n,
    top3: top3 / n,
    top5: top5 / n,
    open: { top1: (top1 - unknownHits[0]) / n, top3: (top3 - unknownHits[1]) / n, top5: (top5 - unknownHits[2]) / n },
  };
}

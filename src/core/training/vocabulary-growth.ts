// New words for a model that is being fine-tuned on someone's own text. Existing words keep their
// ids and their rows bit for bit; each new word is appended, and starts where the model already
// put it: at <unk>, which is how the model read and predicted the word until now. A language model's
// output row of a new word starts as <unk>'s, its bias lowered by log(the word's share of the
// user's unknown tokens), so the probability the model gave <unk> is shared among the words it
// stood for, in proportion to how often each occurs.

import { Dense } from '../layers/dense';
import { Embedding } from '../layers/embedding';
import { SequentialModel } from '../model/model';
import { UNK_ID, Vocabulary } from '../text/vocabulary';

export interface NewWord {
  word: string;
  count: number;
}

/**
 * Words of `counts` the vocabulary does not have, most frequent first: at least `minCount`
 * occurrences, at most `max` of them. Words with no letter or digit (punctuation runs) are left out.
 */
export function newWords(counts: ReadonlyMap<string, number>, vocabulary: Vocabulary, minCount: number, max: number): NewWord[] {
  return [...counts]
    .filter(([w, c]) => c >= minCount && !vocabulary.has(w) && /[\p{L}\p{N}]/u.test(w) && !w.startsWith('<'))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([word, count]) => ({ word, count }));
}

/** A fresh copy of a loaded model's weights, to train (the registry's copy stays untouched and resident). */
export function copyOf(model: SequentialModel): SequentialModel {
  return SequentialModel.fromTopology(
    model.topology(),
    model.namedWeights().map((w) => ({ ...w, values: Float32Array.from(w.values) })),
  );
}

export function growVocabulary(model: SequentialModel, vocabulary: Vocabulary, words: NewWord[]): { model: SequentialModel; vocabulary: Vocabulary } {
  if (!words.length) return { model, vocabulary };
  const V = vocabulary.size;
  const N = V + words.length;
  const grown = new Vocabulary([...vocabulary.words, ...words.map((w) => w.word)], vocabulary.options);

  const old = model.embedding;
  const E = old.outputDim;
  const table = new Float32Array(N * E);
  table.set(old.embeddings.value);
  const unkRow = old.embeddings.value.subarray(UNK_ID * E, (UNK_ID + 1) * E);
  for (let i = V; i < N; i++) table.set(unkRow, i * E);
  const layers = [...model.layers];
  layers[0] = new Embedding(old.name, N, E, old.maskZero, table);

  // a language model predicts over the vocabulary: its output layer grows too
  const out = model.outputLayer;
  if (out && out.units === V) {
    const I = out.inputDim;
    const kernel = new Float32Array(I * N);
    const k = out.kernel.value;
    for (let r = 0; r < I; r++) {
      kernel.set(k.subarray(r * V, (r + 1) * V), r * N);
      const unk = k[r * V + UNK_ID];
      kernel.fill(unk, r * N + V, (r + 1) * N);
    }
    let bias: Float32Array | null = null;
    if (out.bias) {
      bias = new Float32Array(N);
      bias.set(out.bias.value);
      const total = words.reduce((s, w) => s + w.count, 0);
      words.forEach((w, j) => (bias![V + j] = out.bias!.value[UNK_ID] + Math.log(w.count / total)));
    }
    layers[layers.length - 1] = new Dense(out.name, I, N, out.activation, kernel, bias);
  }
  return { model: new SequentialModel(layers), vocabulary: grown };
}

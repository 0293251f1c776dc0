// The trace is the forward pass: its numbers must be the ones that made the prediction.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadModelDir } from '../../src/core/model/model-bundle';
import { analyzeSentiment, EmptyInputError } from '../../src/core/sentiment/sentiment';
import { LanguageModelRunner } from '../../src/core/completion/language-model';
import { contextIds } from '../../src/core/completion/lm-context';
import { tokenize } from '../../src/core/text/tokenizer';
import { topPredictions, traceText } from '../../src/core/trace/trace';
import { tinyModelsRoot, trainTinySentiment } from './helpers/tiny-models';
import { inEnglish } from '../../src/core/messages';

const load = (id: string) => loadModelDir(path.join(tinyModelsRoot(), id));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

test('trace: one step per token, with the source text and offsets of each token', () => {
  const text = 'A great movie, NOT bad!';
  const t = traceText(load('tiny-sentiment-gru'), text);
  assert.deepEqual(
    t.tokens.map((x) => x.text),
    ['A', 'great', 'movie', ',', 'NOT', 'bad', '!'],
  );
  for (const tok of t.tokens) assert.equal(text.slice(tok.start, tok.end), tok.text);
  assert.equal(t.tokens.find((x) => x.text === ',')!.known, false);
  assert.equal(t.layers.length, 1);
  assert.equal(t.layers[0].steps.length, 7);
  assert.deepEqual(t.layers[0].gateNames, ['update', 'reset', 'candidate']);
});

test("trace: the last step's output is the model's prediction, and each step's is the prefix's", () => {
  const loaded = load('tiny-sentiment-gru');
  const text = 'the actors were not good';
  const t = traceText(loaded, text);
  const ids = t.tokens.map((x) => x.id);
  assert.ok(Math.abs(t.positive! - loaded.model.predict(ids)[0]) < 1e-6);
  t.outputs.forEach((o, i) => assert.ok(Math.abs(o.positive! - loaded.model.predict(ids.slice(0, i + 1))[0]) < 1e-5, `prefix ${i + 1}`));
  // GRU algebra holds on the traced numbers: h_t = z ⊙ h_{t-1} + (1 - z) ⊙ hh
  const steps = t.layers[0].steps;
  for (let s = 1; s < steps.length; s++) {
    for (let j = 0; j < t.layers[0].units; j++) {
      const z = steps[s].gates.update[j],
        hh = steps[s].gates.candidate[j];
      assert.ok(Math.abs(steps[s].h[j] - (z * steps[s - 1].h[j] + (1 - z) * hh)) < 1e-5);
    }
  }
});

test('trace of a max-pooling model: each step shows the prediction for its prefix', () => {
  const { model, vocabulary } = trainTinySentiment('gru', false, 1, { pooling: 'max', epochs: 30 });
  const loaded = { ...load('tiny-sentiment-gru'), model, vocabulary };
  const t = traceText(loaded, 'the actors were not good but great fun');
  const ids = t.tokens.map((x) => x.id);
  assert.ok(Math.abs(t.positive! - model.predict(ids)[0]) < 1e-6);
  t.outputs.forEach((o, i) => assert.ok(Math.abs(o.positive! - model.predict(ids.slice(0, i + 1))[0]) < 1e-5, `prefix ${i + 1}`));
  assert.ok(new Set(t.outputs.map((o) => o.positive)).size > 2, 'the prediction moves along the sentence');
});

test('trace of a bidirectional model: both halves per token, aligned to text order', () => {
  const loaded = load('tiny-sentiment-bigru');
  const t = traceText(loaded, 'not bad at all');
  assert.deepEqual(
    t.layers.map((l) => l.direction),
    ['forward', 'backward'],
  );
  const [fwd, bwd] = t.layers;
  // the model's decision reads the forward half after the last token and the backward half after the first
  const dense = loaded.model.outputLayer!;
  const features = [...fwd.steps[3].h, ...bwd.steps[0].h];
  let z = dense.bias!.value[0];
  features.forEach((v, i) => (z += v * dense.kernel.value[i]));
  assert.ok(Math.abs(sigmoid(z) - t.positive!) < 1e-5);
  assert.ok(Math.abs(t.outputs[1].positive! - loaded.model.predict([t.tokens[0].id, t.tokens[1].id])[0]) < 1e-6);
});

test('trace of an LSTM language model: cell state, four gates, top-5 next words per step', () => {
  const t = traceText(load('tiny-lm-lstm'), 'the cat sat on the');
  const layer = t.layers[0];
  assert.deepEqual(layer.gateNames, ['input', 'forget', 'candidate', 'output']);
  for (const step of layer.steps) {
    for (let j = 0; j < layer.units; j++) assert.ok(Math.abs(step.h[j] - step.gates.output[j] * Math.tanh(step.c![j])) < 1e-5);
  }
  // <eos> first, as the completer reads it, then one step per word
  assert.deepEqual(
    t.tokens.map((x) => x.text),
    ['<eos>', 'the', 'cat', 'sat', 'on', 'the'],
  );
  assert.equal(t.outputs.length, 6);
  assert.equal(t.outputs[2].next!.length, 5);
  // the text has "the cat sat" and "the cat saw" as often: which one wins is up to the rounding of training
  assert.deepEqual(
    t.outputs[2]
      .next!.slice(0, 2)
      .map((n) => n.word)
      .sort(),
    ['sat', 'saw'],
    'after "the cat" come "sat" and "saw"',
  );
});

test("a language model's trace reads <eos> where the ghost text does, and predicts what the ghost text is built from", () => {
  const loaded = load('tiny-lm-lstm');
  const text = 'the cat sat on the mat. The dog sat on the rug. ';
  const t = traceText(loaded, text);
  const eos = t.tokens.flatMap((x, i) => (x.endOfSentence ? [i] : []));
  // before the first sentence and after each finished one: a column of its own, at the sentence's end
  assert.deepEqual(eos, [0, 8, 16]);
  assert.deepEqual([t.tokens[8].start, t.tokens[8].end], [text.indexOf('.') + 1, text.indexOf('.') + 1]);
  assert.ok(t.tokens.filter((x) => !x.endOfSentence).every((x) => text.slice(x.start, x.end) === x.text));
  // the trace's ids are the completer's context, and its last predictions are the network's part of the ghost text
  const tokens = tokenize(text);
  const { ids, ended } = contextIds(text, tokens, loaded.vocabulary);
  assert.ok(ended);
  assert.deepEqual(
    t.tokens.map((x) => x.id),
    ids,
  );
  const runner = new LanguageModelRunner(loaded);
  const probs = runner.distribution(runner.stateAfter(ids)!);
  assert.deepEqual(t.outputs.at(-1)!.next, topPredictions(probs, loaded.vocabulary, 5));
  // without the sentence's end the trace would read "rug" + "the" as one sentence: the <eos> step changes the state
  assert.notDeepEqual(t.layers[0].steps[16].h, t.layers[0].steps[15].h);
  // a cut trace reads the text up to the first token left out, and is no longer than asked
  const cut = traceText(loaded, text, { maxTokens: 9 });
  assert.equal(cut.tokens.length, 9);
  assert.deepEqual(
    cut.tokens.map((x) => x.id),
    ids.slice(0, 9),
  );
});

test('sentiment: sentences are classified each on their own, with a verdict over all', () => {
  const loaded = load('tiny-sentiment-gru');
  const r = analyzeSentiment(loaded, 'A great movie. An awful film! I loved it.');
  assert.deepEqual(
    r.sentences.map((s) => s.label),
    ['positive', 'negative', 'positive'],
  );
  assert.deepEqual(
    r.sentences.map((s) => s.text),
    ['A great movie.', 'An awful film!', 'I loved it.'],
  );
  assert.equal(r.label, 'positive');
  assert.throws(() => analyzeSentiment(loaded, '   \n\t '), EmptyInputError);
  // no verdict without evidence: unknown words give no label, and say why
  const unknown = analyzeSentiment(loaded, 'zxq vbn plm');
  assert.equal(unknown.label, null);
  assert.match(inEnglish(unknown.reason!), /knows too few of these words to judge \(0 of its 3 words/);
  assert.equal(unknown.unknown, 3);
  // a sentence it cannot read gets no verdict of its own, and does not sway the others
  const mixed = analyzeSentiment(loaded, 'A great movie. I loved it. Zxq vbn.');
  assert.deepEqual(
    mixed.sentences.map((s) => s.label),
    ['positive', 'positive', null],
  );
  assert.equal(mixed.label, 'positive');
  assert.match(inEnglish(mixed.sentences[2].reason!), /0 of its 2 words/);
  assert.ok(mixed.positive > 0.5);
});

test('long text is read in chunks that end at line breaks or sentence ends, so no sentence is cut in two', async () => {
  const { textChunks, analyzeLongText } = await import('../../src/core/sentiment/long-text');
  const sentence = 'A great movie. ';
  const text = sentence.repeat(5000); // one line of 75,000 characters
  const chunks = textChunks(text, 20_000);
  assert.ok(chunks.length >= 4);
  assert.equal(chunks.map((c) => c.text).join(''), text);
  for (const c of chunks) assert.ok(c.text.endsWith('. ') || c.offset + c.text.length === text.length);
  const r = analyzeLongText(load('tiny-sentiment-gru'), text)!;
  assert.equal(r.sentences.length, 5000);
  assert.ok(r.sentences.every((s) => text.slice(s.start, s.end) === 'A great movie.'));
  let stopped = 0;
  assert.equal(
    analyzeLongText(load('tiny-sentiment-gru'), text, () => ++stopped < 2),
    undefined,
    'stops when asked',
  );
  assert.equal(stopped, 2);
});

test('many sequences read as length-bucketed batches give the probabilities of reading each alone', async () => {
  const { positiveProbabilities, positiveProbability } = await import('../../src/core/sentiment/sentiment');
  const { encodeTokens } = await import('../../src/core/text/vocabulary');
  const { tokenize } = await import('../../src/core/text/tokenizer');
  for (const id of ['tiny-sentiment-gru', 'tiny-sentiment-bigru']) {
    const loaded = load(id);
    const texts = [
      'a great movie',
      'bad',
      'i hated it , an awful film and a bad one',
      'not bad',
      'the actors were good but the film was boring and bad',
      'great fun',
    ];
    const seqs = texts.map((t) => ({ ids: encodeTokens(tokenize(t), loaded.vocabulary) }));
    const batched = positiveProbabilities(loaded.model, seqs, 4);
    seqs.forEach((s, i) => assert.ok(Math.abs(batched[i] - positiveProbability(loaded, s.ids)) <= 1e-5, `${id}: "${texts[i]}"`));
  }
});

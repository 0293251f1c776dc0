// Every committed model: loads in stock TensorFlow.js (tf.loadLayersModel) and the engine agrees
// with tf's model.predict within 1e-5 on sentences it was never shown; cards match the files.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { directoryBytes, listModels, loadModelDir } from '../../src/core/model/model-bundle';
import { readModelJsonFile } from '../../src/core/model/model-files';
import { tokenize } from '../../src/core/text/tokenizer';
import { languageOf, tokenizeFor } from '../../src/core/text/model-tokenizer';
import { encodeTokens } from '../../src/core/text/vocabulary';
import { loadTfjsModelDir, maxAbsDiff, tf } from './helpers/tfjs';
import { decisionReach, nearestWords, tokenAttribution } from '../../src/core/trace/analysis';
import { analyzeSentiment } from '../../src/core/sentiment/sentiment';
import { readHandWritten } from '../../src/lab/sentiment-data';
import { measuredQuality } from '../../src/core/model/model-quality';

const MODELS = path.resolve(__dirname, '../../models');
const SENTENCES = ['The movie was not good, although the first half was brilliant.', 'Great phone, battery lasts forever 😀', "I wouldn't buy it again."];
const KOREAN_SENTENCES = ['초반은 좋았는데 갈수록 지루해지는 영화', '배우들 연기 최고!! ㅋㅋㅋ 10점 드립니다', '돈이 아깝다;; 다시는 안 봄 ㅠㅠ'];

const bundled = listModels(MODELS);

test('the bundled models are all there: four English and two Korean sentiment models, two English language models and a Korean one', () => {
  const ids = bundled.map((m) => m.card.id).sort();
  assert.deepEqual(ids, [
    'lm-gru',
    'lm-ko-lstm',
    'lm-lstm',
    'sentiment-bilstm',
    'sentiment-gru',
    'sentiment-ko-gru',
    'sentiment-ko-lstm',
    'sentiment-lstm',
    'sentiment-simple-rnn',
  ]);
  // a default per language
  assert.equal(bundled.filter((m) => m.card.task === 'sentiment' && m.card.default && languageOf(m.card) === 'en').length, 1);
  assert.equal(bundled.filter((m) => m.card.task === 'sentiment' && m.card.default && languageOf(m.card) === 'ko').length, 1);
  for (const language of ['en', 'ko'] as const)
    assert.equal(
      bundled.filter((m) => m.card.task === 'language-model' && m.card.default && languageOf(m.card) === language).length,
      1,
      `one ${language} language model by default`,
    );
  // a model's folder, and once each word table its models share (models/<table>/)
  const folderBytes = (dir: string) => fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0);
  const bytes = (task?: string, language?: 'en' | 'ko') => {
    const models = bundled.filter((m) => (!task || m.card.task === task) && (!language || languageOf(m.card) === language));
    const tables = new Set(models.flatMap((m) => (m.card.embeddingTable ? [path.join(MODELS, m.card.embeddingTable)] : [])));
    return [...models.map((m) => m.dir), ...tables].reduce((n, dir) => n + folderBytes(dir), 0);
  };
  // the budgets (ARCHITECTURE.md, "Budgets"): English language models 9 MB together, English sentiment 4 MB, Korean 6 MB, all models 19 MB
  assert.ok(bytes('language-model', 'en') <= 9e6, `English language models take ${bytes('language-model', 'en')} bytes, over 9 MB`);
  assert.ok(bytes('sentiment', 'en') <= 4e6, `English sentiment models take ${bytes('sentiment', 'en')} bytes, over 4 MB`);
  // Korean: the sentiment models and the language model together
  assert.ok(bytes(undefined, 'ko') <= 6e6, `Korean models take ${bytes(undefined, 'ko')} bytes, over 6 MB`);
  assert.ok(bytes() <= 19e6, `all models take ${bytes()} bytes, over 19 MB`);
  // every folder under models/ is a model or a table a model shares: nothing on disk is left over
  const used = new Set([...bundled.map((m) => m.dir), ...bundled.flatMap((m) => (m.card.embeddingTable ? [path.join(MODELS, m.card.embeddingTable)] : []))]);
  for (const d of fs.readdirSync(MODELS, { withFileTypes: true }))
    if (d.isDirectory()) assert.ok(used.has(path.join(MODELS, d.name)), `models/${d.name} is not used`);
});

for (const { dir, card } of bundled) {
  test(`${card.id}: stock tfjs loads it and the engine agrees with model.predict`, async () => {
    const loaded = loadModelDir(dir);
    const reference = await loadTfjsModelDir(dir);
    for (const s of languageOf(card) === 'ko' ? KOREAN_SENTENCES : SENTENCES) {
      const ids = Array.from(encodeTokens(tokenizeFor(loaded, s), loaded.vocabulary));
      const expected = (reference.predict(tf.tensor2d([ids], [1, ids.length], 'float32')) as tf.Tensor).dataSync();
      const out = loaded.model.forward(Int32Array.from(ids), ids.length, 1).output;
      assert.notEqual(out.kind, 'ids');
      const actual = out.kind === 'ids' ? [] : out.data;
      const diff = maxAbsDiff(actual, expected);
      assert.ok(diff < 1e-5, `${s}: max difference ${diff}`);
    }
    assert.equal(card.parameters, loaded.model.parameterCount);
    assert.equal(card.bytes, directoryBytes(dir));
    assert.ok(readModelJsonFile(path.join(dir, 'model.json')).modelJson.weightsManifest[0].weights.every((w) => w.quantization?.dtype === 'uint8'));
    assert.ok(Object.keys(card.metrics).length > 0, 'the card reports measured metrics');
  });
}

test('the vanishing gradient is visible: going back through a long sentence, the SimpleRNN’s state gradient fades more than the LSTM’s', () => {
  const text =
    'The movie was not good, although the first half was brilliant, the music was lovely, the costumes were gorgeous and the actors tried very hard to save a script that had nothing to say.';
  const reach = (id: string) => {
    const loaded = loadModelDir(path.join(MODELS, id));
    const reach = decisionReach(tokenAttribution(loaded, Array.from(encodeTokens(tokenize(text), loaded.vocabulary))));
    return reach[0] / Math.max(...reach);
  };
  const simple = reach('sentiment-simple-rnn');
  const lstm = reach('sentiment-lstm');
  assert.ok(simple < lstm, `state gradient at the first token relative to the largest: SimpleRNN ${simple.toFixed(3)}, LSTM ${lstm.toFixed(3)}`);
});

// Raw text the default model never trained on (data/everyday): everyday sentences, and negation
// both ways ("Not bad at all." positive, "I wasn't impressed." negative) — a model that reads
// "not" as a negative word scores 50% on the probes.
test('the default sentiment model reads raw everyday text and negation', () => {
  const { dir } = bundled.find((m) => m.card.task === 'sentiment' && m.card.default && languageOf(m.card) === 'en')!;
  const loaded = loadModelDir(dir);
  const accuracy = (set: 'everyday' | 'negation') => {
    const data = readHandWritten(set);
    const wrong = data.filter((t) => (analyzeSentiment(loaded, t.text).positive >= 0.5 ? 1 : 0) !== t.label);
    return { accuracy: 1 - wrong.length / data.length, wrong: wrong.map((t) => t.text) };
  };
  const everyday = accuracy('everyday');
  assert.ok(everyday.accuracy >= 0.85, `everyday ${everyday.accuracy}: ${everyday.wrong.join(' | ')}`);
  const negation = accuracy('negation');
  assert.ok(negation.accuracy >= 0.75, `negation ${negation.accuracy}: ${negation.wrong.join(' | ')}`);
});

// What the inspector's Embeddings tab lists for a word (nearestWords, 12 of them). Started from
// GloVe, a word sits among its kind, also one SST-2 never has: the model learned from SST-2
// alone had "excellent" beside "tavernier", "sensitive", "freedom" and "skies".
test('the Embeddings tab: the default English model places "excellent" among positive adjectives and "defective" beside "faulty"', () => {
  const { dir } = bundled.find((m) => m.card.task === 'sentiment' && m.card.default && languageOf(m.card) === 'en')!;
  const loaded = loadModelDir(dir);
  const nearest = (word: string) => nearestWords(loaded, loaded.vocabulary.exact(word), 12).map((n) => n.word);
  const POSITIVE = [
    'terrific',
    'outstanding',
    'superb',
    'brilliant',
    'exceptional',
    'impressive',
    'wonderful',
    'fantastic',
    'great',
    'good',
    'fine',
    'finest',
    'solid',
    'best',
    'marvelous',
    'splendid',
    'exquisite',
    'remarkable',
    'magnificent',
    'amazing',
    'perfect',
    'charming',
    'fascinating',
    'likable',
    'delightful',
    'sublime',
    'dazzling',
    'hilarious',
    'engrossing',
    'enjoyable',
  ];
  const NEGATIVE = [
    'bad',
    'awful',
    'terrible',
    'horrible',
    'poor',
    'boring',
    'dull',
    'stupid',
    'worst',
    'mediocre',
    'faulty',
    'junk',
    'unusable',
    'lame',
    'pointless',
  ];
  const excellent = nearest('excellent');
  assert.ok(excellent.filter((w) => POSITIVE.includes(w)).length >= 3, `nearest to "excellent": ${excellent.join(', ')}`);
  assert.deepEqual(
    excellent.filter((w) => NEGATIVE.includes(w)),
    [],
    `nearest to "excellent": ${excellent.join(', ')}`,
  );
  const defective = nearest('defective');
  assert.ok(
    ['faulty', 'broken', 'unusable', 'damaged', 'malfunctioning', 'junk'].some((w) => defective.slice(0, 5).includes(w)),
    `nearest to "defective": ${defective.join(', ')}`,
  );
});

// Korean reviews written for this test (never in NSMC): clear opinions, typed as people type them
// (no spacing rules, ㅋㅋ, ㅠㅠ, scores), mixed with English words.
const KOREAN_REVIEWS: Array<[string, 0 | 1]> = [
  ['진짜 재밌게 봤어요 배우들 연기 최고', 1],
  ['올해 본 영화 중에 제일 감동적이었다ㅠㅠ 강추', 1],
  ['OST도 좋고 영상미가 미쳤음 10점', 1],
  ['가족이랑 보기 딱 좋은 따뜻한 영화네요', 1],
  ['시간 가는 줄 모르고 봤습니다 또 보고 싶어요', 1],
  ['돈 아깝다 진짜 최악', 0],
  ['스토리가 너무 지루해서 중간에 잤음', 0],
  ['연기도 어색하고 CG도 조잡함 1점도 아깝다', 0],
  ['기대했는데 실망이 너무 크네요', 0],
  ['이걸 영화라고 만들었냐 ㅡㅡ', 0],
];

test('the Korean default reads Korean reviews it never saw, and English words in them do not confuse it', () => {
  const { dir } = bundled.find((m) => m.card.task === 'sentiment' && m.card.default && languageOf(m.card) === 'ko')!;
  const loaded = loadModelDir(dir);
  const wrong = KOREAN_REVIEWS.filter(([text, label]) => (analyzeSentiment(loaded, text).positive >= 0.5 ? 1 : 0) !== label);
  assert.ok(wrong.length <= 1, `wrong on ${wrong.map(([t]) => t).join(' / ')}`);
  // every piece of these reviews is known: the vocabulary covers everyday Korean
  for (const [text] of KOREAN_REVIEWS) assert.equal(analyzeSentiment(loaded, text).label === null, false, text);
});

test("every bundled model's card gives the pickers a measured number: test accuracy, or the ghost text's keystroke savings", () => {
  for (const { card } of bundled) {
    const phrase = measuredQuality(card);
    if (card.task === 'language-model' && languageOf(card) === 'ko') {
      const savings = (card.metrics as { ghostText: Record<string, { savings: number }> }).ghostText['Python docs (ko)'].savings;
      assert.equal(phrase, `ghost text saves ${(100 * savings).toFixed(1)}% of keystrokes (held-out Korean Python docs, dubeolsik)`, card.id);
    } else if (card.task === 'language-model') {
      const savings = (card.metrics as { ghostText: Record<string, { savings: number }> }).ghostText['technical prose'].savings;
      assert.equal(phrase, `ghost text saves ${(100 * savings).toFixed(1)}% of keystrokes (held-out technical prose)`, card.id);
    } else assert.match(phrase, languageOf(card) === 'ko' ? /^NSMC test \d+\.\d%$/ : /^SST-2 test \d+\.\d%$/, card.id);
  }
  // a model trained on the user's text: measured on the files it held out; a card without a measure: nothing
  const trained = { ...bundled[0].card, metrics: { heldOut: { after: { savings: 0.171, perplexity: 80 } } } };
  assert.equal(measuredQuality(trained), 'ghost text saves 17.1% of keystrokes (your held-out files)');
  assert.equal(measuredQuality({ ...bundled[0].card, metrics: {} }), '');
});

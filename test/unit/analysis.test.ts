// The deeper inspector's numbers on real traces: unit statistics, LSTMVis selection, gate
// saturation, token attribution (engine gradient checked against TensorFlow.js autodiff, and
// occlusion), nearest words and PCA, CSV export.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  embeddingPca,
  gateSaturation,
  nearestWords,
  Occlusion,
  selectUnits,
  stepValues,
  tokenAttribution,
  traceToCsv,
  unitStats,
} from '../../src/core/trace/analysis';
import { loadModelDir } from '../../src/core/model/model-bundle';
import { traceText } from '../../src/core/trace/trace';
import { tf, tfjsFrom } from './helpers/tfjs';
import { tinyModelsRoot, trainTinySentiment } from './helpers/tiny-models';

const load = (id: string) => loadModelDir(path.join(tinyModelsRoot(), id));

test('unit statistics: variance and correlation with the output, from the trace values', () => {
  const t = traceText(load('tiny-sentiment-gru'), 'a great movie but the actors were bad and boring');
  const layer = t.layers[0];
  const stats = unitStats(
    layer,
    'h',
    t.outputs.map((o) => o.positive),
  );
  assert.equal(stats.length, layer.units);
  const u = 3;
  const xs = layer.steps.map((s) => s.h[u]);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(Math.abs(stats[u].variance - xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) < 1e-9);
  for (const s of stats) assert.ok(s.correlation >= -1 - 1e-9 && s.correlation <= 1 + 1e-9);
  // a unit perfectly tracking the output correlates at 1
  const fake = { ...layer, units: 1, steps: layer.steps.map((_, i) => ({ h: Float32Array.of(t.outputs[i].positive! * 2 - 1), gates: {} })) };
  assert.ok(
    Math.abs(
      unitStats(
        fake,
        'h',
        t.outputs.map((o) => o.positive),
      )[0].correlation - 1,
    ) < 1e-9,
  );
});

test('select view: units on across the chosen tokens, ranked by how rarely they fire elsewhere', () => {
  const t = traceText(load('tiny-sentiment-gru'), 'i loved it but it was bad');
  const layer = t.layers[0];
  const picked = selectUnits(layer, 'gate:update', 1, 2, 0.3);
  for (const p of picked) for (const tok of [1, 2]) assert.ok(stepValues(layer, 'gate:update', tok)[p.unit] >= 0.3);
  for (let i = 1; i < picked.length; i++) assert.ok(picked[i].outside >= picked[i - 1].outside);
  const all = selectUnits(layer, 'gate:update', 0, 0, -1);
  assert.equal(all.length, layer.units, 'a threshold below every value selects every unit');
});

test('gate saturation: fractions of steps below 0.1 and above 0.9 per unit and gate', () => {
  const t = traceText(load('tiny-lm-lstm'), 'the cat sat on the mat . the dog sat on the rug .');
  const layer = t.layers[0];
  const sat = gateSaturation(layer);
  assert.deepEqual(Object.keys(sat[0].gates), ['input', 'forget', 'output']);
  const u = 5;
  const expectedHigh = layer.steps.filter((s) => s.gates.forget[u] > 0.9).length / layer.steps.length;
  assert.equal(sat[u].gates.forget.high, expectedHigh);
  for (const s of sat) for (const g of Object.values(s.gates)) assert.ok(g.low + g.high <= 1);
});

test('token attribution: engine gradients equal TensorFlow.js autodiff; occlusion re-runs the model', async () => {
  const loaded = load('tiny-sentiment-gru');
  const ids = Array.from(loaded.vocabulary.encode(['the', 'actors', 'were', 'not', 'good']));
  const a = tokenAttribution(loaded, ids);
  const ref = await tfjsFrom(loaded.model.topology(), loaded.model.namedWeights());
  const embedded = ref.layers[0].apply(tf.tensor2d([ids], [1, ids.length], 'float32')) as tf.Tensor;
  const grad = tf.grad((x: tf.Tensor) => {
    let y = x;
    for (const layer of ref.layers.slice(1)) y = layer.apply(y) as tf.Tensor;
    return y.sum();
  })(embedded);
  const g = grad.arraySync() as number[][][];
  g[0].forEach((row, t) => {
    const expected = Math.hypot(...row) / (a.positive * (1 - a.positive)); // tf: d(prob), engine: d(logit)
    assert.ok(Math.abs(a.gradient[t] - expected) < 1e-4 * Math.max(1, expected), `token ${t}: ${a.gradient[t]} vs ${expected}`);
  });
  // the state gradient after the last token is d(logit)/d(h_T): the output layer's weights
  const w = loaded.model.outputLayer!.kernel.value;
  assert.ok(Math.abs(a.stateGradient[ids.length - 1] - Math.hypot(...w)) < 1e-5);
  assert.equal(a.stateGradient.length, ids.length);
  const copy = [...ids];
  copy[3] = loaded.vocabulary.unkId;
  assert.ok(Math.abs(a.occlusion![3] - (loaded.model.predict(copy)[0] - a.positive)) < 1e-6);
});

test('occlusion: resuming from the states before each token gives what a full re-run gives, for every architecture', () => {
  const words = ['the', 'actors', 'were', 'not', 'good', 'but', 'the', 'story', 'was', 'great', 'fun'];
  const cases: Array<[string, Parameters<typeof trainTinySentiment>, boolean]> = [
    ['two-layer LSTM', ['lstm', false, 3, { depth: 2, epochs: 3 }], true],
    // a backward half or a running max needs the whole text again
    ['bidirectional GRU', ['gru', true, 3, { epochs: 3 }], false],
    ['max-pooling GRU', ['gru', false, 3, { pooling: 'max', epochs: 3 }], false],
  ];
  for (const [name, args, resumes] of cases) {
    const { model, vocabulary } = trainTinySentiment(...args);
    const loaded = { model, vocabulary, card: { id: name } } as unknown as ReturnType<typeof load>;
    const ids = Array.from(vocabulary.encode(words));
    const occluder = new Occlusion(loaded, ids);
    assert.equal(occluder.resumes, resumes, name);
    assert.ok(Math.abs(occluder.positive - model.predict(ids)[0]) < 1e-6, name);
    const changes = ids.map((_, t) => {
      const copy = [...ids];
      copy[t] = vocabulary.unkId;
      const expected = model.predict(copy)[0] - occluder.positive;
      const got = occluder.at(t);
      assert.ok(Math.abs(got - expected) < 1e-5, `${name}, token ${t}: ${got} vs ${expected}`);
      return got;
    });
    assert.ok(
      changes.some((c) => Math.abs(c) > 1e-4),
      `${name}: occluding a word changes the output`,
    );
  }
});

test('occlusion is skipped, and says up to how many tokens it runs, on texts longer than asked for', () => {
  const loaded = load('tiny-sentiment-gru');
  const ids = Array.from(loaded.vocabulary.encode(['the', 'actors', 'were', 'not', 'good']));
  const short = tokenAttribution(loaded, ids, { occlusionTokens: 5 });
  assert.equal(short.occlusion!.length, 5);
  const long = tokenAttribution(loaded, ids, { occlusionTokens: 4 });
  assert.equal(long.occlusion, null);
  assert.equal(long.occlusionLimit, 4);
  assert.deepEqual(long.gradient, short.gradient, 'the gradient does not depend on it');
});

test("a stacked model: the reach of every layer; after the last token the lower layer's equals tfjs autodiff", async () => {
  const { model, vocabulary } = trainTinySentiment('gru', false, 4, { depth: 2, epochs: 10 });
  const loaded = { model, vocabulary, card: { id: 'tiny-gru2' } } as unknown as ReturnType<typeof load>;
  const ids = Array.from(vocabulary.encode(['the', 'actors', 'were', 'not', 'good', 'at', 'all']));
  const a = tokenAttribution(loaded, ids);
  assert.deepEqual(
    a.stateGradientByLayer.map((l) => l.layer),
    ['gru', 'gru_1'],
  );
  assert.deepEqual(a.stateGradientByLayer[1].norms, a.stateGradient, 'the top layer is the one the single-layer view shows');
  const lower = a.stateGradientByLayer[0].norms;
  assert.equal(lower.length, ids.length);
  assert.notDeepEqual(lower, a.stateGradient);
  // after the last token the lower state reaches the output only through the upper layer's last step
  const ref = await tfjsFrom(model.topology(), model.namedWeights());
  const gruAt = ref.layers.findIndex((l) => l.name === 'gru');
  let x = tf.tensor2d([ids], [1, ids.length], 'float32') as tf.Tensor;
  for (const layer of ref.layers.slice(0, gruAt + 1)) x = layer.apply(x) as tf.Tensor;
  const g = tf
    .grad((h: tf.Tensor) => {
      let y = h;
      for (const layer of ref.layers.slice(gruAt + 1)) y = layer.apply(y) as tf.Tensor;
      return y.sum();
    })(x)
    .arraySync() as number[][][];
  const expected = Math.hypot(...g[0][ids.length - 1]) / (a.positive * (1 - a.positive));
  assert.ok(Math.abs(lower[ids.length - 1] - expected) < 1e-4 * Math.max(1, expected), `${lower[ids.length - 1]} vs ${expected}`);
});

test('embeddings: nearest words by cosine, a 2-D PCA, and CSV export of a trace', () => {
  const loaded = load('tiny-sentiment-gru');
  const near = nearestWords(loaded, loaded.vocabulary.exact('good'), 5);
  assert.equal(near.length, 5);
  for (let i = 1; i < near.length; i++) assert.ok(near[i].cosine <= near[i - 1].cosine);
  assert.ok(!near.some((n) => n.word === 'good'));
  const pca = embeddingPca(loaded, 20);
  assert.ok(pca.length >= 15);
  const xs = pca.map((p) => p.x);
  assert.ok(Math.abs(xs.reduce((a, b) => a + b, 0) / xs.length) < 1e-6, 'projections are centred');
  const varX = xs.reduce((a, b) => a + b * b, 0),
    varY = pca.reduce((a, p) => a + p.y * p.y, 0);
  assert.ok(varX >= varY - 1e-9, 'the first component carries the most variance');
  const csv = traceToCsv(traceText(loaded, 'great, "fun"'));
  const lines = csv.trim().split('\n');
  assert.equal(lines[0], 'layer,direction,quantity,token_index,token,unit,value');
  assert.equal(lines.length - 1, 5 * 8 * 4, '5 tokens × 8 units × (h + 3 gates)');
  assert.ok(lines.some((l) => l.includes('"""'))); // the quote token is escaped
});

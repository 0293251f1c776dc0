// The trainer: losses and the sampled softmax against finite differences, sparse embedding
// updates, reproducibility from a seed, and that training actually learns.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Dense } from '../../src/core/layers/dense';
import type { RecurrentState } from '../../src/core/layers/layer';
import { Adam } from '../../src/core/training/adam';
import {
  lmBatch,
  lmTrainBatch,
  NegativeSampler,
  perplexityRows,
  rowsNll,
  sampledSoftmax,
  streamPerplexity,
  streamRows,
  useLanguageModel,
} from '../../src/core/training/lm-trainer';
import { sigmoidCrossEntropy } from '../../src/core/training/losses';
import { Rng } from '../../src/core/random';
import { trainTinyLm, trainTinySentiment } from './helpers/tiny-models';
import { loadTfjsModelDir, maxAbsDiff, tf } from './helpers/tfjs';
import { writeModelDir } from '../../src/core/model/model-bundle';
import { GradientWorker } from '../../src/core/training/parallel';
import { splitBatch, trainBatch } from '../../src/core/training/sentiment-trainer';
import { toBatch } from '../../src/core/training/batches';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const rng = new Rng(42);
const rand = (n: number, s = 1) => Float32Array.from({ length: n }, () => rng.normal() * s);

test('sigmoid cross-entropy gradients match finite differences', () => {
  const logits = Float32Array.from([0.3, -2, 4, 0]);
  const labels = [1, 0, 0, 1];
  const { dLogits } = sigmoidCrossEntropy(logits, labels);
  for (let i = 0; i < 4; i++) {
    const e = 1e-3;
    const up = Float32Array.from(logits),
      down = Float32Array.from(logits);
    up[i] += e;
    down[i] -= e;
    const numeric = (sigmoidCrossEntropy(up, labels).loss - sigmoidCrossEntropy(down, labels).loss) / (2 * e);
    assert.ok(Math.abs(numeric - dLogits[i]) < 1e-4);
  }
});

test('sampled softmax: gradients for hidden rows, sampled and target columns match finite differences', () => {
  const d = 5,
    V = 40,
    N = 6;
  const dense = new Dense('out', d, V, 'softmax', rand(d * V, 0.5), rand(V, 0.1));
  const h = rand(N * d);
  const targets = Int32Array.from([3, 7, -1, 3, 39, 0]);
  const sampler = new NegativeSampler(
    Float64Array.from({ length: V }, (_, i) => 100 / (i + 1)),
    0.75,
  );
  const { ids: negatives, draws } = sampler.sample(12, new Rng(9));
  const lossAt = () => {
    const saveK = Float32Array.from(dense.kernel.grad),
      saveB = Float32Array.from(dense.bias!.grad);
    const l = sampledSoftmax(dense, h, N, targets, negatives, draws, sampler).loss;
    dense.kernel.grad.set(saveK);
    dense.bias!.grad.set(saveB);
    return l;
  };
  const { dH } = sampledSoftmax(dense, h, N, targets, negatives, draws, sampler);
  const e = 1e-2;
  const check = (arr: Float32Array, i: number, analytic: number, what: string) => {
    const keep = arr[i];
    arr[i] = keep + e;
    const up = lossAt();
    arr[i] = keep - e;
    const down = lossAt();
    arr[i] = keep;
    assert.ok(Math.abs((up - down) / (2 * e) - analytic) < 2e-3, `${what}: numeric ${(up - down) / (2 * e)} vs ${analytic}`);
  };
  for (let i = 0; i < N * d; i += 3) check(h, i, dH[i], `dH[${i}]`);
  const columns = [...new Set([3, 7, 39, negatives[0], negatives[5]])];
  for (const col of columns) {
    for (let i = 0; i < d; i += 2) check(dense.kernel.value, i * V + col, dense.kernel.grad[i * V + col], `dW[${i},${col}]`);
    check(dense.bias!.value, col, dense.bias!.grad[col], `db[${col}]`);
  }
});

test('Adam moves only the embedding rows a batch touched, and clips the global norm', () => {
  const { model } = trainTinySentiment('lstm');
  const emb = model.embedding.embeddings;
  const before = Float32Array.from(emb.value);
  const adam = new Adam(model.params, { learningRate: 0.1, clipNorm: 1 });
  model.backward(model.forward(Int32Array.from([2, 3]), 2, 1, { training: true, rng }), Float32Array.from([5]));
  assert.deepEqual([...emb.touchedRows!].sort(), [2, 3]);
  const norm = adam.step();
  assert.ok(norm > 0);
  const width = emb.shape[1];
  for (let row = 0; row < emb.shape[0]; row++) {
    const moved = before.subarray(row * width, (row + 1) * width).some((v, j) => v !== emb.value[row * width + j]);
    assert.equal(moved, row === 2 || row === 3, `row ${row}`);
  }
  assert.ok(
    model.params.every((p) => p.grad.every((g) => g === 0)),
    'gradients are zeroed after the step',
  );
});

test('training learns, and the same seed gives the same weights', () => {
  const a = trainTinySentiment('gru', false, 7);
  const b = trainTinySentiment('gru', false, 7);
  assert.ok(a.reports[0].accuracy < 0.9 && a.reports.at(-1)!.devAccuracy === 1, 'from chance to every example right');
  assert.deepEqual(Array.from(a.model.params[1].value.slice(0, 20)), Array.from(b.model.params[1].value.slice(0, 20)));
  const simple = trainTinySentiment('simple');
  assert.ok(simple.reports.at(-1)!.devAccuracy >= 0.9);
  const lm = trainTinyLm('gru', 30);
  assert.ok(lm.reports.at(-1)!.validPerplexity < 3, `GRU language model perplexity ${lm.reports.at(-1)!.validPerplexity}`);
  assert.ok(lm.reports[0].validPerplexity > lm.reports.at(-1)!.validPerplexity);
});

test('weight averaging: decay 0 keeps the last weights; a decay near 1 keeps the starting ones', () => {
  const plain = trainTinySentiment('gru', false, 5, { epochs: 5 });
  const zero = trainTinySentiment('gru', false, 5, { epochs: 5, average: 1e-9 });
  const frozen = trainTinySentiment('gru', false, 5, { epochs: 5, average: 1 - 1e-9 });
  const start = trainTinySentiment('gru', false, 5, { epochs: 0 });
  const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, j) => Math.max(m, Math.abs(v - b[j])), 0);
  plain.model.params.forEach((p, i) => {
    assert.ok(maxDiff(p.value, zero.model.params[i].value) < 1e-6, `${p.name}: averaging with decay 0 is no averaging`);
    assert.ok(maxDiff(start.model.params[i].value, frozen.model.params[i].value) < 1e-6, `${p.name}: the average stays at the start`);
  });
  assert.ok(
    plain.model.params.some((p, i) => maxDiff(p.value, start.model.params[i].value) > 1e-3),
    'training moved the weights',
  );
});

test('word dropout 1: every token is read as <unk>, so only the <unk> row of the embedding learns', () => {
  const start = trainTinySentiment('gru', false, 2, { epochs: 0 });
  const dropped = trainTinySentiment('gru', false, 2, { epochs: 3, wordDropout: 1 });
  const E = start.model.embedding.embeddings,
    D = dropped.model.embedding.embeddings,
    width = E.shape[1];
  const rowMoved = (row: number) => E.value.subarray(row * width, (row + 1) * width).some((v, j) => v !== D.value[row * width + j]);
  assert.ok(rowMoved(1), '<unk> learned');
  for (let row = 2; row < E.shape[0]; row++) assert.equal(rowMoved(row), false, `row ${row} (${start.vocabulary.word(row)})`);
});

test('a batch split with the worker thread gives the one-thread gradient, and a two-thread run learns', () => {
  const { model, examples } = trainTinySentiment('lstm', false, 3, { epochs: 0, depth: 2 });
  const batch = toBatch(examples.slice(0, 7), 20);
  trainBatch(model, batch, new Rng(1), 0);
  const expected = model.params.map((p) => p.grad.slice());
  model.params.forEach((p) => p.grad.fill(0));
  const helper = new GradientWorker(model);
  try {
    const [mine, theirs] = splitBatch(batch, 4);
    assert.deepEqual([mine.B, theirs.B, mine.T], [4, 3, batch.T]);
    helper.start({ batch: theirs, seed: 1, scale: 3 / 7, wordDropout: 0 });
    trainBatch(helper.model, mine, new Rng(1), 0, 4 / 7);
    helper.finish();
    helper.model.params.forEach((p, i) => {
      const worst = p.grad.reduce((m, g, j) => Math.max(m, Math.abs(g - expected[i][j])), 0);
      assert.ok(worst < 1e-6, `${p.name} of layer ${i}: largest difference ${worst}`);
      assert.ok(expected[i].some((g) => g !== 0) || p.name === 'embeddings', `${p.name} got gradient`);
    });
    // the worker reads the live shared weights: a change here changes its next gradient
    helper.model.params.forEach((p) => p.grad.fill(0));
    helper.model.params[1].value[0] += 0.5;
    helper.start({ batch, seed: 1, scale: 1, wordDropout: 0 });
    helper.finish();
    assert.ok(helper.model.params.some((p, i) => p.grad.some((g, j) => Math.abs(g - expected[i][j]) > 1e-6)));
  } finally {
    helper.close();
  }
  const parallel = trainTinySentiment('gru', false, 7, { workers: 2 });
  assert.ok(parallel.reports[0].accuracy < 0.9 && parallel.reports.at(-1)!.devAccuracy === 1, 'from chance to every example right on two threads');
  const again = trainTinySentiment('gru', false, 7, { workers: 2, epochs: 60 });
  parallel.model.params.forEach((p, i) => assert.deepEqual(p.value, again.model.params[i].value, `${p.name}: two threads reproduce from the seed too`));
});

test('a language-model batch split by streams with the worker gives the one-thread gradient, carried states included', () => {
  const { model, stream, freq } = trainTinyLm('lstm', 0);
  const sampler = new NegativeSampler(freq, 0.75, [0]);
  const rows = streamRows(stream, 4);
  const T = 8,
    B = 4;
  const negatives = [sampler.sample(6, new Rng(5)), sampler.sample(6, new Rng(6))];
  // one thread, two consecutive batches (the second starts from the first's final states)
  const expected: Float32Array[][] = [];
  let states: RecurrentState[][] | undefined;
  for (const i of [0, 1]) {
    states = lmTrainBatch(model, lmBatch(rows, i, T), states, new Rng(1), () => negatives[i], sampler).finalStates;
    expected.push(model.params.map((p) => p.grad.slice()));
    model.params.forEach((p) => p.grad.fill(0));
  }
  const helper = new GradientWorker(model);
  try {
    useLanguageModel(helper, freq, 0.75, [0]);
    let mine: RecurrentState[][] | undefined;
    for (const i of [0, 1]) {
      const n = negatives[i];
      helper.start({ kind: 'language-model', batch: lmBatch(rows, i, T, 2, 4), reset: i === 0, seed: 1, negatives: n.ids, draws: n.draws, normalizer: T * B });
      const r = lmTrainBatch(helper.model, lmBatch(rows, i, T, 0, 2), mine, new Rng(1), () => n, sampler, T * B);
      mine = r.finalStates;
      const theirs = helper.finish();
      assert.equal(r.counted + theirs.counted, T * B);
      helper.model.params.forEach((p, k) => {
        const worst = p.grad.reduce((m, g, j) => Math.max(m, Math.abs(g - expected[i][k][j])), 0);
        assert.ok(worst < 1e-6, `batch ${i}, ${p.name} of parameter ${k}: largest difference ${worst}`);
        assert.ok(
          expected[i][k].some((g) => g !== 0),
          `${p.name} got gradient`,
        );
      });
      helper.model.params.forEach((p) => p.grad.fill(0));
    }
    // validation on both cores: the worker's rows and this thread's give the one-thread perplexity, and no gradient
    const valid = stream.subarray(0, 200);
    const validRows = perplexityRows(valid);
    helper.start({ kind: 'language-model-perplexity', rows: validRows.slice(8) });
    const mineValid = rowsNll(helper.model, validRows.slice(0, 8));
    const theirsValid = helper.evaluation();
    assert.equal(mineValid.count + theirsValid.counted, 16 * (validRows[0].length - 1));
    const split = Math.exp((mineValid.nll + theirsValid.loss) / (mineValid.count + theirsValid.counted));
    assert.ok(Math.abs(split / streamPerplexity(helper.model, valid) - 1) < 1e-6, `${split} against ${streamPerplexity(helper.model, valid)}`);
    assert.ok(
      helper.model.params.every((p) => p.grad.every((g) => g === 0)),
      'an evaluation leaves no gradient',
    );
  } finally {
    helper.close();
  }
  // the trainer's validation on two cores reports what one thread measures on the same weights
  // (to float32 rounding: a batch of 8 rows may take another kernel path than one of 16)
  const once = trainTinyLm('lstm', 1, 2);
  const oneThread = streamPerplexity(once.model, once.stream.subarray(0, 60));
  assert.ok(Math.abs(once.reports[0].validPerplexity / oneThread - 1) < 1e-6, `${once.reports[0].validPerplexity} against ${oneThread}`);
  // a two-thread run learns, and the seed reproduces it
  const parallel = trainTinyLm('lstm', 40, 2);
  assert.ok(
    parallel.reports.at(-1)!.validPerplexity < parallel.reports[0].validPerplexity / 2,
    `perplexity ${parallel.reports[0].validPerplexity} -> ${parallel.reports.at(-1)!.validPerplexity}`,
  );
  const again = trainTinyLm('lstm', 40, 2);
  parallel.model.params.forEach((p, i) => assert.deepEqual(p.value, again.model.params[i].value, `${p.name}: two threads reproduce from the seed`));
});

test('a two-layer GRU learns, and stock tfjs loads what the trainer wrote and agrees with the engine', async () => {
  const { model, vocabulary, reports, examples } = trainTinySentiment('gru', false, 4, { depth: 2, epochs: 60 });
  assert.equal(model.layers.filter((l) => l.className === 'GRU').length, 2);
  assert.equal(reports.at(-1)!.devAccuracy, 1, 'every tiny example right');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-gru2-'));
  writeModelDir(
    dir,
    model,
    vocabulary,
    {
      id: 'gru2',
      task: 'sentiment',
      cell: 'GRU',
      bidirectional: false,
      description: '',
      architecture: '',
      parameters: 0,
      bytes: 0,
      quantization: 'float32',
      data: '',
      tokenization: '',
      metrics: {},
      training: {},
      reproduce: '',
    },
    'float32',
  );
  const reference = await loadTfjsModelDir(dir);
  for (const e of examples.slice(0, 6)) {
    const expected = (reference.predict(tf.tensor2d([Array.from(e.ids)], [1, e.ids.length], 'float32')) as tf.Tensor).dataSync();
    assert.ok(maxAbsDiff(model.predict(e.ids), expected) < 1e-5);
  }
});

// Backward passes (backpropagation through time) against TensorFlow.js autodiff: for a loss
// sum(output ⊙ R) with random R, every parameter gradient of the engine must equal tf's.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { artifactsOf, engineFrom, randomIds, tf, timeMajor } from './helpers/tfjs';
import { SequentialModel } from '../../src/core/model/model';
import { GRU } from '../../src/core/layers/gru';
import { Embedding } from '../../src/core/layers/embedding';
import { Dense } from '../../src/core/layers/dense';
import { Rng } from '../../src/core/random';
import { createModel } from '../../src/core/training/initialize';

const V = 30;
const init = { biasInitializer: tf.initializers.randomNormal({ stddev: 0.5, seed: 5 }) };
const cases: Record<string, () => tf.layers.Layer[]> = {
  SimpleRNN: () => [tf.layers.simpleRNN({ units: 5, ...init }), tf.layers.dense({ units: 1, activation: 'sigmoid' })],
  GRU: () => [tf.layers.gru({ units: 4, recurrentActivation: 'sigmoid', ...init }), tf.layers.dense({ units: 2, activation: 'tanh' })],
  'GRU hard sigmoid': () => [tf.layers.gru({ units: 4, ...init }), tf.layers.dense({ units: 1, activation: 'sigmoid' })],
  LSTM: () => [tf.layers.lstm({ units: 5, recurrentActivation: 'sigmoid', ...init }), tf.layers.dense({ units: 1, activation: 'sigmoid' })],
  'Bidirectional GRU': () => [
    tf.layers.bidirectional({ layer: tf.layers.gru({ units: 3, recurrentActivation: 'sigmoid', ...init }) as tf.RNN }),
    tf.layers.dense({ units: 1 }),
  ],
  // unpadded: tfjs repeats the last real output on padded steps, so its max ties there and tf.max
  // sends the gradient to every tied copy (counting it twice); the engine skips padded steps
  'GRU sequences -> max pooling': () => [
    tf.layers.gru({ units: 4, returnSequences: true, recurrentActivation: 'sigmoid', ...init }),
    tf.layers.globalMaxPooling1d({}),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
  'stacked LSTM sequences -> Dense per step': () => [
    tf.layers.lstm({ units: 4, returnSequences: true, recurrentActivation: 'sigmoid', ...init }),
    tf.layers.simpleRNN({ units: 3, returnSequences: true }),
    tf.layers.dense({ units: 5, activation: 'tanh' }),
  ],
};

for (const [name, build] of Object.entries(cases)) {
  const padded = !name.includes('pooling');
  test(`gradients match tf autodiff: ${name} (${padded ? 'padded' : 'full'} batch)`, async () => {
    const m = tf.sequential();
    m.add(tf.layers.embedding({ inputDim: V, outputDim: 4, maskZero: true, inputShape: [null] as unknown as number[] }));
    for (const l of build()) m.add(l);
    const B = 3,
      T = 6;
    const rows = randomIds(B, T, V, 11, padded);
    const x = tf.tensor2d(rows, [B, T], 'float32');
    const outShape = (m.predict(x) as tf.Tensor).shape;
    const R = tf.randomNormal(outShape, 0, 1, 'float32', 17);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(m.apply(x, { training: false }) as tf.Tensor, R)) as tf.Scalar);

    const engine = engineFrom(await artifactsOf(m));
    const pass = engine.forward(timeMajor(rows), T, B);
    let dOut = R.dataSync() as Float32Array;
    if (pass.output.kind === 'sequence') {
      const dim = pass.output.dim;
      const tm = new Float32Array(dOut.length);
      for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) tm.set(dOut.subarray((b * T + t) * dim, (b * T + t + 1) * dim), (t * B + b) * dim);
      dOut = tm;
    }
    engine.backward(pass, Float32Array.from(dOut));
    const named = engine.namedWeights();
    const params = engine.params;
    assert.equal(named.length, params.length);
    let checked = 0;
    for (let i = 0; i < named.length; i++) {
      const ref = grads[named[i].name];
      assert.ok(ref, `tf has no gradient for ${named[i].name} (has ${Object.keys(grads)})`);
      const expected = ref.dataSync();
      const actual = params[i].grad;
      const scale = Math.max(1e-3, ...Array.from(expected, Math.abs));
      for (let j = 0; j < expected.length; j++) {
        assert.ok(Math.abs(actual[j] - expected[j]) <= 1e-4 * scale + 1e-6, `${named[i].name}[${j}]: engine ${actual[j]}, tf ${expected[j]}`);
      }
      checked += expected.length;
    }
    assert.ok(checked > 50);
  });
}

// tfjs cannot run reset_after GRUs, so that variant is checked by central finite differences.
test('GRU reset_after gradients match finite differences', () => {
  const rng = new Rng(1);
  const rand = (n: number, s = 0.5) => Float32Array.from({ length: n }, () => rng.normal() * s);
  const u = 3,
    E = 4;
  const model = new SequentialModel([
    new Embedding('emb', 12, E, true, rand(12 * E)),
    new GRU(
      'gru',
      E,
      { units: u, returnSequences: false, goBackwards: false, activation: 'tanh', recurrentActivation: 'sigmoid', useBias: true },
      { kernel: rand(E * 3 * u), recurrentKernel: rand(u * 3 * u), bias: rand(6 * u) },
      true,
    ),
    new Dense('out', u, 1, 'linear', rand(u), rand(1)),
  ]);
  const ids = Int32Array.from([3, 5, 7, 2, 9, 0, 4, 4, 1, 11, 6, 0]); // T = 6, B = 2 (time-major), with padding
  const loss = () =>
    model.forward(ids, 6, 2).output.kind === 'flat'
      ? Array.from((model.forward(ids, 6, 2).output as { data: Float32Array }).data).reduce((a, b) => a + b, 0)
      : 0;
  const pass = model.forward(ids, 6, 2);
  model.backward(pass, Float32Array.from([1, 1]));
  let worst = 0;
  for (const p of model.params) {
    for (let j = 0; j < p.value.length; j += 2) {
      const keep = p.value[j];
      const eps = 1e-2;
      p.value[j] = keep + eps;
      const up = loss();
      p.value[j] = keep - eps;
      const down = loss();
      p.value[j] = keep;
      const numeric = (up - down) / (2 * eps);
      worst = Math.max(worst, Math.abs(numeric - p.grad[j]));
    }
  }
  assert.ok(worst < 2e-3, `worst gradient error ${worst}`);
});

// The max-pooled model trains on padded batches: padding must not change any gradient, so the
// batch's gradients equal the sum of each sequence's gradients run on its own without padding.
test('max pooling over a padded batch: gradients equal the sum over the unpadded sequences', () => {
  const model = createModel(
    {
      vocabularySize: 20,
      embeddingDim: 4,
      cell: 'gru',
      units: 5,
      bidirectional: false,
      perStepOutput: false,
      outputUnits: 1,
      outputActivation: 'sigmoid',
      dropout: 0,
      pooling: 'max',
    },
    3,
  );
  const rows = [
    [3, 7, 2, 9, 4],
    [5, 1, 8, 0, 0],
    [11, 6, 0, 0, 0],
  ];
  const gradsOf = (batch: number[][]) => {
    for (const p of model.params) p.grad.fill(0);
    const T = batch[0].length;
    model.backward(model.forward(timeMajor(batch), T, batch.length), new Float32Array(batch.length).fill(1));
    return model.params.map((p) => p.grad.slice());
  };
  const together = gradsOf(rows);
  const apart = model.params.map((p) => new Float32Array(p.value.length));
  for (const row of rows) gradsOf([row.filter((id) => id !== 0)]).forEach((g, i) => g.forEach((v, j) => (apart[i][j] += v)));
  together.forEach((g, i) =>
    g.forEach((v, j) => assert.ok(Math.abs(v - apart[i][j]) < 1e-6, `${model.params[i].name}[${j}]: batch ${v}, summed ${apart[i][j]}`)),
  );
  assert.ok(together.some((g) => g.some((v) => v !== 0)));
});

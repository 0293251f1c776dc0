// The engine against stock TensorFlow.js model.predict, for every cell type, on random models.
// This is what lets the inspector's heatmaps be trusted: they come from the same engine.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { artifactsOf, engineFrom, maxAbsDiff, randomIds, tf, tfjsFrom, timeMajor } from './helpers/tfjs';

const V = 50;
const init = { biasInitializer: tf.initializers.randomNormal({ stddev: 0.5, seed: 3 }) };

type Build = () => tf.layers.Layer[];
const cases: Record<string, Build> = {
  SimpleRNN: () => [tf.layers.simpleRNN({ units: 7, ...init }), tf.layers.dense({ units: 1, activation: 'sigmoid' })],
  'GRU (sigmoid)': () => [tf.layers.gru({ units: 6, recurrentActivation: 'sigmoid', ...init }), tf.layers.dense({ units: 2, activation: 'softmax' })],
  'GRU (hard sigmoid default)': () => [tf.layers.gru({ units: 5, ...init }), tf.layers.dense({ units: 1, activation: 'sigmoid' })],
  'LSTM (sigmoid)': () => [tf.layers.lstm({ units: 8, recurrentActivation: 'sigmoid', ...init }), tf.layers.dense({ units: 1, activation: 'sigmoid' })],
  'LSTM (hard sigmoid default)': () => [tf.layers.lstm({ units: 4, ...init }), tf.layers.dense({ units: 3, activation: 'tanh' })],
  'Bidirectional LSTM': () => [
    tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 5, recurrentActivation: 'sigmoid', ...init }) as tf.RNN, mergeMode: 'concat' }),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
  'Bidirectional GRU, sequences': () => [
    tf.layers.bidirectional({
      layer: tf.layers.gru({ units: 4, returnSequences: true, recurrentActivation: 'sigmoid', ...init }) as tf.RNN,
      mergeMode: 'concat',
    }),
    tf.layers.globalMaxPooling1d({}),
  ],
  'stacked LSTM -> GRU + dropout': () => [
    tf.layers.lstm({ units: 6, returnSequences: true, recurrentActivation: 'sigmoid', ...init }),
    tf.layers.gru({ units: 5, ...init }),
    tf.layers.dropout({ rate: 0.5 }),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
  'language model (per-step softmax)': () => [
    tf.layers.lstm({ units: 9, returnSequences: true, recurrentActivation: 'sigmoid', ...init }),
    tf.layers.dense({ units: V, activation: 'softmax' }),
  ],
  'SimpleRNN sequences + average pooling + relu': () => [
    tf.layers.simpleRNN({ units: 6, returnSequences: true, ...init }),
    tf.layers.globalAveragePooling1d({}),
    tf.layers.dense({ units: 3, activation: 'relu' }),
  ],
};

function tfjsModel(layers: tf.layers.Layer[], maskZero: boolean): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.embedding({ inputDim: V, outputDim: 6, maskZero, inputShape: [null] as unknown as number[] }));
  for (const l of layers) m.add(l);
  return m;
}

for (const [name, build] of Object.entries(cases)) {
  const pooling = name.includes('pooling') || name.includes('sequences');
  for (const masked of pooling ? [false] : [false, true]) {
    test(`engine matches tfjs: ${name}${masked ? ', padded batch' : ''}`, async () => {
      const model = tfjsModel(build(), masked);
      const B = 4,
        T = 11;
      const rows = randomIds(B, T, V, 7 + name.length, masked);
      const expected = (model.predict(tf.tensor2d(rows, [B, T], 'float32')) as tf.Tensor).dataSync();
      const engine = engineFrom(await artifactsOf(model));
      const out = engine.forward(timeMajor(rows), T, B).output;
      assert.notEqual(out.kind, 'ids');
      let actual: Float32Array;
      if (out.kind === 'sequence') {
        // engine is time-major, tfjs batch-major
        actual = new Float32Array(out.data.length);
        for (let t = 0; t < T; t++)
          for (let b = 0; b < B; b++) actual.set(out.data.subarray((t * B + b) * out.dim, (t * B + b + 1) * out.dim), (b * T + t) * out.dim);
      } else actual = out.kind === 'flat' ? out.data : new Float32Array();
      const diff = maxAbsDiff(actual, expected);
      assert.ok(diff < 1e-5, `max difference ${diff}`);
    });
  }
}

test('engine-written models load in stock tfjs and agree (float32, then quantized)', async () => {
  const model = tfjsModel(cases['Bidirectional LSTM'](), true);
  const engine = engineFrom(await artifactsOf(model));
  const rows = randomIds(3, 9, V, 99);
  const back = await tfjsFrom(engine.topology(), engine.namedWeights());
  const ref = (back.predict(tf.tensor2d(rows, [3, 9], 'float32')) as tf.Tensor).dataSync();
  const mine = engine.forward(timeMajor(rows), 9, 3).output;
  assert.ok(maxAbsDiff(mine.kind === 'flat' ? mine.data : [], ref) < 1e-5);
  // quantized weights: tfjs dequantizes on load; our reader must dequantize identically
  for (const q of ['uint8', 'uint16', 'float16'] as const) {
    const { encodeWeights, decodeWeights } = await import('../../src/core/model/model-files');
    const { specs, bytes } = encodeWeights(engine.namedWeights(), q);
    const engineQ = (await import('../../src/core/model/model')).SequentialModel.fromTopology(engine.topology(), decodeWeights(specs, bytes, 'memory'));
    const tfQ = await tfjsFrom(engine.topology(), engine.namedWeights(), q);
    const a = engineQ.forward(timeMajor(rows), 9, 3).output;
    const b = (tfQ.predict(tf.tensor2d(rows, [3, 9], 'float32')) as tf.Tensor).dataSync();
    assert.ok(maxAbsDiff(a.kind === 'flat' ? a.data : [], b) < 1e-5, `${q} differs`);
  }
});

// Weight counts per layer against the formulas worked out by hand for each cell, and the study
// note's ratios (LSTM 4×, GRU 3×, bidirectional 2× its direction) that Compare shows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel } from '../../src/core/training/initialize';
import { layerParameters, simpleRnnParameters } from '../../src/core/trace/parameter-counts';
import type { CellType } from '../../src/core/training/initialize';

const V = 50; // vocabulary
const E = 8; // embedding
const U = 6; // units

function layers(cell: CellType, bidirectional = false) {
  const model = createModel(
    { vocabularySize: V, embeddingDim: E, cell, units: U, bidirectional, perStepOutput: false, outputUnits: 1, outputActivation: 'sigmoid', dropout: 0 },
    1,
  );
  return layerParameters(model.layers);
}

test('a SimpleRNN layer: d·u + u·u + u weights', () => {
  assert.equal(simpleRnnParameters(E, U), 8 * 6 + 6 * 6 + 6);
  const [embedding, rnn, dense] = layers('simple');
  assert.deepEqual(embedding, { layer: embedding.layer, kind: 'Embedding', parameters: V * E });
  assert.equal(rnn.kind, 'SimpleRNN');
  assert.equal(rnn.parameters, 90);
  assert.equal(rnn.simpleRnn, 90);
  assert.equal(dense.parameters, U + 1);
});

test('an LSTM has four blocks: 4 × (d·u + u·u + u), exactly 4× the SimpleRNN', () => {
  const rnn = layers('lstm').find((l) => l.kind === 'LSTM')!;
  assert.equal(rnn.parameters, 4 * (E * U + U * U + U));
  assert.equal(rnn.parameters / rnn.simpleRnn!, 4);
});

test('a GRU has three blocks (update, reset, candidate): 3 × (d·u + u·u + u), 3× the SimpleRNN', () => {
  const rnn = layers('gru').find((l) => l.kind === 'GRU')!;
  assert.equal(rnn.parameters, 3 * (E * U + U * U + U));
  assert.equal(rnn.parameters / rnn.simpleRnn!, 3);
});

test('a bidirectional layer has both directions: 2× its one-direction cell', () => {
  const bi = layers('lstm', true).find((l) => l.kind.startsWith('Bidirectional'))!;
  assert.equal(bi.kind, 'Bidirectional(LSTM)');
  assert.equal(bi.parameters, 2 * 4 * (E * U + U * U + U));
  assert.equal(bi.parameters / bi.simpleRnn!, 8);
});

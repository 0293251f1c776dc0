// ULMFiT's gradual unfreezing: a layer not yet unfrozen, and a table kept frozen, leave training
// bit for bit as they came in, on one thread and on two.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { unfreezingRates } from '../../src/core/training/unfreezing';
import { trainTinySentiment } from './helpers/tiny-models';
import type { SequentialModel } from '../../src/core/model/model';

const values = (m: SequentialModel) => m.layers.map((l) => l.params.map((p) => Array.from(p.value)));
const same = (a: number[][], b: number[][]) => a.length === b.length && a.every((x, i) => x.length === b[i].length && x.every((v, j) => Object.is(v, b[i][j])));

test('unfreezing rates: the head first, then one layer more per epoch at 1/factor of the one above; frozen layers stay at 0', () => {
  const { model } = trainTinySentiment('lstm', false, 3, { epochs: 0 });
  const frozen = new Set<object>([model.embedding]);
  const rate = (epoch: number, layer: { params: { value: Float32Array }[] }) =>
    unfreezingRates(model, epoch, { factor: 2.6, frozen }).get(layer.params[0] as never);
  const withWeights = model.layers.filter((l) => l.params.length > 0);
  assert.equal(withWeights.length, 3, `embedding, LSTM, Dense: ${model.layers.map((l) => l.className).join(', ')}`);
  const [emb, lstm, dense] = withWeights;
  assert.equal(rate(1, dense), 1);
  assert.equal(rate(1, lstm), 0);
  assert.equal(rate(2, lstm), 1 / 2.6);
  assert.equal(rate(9, emb), 0, 'the frozen table never trains');
  assert.equal(unfreezingRates(model, 9, { factor: 2.6 }).get(emb.params[0]), 2.6 ** -2, 'without the frozen set the embedding thaws in epoch 3');
});

for (const workers of [1, 2]) {
  test(`gradual unfreezing (${workers} thread${workers > 1 ? 's' : ''}): what is frozen stays bit for bit, what is thawed moves`, () => {
    const start = trainTinySentiment('lstm', false, 4, { epochs: 0 });
    const frozen = (m: SequentialModel) => new Set<object>([m.embedding]);
    const run = (epochs: number) =>
      trainTinySentiment('lstm', false, 4, { epochs, workers, rates: (m, epoch) => unfreezingRates(m, epoch, { factor: 2.6, frozen: frozen(m) }) });
    const before = values(start.model);
    const one = values(run(1).model);
    const later = run(8);
    const two = values(later.model);
    // layers: embedding, (dropout), LSTM, (dropout), Dense — compared by layer index
    const index = (name: string) => start.model.layers.findIndex((l) => l.className === name);
    const [e, r, d] = [index('Embedding'), index('LSTM'), index('Dense')];
    assert.ok(same(one[e], before[e]) && same(one[r], before[r]), 'epoch 1 trains the head alone');
    assert.ok(!same(one[d], before[d]), 'the head moved in epoch 1');
    assert.ok(Math.max(...later.reports.map((x) => x.devAccuracy)) > later.reports[0].devAccuracy, 'with the LSTM thawed it learns more than the head alone');
    assert.ok(!same(two[r], before[r]), 'the LSTM moved once thawed');
    assert.ok(same(two[e], before[e]), 'the shared table never moved');
  });
}

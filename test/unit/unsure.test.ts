// The "unsure" band: a binary model's verdict near 0.5 is said to be unsure (the label stays), by a
// band each bundled model's card carries from its dev set (npm run eval:unsure).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { classifyLines } from '../../src/core/sentiment/classify-lines';
import { listModels, type LoadedModel } from '../../src/core/model/model-bundle';
import { isConfident, unsureBelow } from '../../src/core/sentiment/unsure';
import { tinyCard, trainTinySentiment } from './helpers/tiny-models';

test('the band: |p − 0.5| below the card’s half-width is unsure; a card without one (or a broken one) never is', () => {
  assert.equal(unsureBelow({ calibration: { unsureBelow: 0.2 } }), 0.2);
  for (const broken of [undefined, { unsureBelow: -1 }, { unsureBelow: 0.7 }, { unsureBelow: 'wide' as unknown as number }])
    assert.equal(unsureBelow({ calibration: broken }), 0);
  assert.equal(isConfident(0.62, 0.2), false);
  assert.equal(isConfident(0.29, 0.2), true);
  assert.equal(isConfident(0.5, 0), true);
});

test('classify says "confident": false inside the band and keeps the label', () => {
  const { model, vocabulary } = trainTinySentiment('gru');
  const card = tinyCard('tiny', 'sentiment', 'GRU', false, true);
  const plain: LoadedModel = { model, vocabulary, dir: '', card };
  const [before] = classifyLines(plain, ['a good film']);
  assert.equal(before.confident, true);
  // a band as wide as the distance of this verdict from 0.5 (and a hair more) makes it unsure
  const banded: LoadedModel = { ...plain, card: { ...card, calibration: { unsureBelow: Math.abs(before.positive! - 0.5) + 1e-3 } } };
  const [after] = classifyLines(banded, ['a good film']);
  assert.equal(after.label, before.label);
  assert.equal(after.confident, false);
  // an unreadable line has no verdict, and so nothing to be sure of
  const [none] = classifyLines(banded, ['12345 !!!']);
  assert.equal(none.label, null);
  assert.equal(none.confident, undefined);
});

test('every bundled sentiment model carries a band from its dev set, and is less accurate inside it', () => {
  const models = listModels(path.resolve(__dirname, '../../models')).filter((m) => m.card.task === 'sentiment');
  assert.ok(models.length >= 6);
  for (const { card } of models) {
    const c = card.calibration!;
    assert.ok(unsureBelow(card) > 0, card.id);
    assert.ok((c.devAccuracyInside as number) < (c.devAccuracyOutside as number), `${card.id}: ${JSON.stringify(c)}`);
  }
});

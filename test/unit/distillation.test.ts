// Distillation (src/lab/distil.ts, augment.ts): the loss against a teacher's soft label on a case
// worked by hand, and the new sentences Tang et al. (2019) make from a training sentence.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { sigmoidCrossEntropy } from '../../src/core/training/losses';
import { augment, partsOfSpeechFrom } from '../../src/lab/augment';
import { Rng } from '../../src/core/random';
import { UNK } from '../../src/core/text/vocabulary';

test('soft labels: the loss is the cross-entropy with the teacher’s probability, its gradient p − y', () => {
  // logit 0 (p = 0.5) against a teacher's 0.8: −(0.8·ln 0.5 + 0.2·ln 0.5) = ln 2, gradient 0.5 − 0.8
  const a = sigmoidCrossEntropy(Float32Array.of(0), [0.8]);
  assert.ok(Math.abs(a.loss - Math.LN2) < 1e-9);
  assert.ok(Math.abs(a.dLogits[0] - -0.3) < 1e-7);
  // where the student already says 0.8, nothing is left to learn: the gradient is 0 and the loss
  // is the teacher's own entropy, −(0.8 ln 0.8 + 0.2 ln 0.2) ≈ 0.5004
  const agreed = sigmoidCrossEntropy(Float32Array.of(Math.log(0.8 / 0.2)), [0.8]);
  assert.ok(Math.abs(agreed.dLogits[0]) < 1e-7);
  assert.ok(Math.abs(agreed.loss - -(0.8 * Math.log(0.8) + 0.2 * Math.log(0.2))) < 1e-6);
  // a batch is the mean of its rows
  const both = sigmoidCrossEntropy(Float32Array.of(0, Math.log(4)), [0.8, 0.8]);
  assert.ok(Math.abs(both.loss - (a.loss + agreed.loss) / 2) < 1e-6);
});

const pos = partsOfSpeechFrom(
  new Map([
    ['good', new Map([['jj', 3]])],
    ['great', new Map([['jj', 1]])],
    ['film', new Map([['nn', 5]])],
    ['movie', new Map([['nn', 5]])],
  ]),
);

test('augmenting: masks become <unk>, swaps keep the part of speech, an n-gram is a run of the sentence', () => {
  const sentence = ['a', 'good', 'film', 'with', 'a', 'great', 'cast'];
  const rng = new Rng(5);
  let masked = 0;
  let swapped = 0;
  let shorter = 0;
  const runs = 2000;
  for (let i = 0; i < runs; i++) {
    const s = augment(sentence, rng, pos);
    assert.ok(s.length >= 1 && s.length <= sentence.length);
    if (s.length < sentence.length) shorter++;
    else
      s.forEach((w, j) => {
        if (w === UNK) masked++;
        else if (w !== sentence[j]) {
          swapped++;
          assert.equal(pos.tagOf.get(w), pos.tagOf.get(sentence[j]), `${sentence[j]} → ${w}`);
        }
      });
  }
  // p_ng = 0.25 keeps an n-gram (a shorter one unless n happens to cover the sentence)
  assert.ok(shorter > 0.15 * runs && shorter < 0.3 * runs, `${shorter}`);
  // p_mask = 0.1 of every word; p_pos = 0.1 of the tagged ones (three of seven here)
  const words = (runs - shorter) * sentence.length;
  assert.ok(masked > 0.07 * words && masked < 0.13 * words, `${masked} of ${words}`);
  assert.ok(swapped > 0, 'some tagged words were swapped');
  assert.deepEqual(augment(sentence, new Rng(9), pos), augment(sentence, new Rng(9), pos), 'the same seed, the same sentence');
});

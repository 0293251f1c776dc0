// The training data the scripts build: negation examples and the hand-written evaluation set.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { brownAdjectives, negationExamples } from '../../src/lab/negation-data';
import { readHandWritten, LabelledText } from '../../src/lab/sentiment-data';

const phrase = (text: string, label: number): LabelledText => ({ text, tokens: text.split(' '), label });

test('Brown tags tell adjectives and participles from nouns and verbs', () => {
  const adjectives = brownAdjectives();
  for (const w of ['boring', 'great', 'disappointed', 'bad', 'beautiful']) assert.ok(adjectives.has(w), w);
  for (const w of ['idiocy', 'movie', 'the', 'wears', 'laughed']) assert.ok(!adjectives.has(w), w);
});

test('negation examples: two negated phrases per one-word adjective phrase, label flipped, nothing else', () => {
  const sst = [phrase('boring', 0), phrase('great', 1), phrase('idiocy', 0), phrase('a great movie', 1), phrase('boring', 0)];
  const out = negationExamples(sst, 1, new Set(['boring', 'great', 'disappointed']));
  assert.equal(out.length, 4, 'two for boring, two for great; none for the noun, the long phrase or the repeat');
  for (const e of out) {
    const word = e.tokens.at(-1) === 'all' ? e.tokens.at(-3)! : e.tokens.at(-1)!;
    assert.equal(e.label, word === 'boring' ? 1 : 0, e.text);
    assert.ok(
      e.tokens.some((t) => t === 'not' || t === "n't" || t === 'never'),
      e.text,
    );
  }
  assert.notEqual(out[0].text, out[1].text, 'two different phrasings');
  assert.deepEqual(negationExamples(sst, 1, new Set(['boring', 'great'])), out, 'the same seed gives the same examples');
});

test('the hand-written evaluation sets are balanced raw text; every negation probe negates', () => {
  const everyday = readHandWritten('everyday');
  assert.deepEqual([everyday.length, everyday.filter((t) => t.label === 1).length], [120, 60]);
  assert.ok(everyday.some((t) => /\p{Extended_Pictographic}/u.test(t.text)) && everyday.some((t) => /[A-Z]/.test(t.text)));
  const negation = readHandWritten('negation');
  assert.deepEqual([negation.length, negation.filter((t) => t.label === 1).length], [40, 20]);
  for (const t of negation)
    assert.ok(
      t.tokens.some((w) => w === 'not' || w === "n't" || w === 'never'),
      t.text,
    );
});

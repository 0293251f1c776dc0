// The training data the scripts build: negation examples and the hand-written evaluation set.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { brownAdjectives, negationExamples } from '../../src/training/negation-data';
import { readEveryday, LabelledText } from '../../src/training/sentiment-data';

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
    assert.ok(e.tokens.some((t) => t === 'not' || t === "n't" || t === 'never'), e.text);
  }
  assert.notEqual(out[0].text, out[1].text, 'two different phrasings');
  assert.deepEqual(negationExamples(sst, 1, new Set(['boring', 'great'])), out, 'the same seed gives the same examples');
});

test('the everyday evaluation set is balanced raw text', () => {
  const data = readEveryday();
  assert.equal(data.length, 120);
  assert.equal(data.filter((t) => t.label === 1).length, 60);
  assert.ok(data.some((t) => /\p{Extended_Pictographic}/u.test(t.text)) && data.some((t) => /[A-Z]/.test(t.text)));
});

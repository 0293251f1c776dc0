// The digest that tells a reopened document from another (sentiment marks kept across closing):
// the same text gives the same digest, and texts that differ by one character, by order, or by
// length give different ones.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { textDigest } from '../../src/core/text/text-digest';

test('the same text, the same digest; a one-character edit, a swap or an added space, another', () => {
  const text = 'The case cracked in a week and support never answered.\n'.repeat(2000);
  assert.equal(textDigest(text), textDigest(text.slice()));
  assert.notEqual(textDigest(text), textDigest(text.replace('cracked', 'crackeD')));
  assert.notEqual(textDigest('ab'), textDigest('ba'));
  assert.notEqual(textDigest(text), textDigest(text + ' '));
  assert.notEqual(textDigest(''), textDigest('\u0000'));
});

test('no two of 20,000 random short texts share a digest', () => {
  const seen = new Map<string, string>();
  fc.assert(
    fc.property(fc.string({ maxLength: 40, unit: 'grapheme' }), (s) => {
      const d = textDigest(s);
      const before = seen.get(d);
      seen.set(d, s);
      return before === undefined || before === s;
    }),
    { numRuns: 20_000, seed: 7 },
  );
});

// The stages of a completion's first word, each alone (first-word.ts): the network's candidates,
// the document's, the memory's, the k best, and how a word is written.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Vocabulary } from '../../src/core/text/vocabulary';
import { DocumentCache } from '../../src/core/completion/document-cache';
import {
  bestFirstWords,
  documentCandidates,
  memoryCandidates,
  type Mix,
  networkCandidates,
  shouting,
  vocabularyMasks,
  writtenAs,
} from '../../src/core/completion/first-word';
import { memoryOf } from '../../src/core/model/word-memory';

const vocabulary = new Vocabulary(['<pad>', '<unk>', 'the', 'cat', 'car', "'s", '.', 'sat', 'react']);
const masks = vocabularyMasks(vocabulary);
const fresh = (): Mix => ({ mixed: new Float32Array(vocabulary.size), unknown: new Map(), mass: 0 });
const uniform = new Float32Array(vocabulary.size).fill(1 / vocabulary.size);
const byWord = (mix: Mix) => Object.fromEntries(vocabulary.words.map((w, j) => [w, mix.mixed[j]]).filter(([, p]) => (p as number) > 0));

test('the network stage keeps proposable words that extend what is typed, and no clitic where a sentence starts', () => {
  const mix = fresh();
  networkCandidates(mix, masks, uniform, 0.5, { typed: 'ca', sentenceStart: false });
  assert.deepEqual(Object.keys(byWord(mix)), ['cat', 'car']);
  assert.ok(Math.abs(mix.mass - 2 * (0.5 / vocabulary.size)) < 1e-9);
  const start = fresh();
  networkCandidates(start, masks, uniform, 1, { typed: '', sentenceStart: true });
  assert.ok(!("'s" in byWord(start)) && !('.' in byWord(start)) && !('<unk>' in byWord(start)) && 'the' in byWord(start));
  const mid = fresh();
  networkCandidates(mid, masks, uniform, 1, { typed: '', sentenceStart: false });
  assert.ok("'s" in byWord(mid), 'a clitic may follow a word');
});

test('the document stage: the word after the previous one weighs most; words outside the vocabulary are kept by name', () => {
  const cache = new DocumentCache();
  cache.update('the cat sat. the zebra sat. the cat ');
  const mix = fresh();
  documentCandidates(mix, masks, cache, cache.total, { weight: 1, pairShare: 1, tripleShare: 0 }, { typed: '', sentenceStart: false });
  // after "cat": "sat" followed it once of the twice "cat" was seen (the second is the context's end)
  assert.ok(byWord(mix).sat > 0);
  const typed = fresh();
  documentCandidates(typed, masks, cache, cache.total, { weight: 1, pairShare: 0, tripleShare: 0 }, { typed: 'z', sentenceStart: false });
  assert.deepEqual([...typed.unknown.keys()], ['zebra']);
  assert.deepEqual(byWord(typed), {});
});

test('the memory stage: remembered words by prefix, and the words that followed the previous one', () => {
  const memory = memoryOf({ version: 1, total: 10, words: { cat: 4, carpet: 6 }, pairs: { the: { carpet: 3 } } });
  const ids = Int32Array.from(memory.sorted, (w) => vocabulary.exact(w));
  const mix = fresh();
  memoryCandidates(mix, masks, memory, ids, { weight: 1, pairShare: 0.5 }, 'the', { typed: 'ca', sentenceStart: false });
  assert.ok(Math.abs(byWord(mix).cat - 0.5 * 0.4) < 1e-6, 'cat: half the unigram share');
  assert.ok(Math.abs(mix.unknown.get('carpet')! - (0.5 * 0.6 + 0.5)) < 1e-9, 'carpet: unigram share plus every pair after "the"');
  assert.ok(Math.abs(mix.mass - (0.2 + 0.3 + 0.5)) < 1e-6);
});

test('the k best: most likely first, from the vocabulary and outside it, scaled', () => {
  const mix = fresh();
  mix.mixed[vocabulary.exact('cat')] = 0.2;
  mix.mixed[vocabulary.exact('car')] = 0.1;
  mix.mixed[vocabulary.exact('the')] = 0.4;
  mix.unknown.set('cattle', 0.3);
  assert.deepEqual(bestFirstWords(mix, vocabulary, 2, 2), [
    { word: 'the', p: 0.800000011920929 },
    { word: 'cattle', p: 0.6 },
  ]);
});

test('how a word is written: shouting, the document’s spelling, the usual one, a capital at a sentence start or where one was typed', () => {
  const none = { shouting: false, surface: () => undefined, casing: new Map([['react', 'React']]) };
  assert.equal(writtenAs('react', '', false, none), 'React');
  assert.equal(writtenAs('cat', '', true, none), 'Cat');
  assert.equal(writtenAs('cat', 'C', false, none), 'Cat');
  assert.equal(writtenAs('i', '', false, none), 'I');
  assert.equal(writtenAs('cat', '', false, { ...none, surface: (w: string) => (w === 'cat' ? 'CAT' : undefined) }), 'CAT');
  assert.equal(writtenAs('cat', '', false, { ...none, shouting: true }), 'CAT');
  assert.ok(shouting('CA', '') && shouting('C', 'HELLO') && !shouting('C', 'Hello') && !shouting('ca', 'HELLO'));
});

// Stepping from saved states must give exactly what a full forward pass gives, and a keystroke
// after a cached prefix must cost a step or two, not a re-read.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CompletionService, contextWindow, detokenize, isProposable } from '../../src/core/completion';
import { LanguageModelRunner } from '../../src/core/language-model';
import { loadModelDir } from '../../src/core/model-bundle';
import { linesToStream, scoreStream } from '../../src/core/lm-scoring';
import { maxAbsDiff } from './helpers/tfjs';
import { tinyModelsRoot } from './helpers/tiny-models';

const lm = () => loadModelDir(path.join(tinyModelsRoot(), 'tiny-lm-lstm'));

test('step-by-step states from snapshots equal one forward pass over the whole sequence', () => {
  const loaded = lm();
  const runner = new LanguageModelRunner(loaded);
  const ids = Array.from(loaded.vocabulary.encode('<eos> the cat sat on the mat . the dog'.split(' ')));
  const full = loaded.model.forward(Int32Array.from(ids), ids.length, 1).output;
  assert.equal(full.kind, 'sequence');
  let snap = null;
  for (let i = 0; i < ids.length; i++) {
    snap = runner.step(snap, ids[i]);
    const probs = runner.distribution(snap);
    const expected = full.kind === 'sequence' ? full.data.subarray(i * full.dim, (i + 1) * full.dim) : [];
    assert.ok(maxAbsDiff(probs, expected) < 1e-6, `step ${i}`);
  }
});

test('a restored snapshot continues exactly where it left off', () => {
  const loaded = lm();
  const runner = new LanguageModelRunner(loaded);
  const ids = Array.from(loaded.vocabulary.encode('<eos> the cat sat on the'.split(' ')));
  const a = runner.stateAfter(ids)!;
  const saved = { ...a, states: a.states.map((s) => s.map((x) => ({ h: x.h.slice(), c: x.c?.slice() ?? null }))), probs: null };
  const next = loaded.vocabulary.exact('mat');
  const fromLive = runner.distribution(runner.step(a, next));
  const fromSaved = runner.distribution(runner.step(saved, next));
  assert.ok(maxAbsDiff(fromLive, fromSaved) === 0);
});

test('the next keystroke costs at most a couple of steps, however long the document', () => {
  const service = new CompletionService(new LanguageModelRunner(lm()));
  for (const sentences of [10, 100, 1000]) {
    const doc = 'the cat sat on the mat . '.repeat(sentences);
    service.complete(doc + 'the d');
    const typed = service.complete(doc + 'the do');
    assert.ok(typed.contextSteps <= 2, `${sentences} sentences: ${typed.contextSteps} steps after one more letter`);
    const space = service.complete(doc + 'the dog ');
    assert.ok(space.contextSteps <= 2, `${sentences} sentences: ${space.contextSteps} steps after a space`);
    // proposing the words costs at most k·words steps, whatever the length
    assert.ok(space.steps <= space.contextSteps + 3 * 3, `${space.steps} steps in all`);
  }
});

test('completion finishes the word being typed, then proposes the next words', () => {
  const service = new CompletionService(new LanguageModelRunner(lm()));
  const r = service.complete('the cat sat on the m', { words: 3, k: 3 });
  assert.equal(r.partial, 'm');
  assert.equal(r.completions[0].words[0], 'mat');
  assert.ok(r.completions[0].text.startsWith('at'), r.completions[0].text);
  for (const c of r.completions) for (const w of c.words) assert.ok(isProposable(w), w);
  // after a space: whole next words, with the model's probability
  const next = service.complete('the cat sat on ', { words: 2 });
  assert.equal(next.completions[0].words[0], 'the');
  assert.ok(next.completions[0].p > 0.5 && next.completions[0].p <= 1);
  // case follows the user: capital at sentence start, capitals kept
  const upper = service.complete('The cat sat on the mat. T', { words: 1 });
  assert.ok(upper.completions[0].text.startsWith('he'), upper.completions[0].text);
  const caps = service.complete('THE CAT SAT ON THE M', { words: 1 });
  assert.equal(caps.completions[0].text, 'AT');
});

test('nothing is proposed for letters no word starts with, and never <unk> or markup', () => {
  const service = new CompletionService(new LanguageModelRunner(lm()));
  assert.deepEqual(service.complete('the cat sat on the qx').completions, []);
  assert.ok(!isProposable('<unk>') && !isProposable('<eos>') && !isProposable('``') && !isProposable(','));
  assert.ok(isProposable("n't") && isProposable('well-made'));
  assert.equal(detokenize(['i', 'do', "n't", 'know']), "i don't know");
  const unsure = service.complete('zebra quantum ', { minProbability: 0.99 });
  assert.ok(unsure.completions.every((c) => c.p >= 0.99));
});

test('cancellation stops the work and returns nothing', () => {
  const service = new CompletionService(new LanguageModelRunner(lm()));
  const r = service.complete('the cat sat on the mat . '.repeat(50), { isCancelled: () => true });
  assert.equal(r.cancelled, true);
  assert.deepEqual(r.completions, []);
});

test('the context window is bounded and its start moves in steps', () => {
  const text = 'word '.repeat(2000);
  const w1 = contextWindow(text);
  const w2 = contextWindow(text + 'more ');
  assert.ok(w1.length <= 2600 && w1.length >= 1400);
  assert.equal(text.length - w1.length, text.length + 5 - w2.length, 'one more word leaves the window start where it was');
});

test('score-lm: a model that learned the text predicts it well; its perplexity beats uniform', () => {
  const loaded = lm();
  const stream = linesToStream(loaded, 'the cat sat on the mat .\nthe dog sat on the rug .');
  const s = scoreStream(loaded, stream);
  assert.equal(s.tokens, 16);
  assert.ok(s.ppl < 3, `ppl ${s.ppl}`);
  assert.ok(s.top1 > 0.6 && s.top5 >= s.top3 && s.top3 >= s.top1);
  const words = linesToStream(loaded, 'mat rug the dog');
  assert.ok(scoreStream(loaded, words).ppl > s.ppl, 'shuffled text is less predictable');
});

test('the document cache proposes a word the writer used that the vocabulary does not have, as they wrote it', () => {
  const service = new CompletionService(new LanguageModelRunner(lm()));
  const doc = 'The Zorblax protocol is fast. We tested the Zorblax protocol on the mat. Then the ';
  assert.equal(lm().vocabulary.has('zorblax'), false, 'not a word the model knows');
  const r = service.complete(doc + 'zo', { words: 1 });
  assert.equal(r.completions[0]?.words[0], 'zorblax');
  assert.equal(r.completions[0].text, 'rblax', 'the typed letters stay as typed');
  // at the start of a word, after "the", the pair "the zorblax" seen twice makes it a candidate
  const next = service.complete(doc, { words: 1, k: 5 });
  assert.ok(
    next.completions.some((c) => c.text === 'Zorblax'),
    JSON.stringify(next.completions.map((c) => c.text)),
  );
  // without the cache the network alone cannot propose it
  const alone = service.complete(doc + 'zo', { words: 1, cacheWeight: 0 });
  assert.ok(alone.completions.every((c) => c.words[0] !== 'zorblax'));
});

test('casing.json: a word is written as the training text usually writes it; words named like Object’s properties are plain words', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-casing-'));
  fs.cpSync(path.join(tinyModelsRoot(), 'tiny-lm-lstm'), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'casing.json'), JSON.stringify({ mat: 'MaT', rug: 'Rug' }));
  const service = new CompletionService(new LanguageModelRunner(loadModelDir(dir)));
  const r = service.complete('the cat sat on the ', { words: 1, k: 5, cacheWeight: 0 });
  const mat = r.completions.find((c) => c.words[0] === 'mat');
  assert.equal(mat?.text, 'MaT');
  // typed letters stay as typed, the rest follows the usual spelling
  assert.equal(service.complete('the cat sat on the ma', { words: 1, cacheWeight: 0 }).completions[0]?.text, 'T');
  // "constructor" is not in casing.json: no crash, no function spelled into the text
  const odd = service.complete('the constructor and toString and the constr', { words: 1 });
  assert.ok(odd.completions.every((c) => typeof c.text === 'string' && !c.text.includes('function')));
  assert.throws(() => {
    fs.writeFileSync(path.join(dir, 'casing.json'), '["not", "an", "object"]');
    loadModelDir(dir);
  }, /casing\.json/);
});

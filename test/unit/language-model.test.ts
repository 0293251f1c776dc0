// Stepping from saved states must give exactly what a full forward pass gives, and a keystroke
// after a cached prefix must cost a step or two, not a re-read.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CompletionService, contextWindow, detokenize, isProposable } from '../../src/core/completion/completion';
import { minProbabilityFor } from '../../src/core/completion/completion-defaults';
import { contextIds } from '../../src/core/completion/lm-context';
import pkg from '../../package.json';
import { tokenize } from '../../src/core/text/tokenizer';
import { DocumentCache } from '../../src/core/completion/document-cache';
import { LanguageModelRunner } from '../../src/core/completion/language-model';
import { loadModelDir } from '../../src/core/model/model-bundle';
import { linesToStream, scoreStream } from '../../src/core/completion/lm-scoring';
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

test('the network reads <eos> where a sentence or a line ends, as its training streams have it', () => {
  const { vocabulary } = lm();
  const words = (text: string) => contextIds(text, tokenize(text), vocabulary).ids.map((id) => vocabulary.word(id));
  // a full stop and a space, a line break (a commit log: one message a line), but not an abbreviation
  assert.deepEqual(words('The cat sat. The dog\nThe mat . '), ['<eos>', 'the', 'cat', 'sat', '.', '<eos>', 'the', 'dog', '<eos>', 'the', 'mat', '.', '<eos>']);
  assert.deepEqual(words('the cat sat on the'), ['<eos>', 'the', 'cat', 'sat', 'on', 'the']);
  assert.deepEqual(words('the cat sat.'), ['<eos>', 'the', 'cat', 'sat', '.'], 'no space yet: "main.py" may follow');
  assert.deepEqual(words('Dr. '), ['<eos>', '<unk>', '.']);
  // a line break inside a sentence (hard-wrapped text) is read through, as training text has none
  assert.deepEqual(words('the cat sat on\nthe mat. The dog'), ['<eos>', 'the', 'cat', 'sat', 'on', 'the', 'mat', '.', '<eos>', 'the', 'dog']);
  // at the start of a line: a new sentence, unless this writer's lines go on in lower case
  assert.deepEqual(words('The cat sat\nThe dog sat\n').slice(-2), ['sat', '<eos>']);
  assert.deepEqual(words('the cat sat on\nthe mat and the\ndog sat on\n').slice(-2), ['sat', 'on']);
  // a finished sentence costs its <eos> once: the next sentence's letters find it in the saved states
  const service = new CompletionService(new LanguageModelRunner(lm()));
  const doc = 'The cat sat on the mat. '.repeat(50);
  assert.ok(service.complete(doc).contextSteps > 0);
  assert.equal(service.complete(doc + 'T').contextSteps, 0);
  assert.ok(service.complete(doc + 'The ').contextSteps <= 1);
  assert.equal(
    service.complete(doc).completions[0]?.text.trim()[0],
    service.complete(doc).completions[0]?.text.trim()[0].toUpperCase(),
    'a sentence starts with a capital',
  );
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

test('the document cache counts word triples, the same whether it read the text at once or keystroke by keystroke', () => {
  const text = 'We ship a Zorblax build. Then the Zorblax tests run. '.repeat(40) + 'Then the Zorblax ';
  const fresh = new DocumentCache();
  fresh.update(text);
  assert.equal(fresh.previous, 'zorblax');
  assert.equal(fresh.beforePrevious, 'the');
  assert.equal(fresh.tripleCount('the', 'zorblax', 'tests'), 40);
  assert.equal(fresh.historyCount('the', 'zorblax'), 40);
  const typed = new DocumentCache();
  for (let end = 1; end <= text.length; end += 7) typed.update(text.slice(0, end));
  typed.update(text);
  for (const [a, b, c] of [
    ['the', 'zorblax', 'tests'],
    ['a', 'zorblax', 'build'],
    ['then', 'the', 'zorblax'],
  ])
    assert.equal(typed.tripleCount(a, b, c), fresh.tripleCount(a, b, c), `${a} ${b} ${c}`);
  assert.equal(typed.beforePrevious, 'the');
  // after "Then the Zorblax" the triple says "tests", though "the Zorblax" alone is as often "build"
  const service = new CompletionService(new LanguageModelRunner(lm()));
  const withTriples = service.complete(text, { words: 1, k: 2, cacheWeight: 1, tripleShare: 0.5 });
  assert.equal(withTriples.completions[0]?.words[0], 'tests');
  const pairsOnly = service.complete(text, { words: 1, k: 2, cacheWeight: 1, tripleShare: 0 });
  assert.ok(pairsOnly.completions[0].p < withTriples.completions[0].p, 'pairs alone are less sure of it');
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

test("each model's threshold: its card's calibrated one, else the setting's default; a card edited into nonsense falls back", () => {
  const setting = (pkg.contributes.configuration.find((c) => c.id === 'rnnLens.ghostText')!.properties as unknown as Record<string, { default: unknown }>)[
    'rnnLens.completion.minProbability'
  ].default;
  assert.equal(minProbabilityFor({}), setting);
  assert.equal(minProbabilityFor({ completion: { minProbability: 0.61 } }), 0.61);
  assert.equal(minProbabilityFor({ completion: { minProbability: 7 } }), setting);
  assert.equal(minProbabilityFor({ completion: { minProbability: '0.6' as unknown as number } }), setting);
  // every bundled language model carries the threshold chosen for it on dev
  for (const id of ['lm-lstm', 'lm-gru']) {
    const card = JSON.parse(fs.readFileSync(path.join(__dirname, '../../models', id, 'card.json'), 'utf8'));
    assert.equal(typeof card.completion?.minProbability, 'number', id);
  }
});

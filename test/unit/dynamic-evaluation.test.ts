// Dynamic evaluation: the network learns from the document being written, keeps what it learned
// while the writer types on (and while the window moves on), and forgets it for another document.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CompletionService } from '../../src/core/completion/completion';
import { DocumentAdaptation } from '../../src/lab/dynamic-evaluation';
import { LanguageModelRunner } from '../../src/core/completion/language-model';
import { loadModelDir } from '../../src/core/model/model-bundle';
import { tinyModelsRoot } from './helpers/tiny-models';

const lm = () => loadModelDir(path.join(tinyModelsRoot(), 'tiny-lm-lstm'));
/** a sentence the tiny model's training text never has: "the rug saw the cat" */
const NEW_SENTENCE = 'the rug saw the cat . ';

/** The network's probability of `word` after `context` (its own runner: nothing cached from before). */
function pNext(loaded: ReturnType<typeof lm>, context: string, word: string): number {
  const runner = new LanguageModelRunner(loaded);
  const ids = Array.from(loaded.vocabulary.encode(['<eos>', ...context.split(' ')]));
  return runner.distribution(runner.stateAfter(ids)!)[loaded.vocabulary.exact(word)];
}

const trainedValues = (loaded: ReturnType<typeof lm>) => loaded.model.params.map((p) => p.value.slice());
const same = (a: Float32Array[], b: Float32Array[]) => a.every((v, i) => v.every((x, j) => x === b[i][j]));

test('after reading a document, the network expects what the document says; another document starts from the trained weights', () => {
  const loaded = lm();
  const trained = trainedValues(loaded);
  const before = pNext(loaded, 'the rug saw the', 'cat');
  const adaptation = new DocumentAdaptation(loaded, { scope: 'all', rate: 0.1, segment: 5 });
  const doc = NEW_SENTENCE.repeat(12);
  // one segment per call, as between keystrokes
  while (adaptation.update(doc));
  assert.ok(adaptation.steps >= 10, `learned from the whole document (${adaptation.steps} steps)`);
  const after = pNext(loaded, 'the rug saw the', 'cat');
  assert.ok(after > before + 0.05, `p(cat | the rug saw the): ${before.toFixed(3)} -> ${after.toFixed(3)}`);
  // a different document (its first sentence still being written): the trained weights again, bit for bit
  assert.equal(adaptation.update('The dog sat on the'), false);
  assert.equal(adaptation.steps, 0);
  assert.ok(same(trainedValues(loaded), trained));
});

test('only finished sentences are learned from, and typing on, an edit above or the window moving on keep what was learned', () => {
  const loaded = lm();
  const adaptation = new DocumentAdaptation(loaded, { scope: 'output', rate: 0.1, segment: 5 });
  // an unfinished sentence is not read: the writer may still change it
  assert.equal(adaptation.update('the rug saw the cat the rug saw the cat the'), false);
  const doc = NEW_SENTENCE.repeat(80); // 1,760 characters
  while (adaptation.update(doc));
  const learned = adaptation.steps;
  assert.ok(learned > 50);
  // typing on: one more sentence, read from where reading stopped
  while (adaptation.update(doc + NEW_SENTENCE));
  assert.ok(adaptation.steps > learned && adaptation.steps <= learned + 2, `${learned} -> ${adaptation.steps}`);
  const typedOn = adaptation.steps;
  // the extension's window moved on by 1,000 characters: nothing is forgotten
  assert.equal(adaptation.update((doc + NEW_SENTENCE).slice(1000)), false);
  assert.equal(adaptation.steps, typedOn);
  // an edit in the last third: the sentences after it are read again, the rest is kept
  const edited = (doc + NEW_SENTENCE).slice(1000).replace(/cat \. $/, 'dog . ');
  while (adaptation.update(edited));
  assert.ok(adaptation.steps >= typedOn, 'not started again');
});

test('the completer forgets distributions it saved before the network learned', () => {
  const loaded = lm();
  const service = new CompletionService(new LanguageModelRunner(loaded), new DocumentAdaptation(loaded, { scope: 'output', rate: 0.5, segment: 5 }));
  const doc = NEW_SENTENCE.repeat(6) + 'the rug saw the ';
  const first = service.complete(doc, { words: 1, k: 1, cacheWeight: 0 }).completions[0];
  let learned = 0;
  while (service.learn(doc)) learned++;
  assert.ok(learned > 0);
  const again = service.complete(doc, { words: 1, k: 1, cacheWeight: 0 }).completions[0];
  // what a completer with nothing saved says for the adapted weights
  const fresh = new CompletionService(new LanguageModelRunner(loaded)).complete(doc, { words: 1, k: 1, cacheWeight: 0 }).completions[0];
  assert.equal(again.p, fresh.p);
  assert.notEqual(again.p, first.p);
});

// The typing simulation's accounting on tiny hand-made texts whose answers are worked out by hand.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentWordsCompleter, scoreTyping, simulateTyping, traceTyping, Completer } from '../../src/core/completion/typing-simulation';

const DOC = 'alpha beta alpha beta\n';

/** knows the document: proposes the rest of the word being typed (and a next word after it) */
const oracle =
  (doc: string): Completer =>
  (before) => {
    const start = before.search(/\S*$/);
    const word = /^\S*/.exec(doc.slice(start))![0];
    return [{ text: word.slice(before.length - start) + ' next', p: 0.9 }];
  };

test('a completer that is always right saves all but one keystroke of every word', () => {
  const r = simulateTyping(DOC, oracle(DOC));
  // 22 characters; words of 5, 4, 5, 4 letters each cost one Tab: 4 + 3 + 4 + 3 saved
  assert.deepEqual(r, { keystrokes: 22, saved: 14, asks: 4, shown: 4, right: 4 });
});

test('the document-words baseline: nothing before a letter is typed, then the most frequent earlier word', () => {
  const r = simulateTyping(DOC, documentWordsCompleter());
  // first alpha: 5 asks, no earlier words; beta: 4 asks; second alpha: ask at 0 letters (nothing),
  // at "a" -> "lpha" (right: 5 - 1 - 1 = 3 saved); second beta: at "b" -> "eta" (2 saved)
  assert.deepEqual(r, { keystrokes: 22, saved: 5, asks: 13, shown: 2, right: 2 });
});

test('wrong proposals cost nothing but attention; punctuation and spaces are typed', () => {
  const r = simulateTyping('Hello, world. Hi!', () => [{ text: 'zzz' }]);
  // cores: Hello (5 asks), world (5), Hi (2): every ask shown, none right
  assert.deepEqual(r, { keystrokes: 17, saved: 0, asks: 12, shown: 12, right: 0 });
  // case does not matter for acceptance: "hello" proposed for "Hello" is right
  const cased = simulateTyping('Hello there', (before) => (before === '' ? [{ text: 'hello' }] : []));
  assert.equal(cased.saved, 4);
});

test('a threshold hides unsure proposals: scoring one trace at several thresholds', () => {
  // right at the start of every word, but only 0.3 sure; at the second letter 0.8 sure
  const unsure: Completer = (before) => {
    const typed = /\S*$/.exec(before)![0];
    const start = before.length - typed.length;
    const word = /^\S*/.exec(DOC.slice(start))![0];
    return [{ text: word.slice(typed.length), p: typed.length === 0 ? 0.3 : 0.8 }];
  };
  const trace = traceTyping(DOC, unsure);
  assert.deepEqual(scoreTyping(trace, 0), { keystrokes: 22, saved: 14, asks: 4, shown: 4, right: 4 });
  // above 0.3: accepted after one typed letter, saving one keystroke less per word
  assert.deepEqual(scoreTyping(trace, 0.5), { keystrokes: 22, saved: 10, asks: 8, shown: 4, right: 4 });
  assert.deepEqual(scoreTyping(trace, 0.9), { keystrokes: 22, saved: 0, asks: 18, shown: 0, right: 0 });
});

test("a commit message is read after the repository's earlier ones, one a line, oldest first, without git's comment lines", async () => {
  const { commitMessageText, logContext } = await import('../../src/core/completion/commit-context');
  assert.equal(logContext(['Fix the cache\n\nIt kept stale rows.\n# a comment', 'Add the cache']), 'Add the cache\nFix the cache It kept stale rows.\n');
  assert.equal(logContext([]), '');
  assert.equal(logContext(['# only a comment\n']), '');
  assert.equal(commitMessageText('Fix the ca\n# Please enter the commit message'), 'Fix the ca');
  assert.equal(commitMessageText('Fix\n\n# Changes to be committed:\n#\tmodified: a.ts'), 'Fix\n');
});

test('word by word: the further words of a right proposal, taken with one keystroke each while they match', () => {
  const doc = 'thank you very much indeed\n';
  // at the start of every word: that word and the two after it, as the document has them
  const ahead: Completer = (before) => {
    const typed = /\S*$/.exec(before)![0];
    if (typed) return [];
    const words = doc.slice(before.length).trim().split(/\s+/).slice(0, 3);
    return [{ text: words.join(' '), p: 0.9 }];
  };
  const trace = traceTyping(doc, ahead);
  // first-word accounting: every word taken at its start, one Tab each: 4 + 2 + 3 + 3 + 5
  assert.deepEqual(scoreTyping(trace, 0), { keystrokes: 27, saved: 17, asks: 5, shown: 5, right: 5 });
  // word by word: "thank" (4 saved), then " you" (4 characters, 3 saved) and " very" (4): the
  // writer goes on at "much", takes it (3) with " indeed" (6): 4 + 3 + 4 + 3 + 6 = 20, two asks
  assert.deepEqual(scoreTyping(trace, 0, true), { keystrokes: 27, saved: 20, asks: 2, shown: 2, right: 2 });
  // a further word that is not what comes next is not taken, nor anything after it
  const wrongSecond: Completer = (before) => (before === '' ? [{ text: 'thank me very', p: 0.9 }] : []);
  const t2 = traceTyping(doc, wrongSecond);
  assert.deepEqual(scoreTyping(t2, 0, true), scoreTyping(t2, 0));
});

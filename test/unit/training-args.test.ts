// The training scripts' flags take the type of their defaults: a value that does not fit stops
// the script at once with a usage line (it used to become NaN somewhere in training).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const run = (script: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'lab', script), ...args], { cwd: ROOT, encoding: 'utf8' });

test('a number flag given a word, an unknown choice or an unknown flag stop with a usage line', () => {
  const word = run('train-lm.ts', ['--epochs', 'five']);
  assert.equal(word.status, 2);
  assert.match(word.stderr, /--epochs must be a number \(got "five"\)\nusage: train-lm/);
  const choice = run('train-sentiment.ts', ['--cell', 'rnn']);
  assert.equal(choice.status, 2);
  assert.match(choice.stderr, /--cell must be one of simple, gru, lstm \(got "rnn"\)/);
  const unknown = run('train-sentiment.ts', ['--epoch', '3']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Unknown option '--epoch'/);
});

test('Korean training refuses the English-only options, and an unknown language, before reading any data', () => {
  const glove = run('train-sentiment.ts', ['--language', 'ko', '--glove']);
  assert.equal(glove.status, 2);
  assert.match(glove.stderr, /--glove, --table, --write-table, --init-embeddings, --negation and --reviews are for English models/);
  const table = run('train-sentiment.ts', ['--language', 'ko', '--table', 'word-vectors-en']);
  assert.equal(table.status, 2);
  assert.match(table.stderr, /are for English models/);
  const language = run('train-sentiment.ts', ['--language', 'ja']);
  assert.equal(language.status, 2);
  assert.match(language.stderr, /--language must be one of en, ko \(got "ja"\)/);
});

test('a shared table is read as it is: not with a GloVe start, and a missing one is named', () => {
  const both = run('train-sentiment.ts', ['--table', 'word-vectors-en', '--glove']);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--table is read as it is: not with --glove/);
  const missing = run('train-sentiment.ts', ['--table', 'no-such-table']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--table no-such-table: .*no-such-table[/\\]table\.json: file is missing/);
  const vocab = run('train-sentiment.ts', ['--glove-vocab', '30000']);
  assert.equal(vocab.status, 2);
  assert.match(vocab.stderr, /--glove-vocab adds GloVe words: it needs --glove/);
});

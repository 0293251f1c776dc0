// Batched sentiment gives the verdicts one-by-one reading gives: classifyLines (the CLI's many
// lines), the pool that shares them with a worker thread, and analyzeSentiment's sentences.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { ClassifyPool, PARALLEL_FROM } from '../../src/core/sentiment/classify-pool';
import { classifyLines } from '../../src/core/sentiment/classify-lines';
import { defaultModelsRoot, ModelRegistry } from '../../src/core/model/registry';
import { analyzeSentiment, positiveProbability } from '../../src/core/sentiment/sentiment';
import { tokenize } from '../../src/core/text/tokenizer';
import { encodeTokens } from '../../src/core/text/vocabulary';
import { readSst2 } from '../../src/lab/sentiment-data';

const root = defaultModelsRoot(path.resolve(__dirname, '..', '..', 'src', 'core'));
const registry = new ModelRegistry(root);
const loaded = registry.loadFor('sentiment');

/** SST-2 dev sentences as raw lines, with lines the model cannot read mixed in */
function lines(count: number): string[] {
  const dev = readSst2('dev').map((e) => e.text);
  const odd = ['', '   ', '\u0000\u0001\u0002\u0003 binary', 'Это совсем не по-английски.', '🙂🙂', 'x'.repeat(3000), 'great '.repeat(700)];
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) out.push(i % 50 === 7 ? odd[((i / 50) % odd.length) | 0] : dev[i % dev.length]);
  return out;
}

test('classifyLines in batches equals reading each line alone (≤ 1e-5), no verdict where there is no evidence', () => {
  const input = lines(400);
  const verdicts = classifyLines(loaded, input);
  assert.equal(verdicts.length, input.length);
  let compared = 0;
  input.forEach((line, i) => {
    const v = verdicts[i];
    if (v.label === null) {
      assert.ok(v.reason, `line ${i}: no verdict needs a reason`);
      return;
    }
    const alone = positiveProbability(loaded, encodeTokens(tokenize(line), loaded.vocabulary));
    assert.ok(Math.abs(alone - v.positive!) <= 1e-5, `line ${i}: ${alone} alone, ${v.positive} in a batch`);
    compared++;
  });
  assert.ok(compared > 350, `${compared} lines had a verdict`);
  assert.ok(verdicts.filter((v) => v.label === null).length >= 4, 'the unreadable lines got none');
});

test('the pool on both cores answers in input order with the same verdicts as one thread', async () => {
  const input = lines(PARALLEL_FROM + 700);
  const pool = new ClassifyPool(loaded, 2);
  try {
    const both = await pool.classify(input);
    const one = classifyLines(loaded, input);
    assert.equal(both.length, one.length);
    both.forEach((v, i) => {
      assert.equal(v.label, one[i].label, `line ${i}`);
      if (v.positive !== null) assert.ok(Math.abs(v.positive - one[i].positive!) <= 1e-5, `line ${i}`);
    });
  } finally {
    pool.close();
  }
});

test('a worker that cannot start costs nothing but time: its share is classified on this thread, and it is said once', async () => {
  const input = lines(PARALLEL_FROM + 300);
  const failures: string[] = [];
  const pool = new ClassifyPool(loaded, 2, (e) => failures.push(e.message), 'no-such-worker');
  try {
    const got = await pool.classify(input);
    const one = classifyLines(loaded, input);
    assert.deepEqual(
      got.map((v) => v.label),
      one.map((v) => v.label),
    );
    assert.equal(failures.length, 1, 'the failure is reported once');
    // later batches do not try again
    assert.equal((await pool.classify(input)).length, input.length);
    assert.equal(failures.length, 1);
  } finally {
    pool.close();
  }
});

test('analyzeSentiment steps its sentences together and gives what each sentence alone gives', () => {
  const text = readSst2('dev')
    .slice(0, 150)
    .map((e) => e.text.replace(/\s*[.!?]*\s*$/, '.'))
    .map((sentence) => sentence[0].toUpperCase() + sentence.slice(1))
    .join(' ');
  const r = analyzeSentiment(loaded, text);
  assert.ok(r.sentences.length > 100, `${r.sentences.length} sentences`);
  for (const s of r.sentences) {
    const alone = positiveProbability(loaded, encodeTokens(tokenize(s.text), loaded.vocabulary));
    assert.ok(Math.abs(alone - s.positive) <= 1e-5, `"${s.text}": ${alone} alone, ${s.positive} together`);
  }
  // cancelled after the first group: fewer sentences, no error
  let asks = 0;
  const cancelled = analyzeSentiment(loaded, text, { isCancelled: () => asks++ > 0 });
  assert.ok(cancelled.sentences.length > 0 && cancelled.sentences.length < r.sentences.length);
});

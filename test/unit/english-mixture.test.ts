// The broad English language model's data: the source sampler draws each source in proportion to
// its weight, in stretches that start at sentence starts; the held-out split is by whole document,
// whole book and whole project (no document on both sides).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/core/random';
import { sampleMixture, sentenceStarts, type MixtureSource } from '../../src/core/training/source-mixture';
import { commitSide, HELD_OUT_BOOKS, HELD_OUT_PROJECTS, parseCommits, parseProse, proseSide } from '../../src/lab/english-data';

const EOS = 2;

/** A source of `n` sentences of 4 tokens, every token its own id (so where a token came from is known). */
function source(name: string, base: number, n: number, weight: number): MixtureSource {
  const ids: number[] = [];
  for (let s = 0; s < n; s++) ids.push(base, base + 1, base + 2, EOS);
  const stream = Int32Array.from(ids);
  return { name, ids: stream, starts: sentenceStarts(stream, EOS), weight };
}

test('the sampler gives each source its weight of the tokens, whatever its size', () => {
  const sources = [source('big', 10, 50_000, 0.2), source('small', 20, 500, 0.5), source('mid', 30, 5_000, 0.3)];
  const { ids, taken } = sampleMixture(sources, 400_000, 64, new Rng(7));
  assert.equal(ids.length, 400_000);
  const total = Object.values(taken).reduce((a, b) => a + b, 0);
  assert.equal(total, 400_000);
  for (const s of sources)
    assert.ok(Math.abs(taken[s.name] / total - s.weight) < 0.02, `${s.name}: ${(taken[s.name] / total).toFixed(3)} for weight ${s.weight}`);
  // the tokens really are the sources' (by the ids each source uses)
  let fromSmall = 0;
  for (const id of ids) if (id >= 20 && id < 23) fromSmall++;
  assert.ok(Math.abs(fromSmall / (0.75 * 400_000) - 0.5) < 0.03);
  // a source of weight 0 is never read
  const none = sampleMixture([source('a', 10, 100, 1), source('zero', 40, 100, 0)], 10_000, 16, new Rng(1));
  assert.equal(none.taken.zero, 0);
  assert.ok(!none.ids.some((id) => id >= 40));
});

test('stretches begin at sentence starts', () => {
  const s = source('s', 10, 1000, 1);
  // stretches of 4 (a sentence here is 4 tokens, so none is cut short at the source's end)
  const { ids } = sampleMixture([s], 10_000, 4, new Rng(3));
  for (let i = 0; i < ids.length; i += 4) assert.equal(ids[i], 10, `stretch at ${i} begins with ${ids[i]}`);
  // a stretch longer than a sentence runs on into the next one
  const long = sampleMixture([s], 12, 12, new Rng(3)).ids;
  assert.deepEqual(Array.from(long.subarray(0, 8)), [10, 11, 12, EOS, 10, 11, 12, EOS]);
  assert.deepEqual(Array.from(sentenceStarts(Int32Array.from([5, EOS, 6, 7, EOS, 8]), EOS)), [0, 2, 5]);
});

test('held out by whole document: a header decides its side, and no document is on both sides', () => {
  const text = Array.from({ length: 400 }, (_, i) => `# docs/page-${i}\nFirst paragraph of page ${i}.\nSecond paragraph.\n`).join('\n');
  const docs = parseProse(text, 'docs', 'docs-x.txt');
  assert.equal(docs.length, 400);
  const sides = docs.map((d) => proseSide('docs', d.name));
  for (const side of ['train', 'dev', 'test']) assert.ok(sides.includes(side as never), side);
  // the same header always lands on the same side, with both its paragraphs
  assert.deepEqual(
    docs.map((d) => proseSide('docs', d.name)),
    sides,
  );
  assert.ok(docs.every((d) => d.paragraphs.length === 2));
  const share = sides.filter((s) => s !== 'train').length / sides.length;
  assert.ok(share > 0.02 && share < 0.1, `${share} held out`);
});

test('books are held out whole, and commit messages by project', () => {
  for (const book of HELD_OUT_BOOKS.test) assert.equal(proseSide('books', `standardebooks/${book}/chapter-3`), 'test');
  for (const book of HELD_OUT_BOOKS.dev) assert.equal(proseSide('books', `standardebooks/${book}/chapter-1`), 'dev');
  assert.equal(proseSide('books', 'standardebooks/jane-austen_pride-and-prejudice/chapter-1'), 'train');
  const log = ['# tmux/tmux', '', 'Fix a crash.', '', 'Add an option.', '', '# git/git', '', 'doc: fix a typo', 'It said teh.', ''].join('\n');
  const messages = parseCommits(log);
  assert.deepEqual(
    messages.map((m) => [m.origin, m.paragraphs.length]),
    [
      ['tmux/tmux', 1],
      ['tmux/tmux', 1],
      ['git/git', 2],
    ],
  );
  for (const p of HELD_OUT_PROJECTS.test) for (let i = 0; i < 50; i++) assert.equal(commitSide(p, i), 'test');
  for (const p of HELD_OUT_PROJECTS.dev) assert.equal(commitSide(p, 3), 'dev');
  // of another project, a few messages on each held-out side, the rest trained on
  const sides = Array.from({ length: 2000 }, (_, i) => commitSide('git/git', i));
  assert.ok(sides.filter((s) => s === 'test').length > 5 && sides.filter((s) => s === 'dev').length > 5);
  assert.ok(sides.filter((s) => s === 'train').length > 1900);
});

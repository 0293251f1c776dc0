// Property-based robustness tests (fast-check): the tokenizer on any Unicode, the engine on any
// token ids, model files cut or garbled anywhere. Each prints how many cases it ran.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { loadModelDir } from '../../src/core/model/model-bundle';
import { analyzeSentiment, EmptyInputError } from '../../src/core/sentiment/sentiment';
import { splitSentences, tokenize } from '../../src/core/text/tokenizer';
import { tinyModelsRoot } from './helpers/tiny-models';

const report = (name: string, cases: number) => console.log(`# property ${name}: ${cases} cases`);

// strings built from the hard parts of Unicode
const hard = fc.constantFrom(
  '\uD800',
  '\uDFFF',
  '\u200D',
  '👩‍👩‍👧',
  '🏳️‍🌈',
  '👍🏽',
  'e\u0301',
  '\u0301',
  'ש',
  'مرحبا',
  '\u202E',
  '\u202C',
  '한국어',
  'ㅋㅋ',
  '日本',
  '\uFEFF',
  '\uFFFD',
  '\u0000',
  '\r\n',
  '\t',
  "n't",
  "'s",
  '...',
  '--',
  ':)',
  '"',
  'http://x.y/z',
  'a@b.co',
  '-lrb-',
  ' ',
);
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.oneof(hard, fc.string({ unit: 'grapheme', maxLength: 8 })), { maxLength: 60 }).map((parts) => parts.join('')),
);

test('property: the tokenizer never throws; offsets are in range, ordered and not overlapping', () => {
  let cases = 0;
  fc.assert(
    fc.property(text, (s) => {
      cases++;
      const tokens = tokenize(s);
      let last = 0;
      for (const t of tokens) {
        if (!(t.start >= last && t.end > t.start && t.end <= s.length)) return false;
        last = t.end;
      }
      const spans = splitSentences(s, tokens);
      return spans.every((sp, i) => sp.first < sp.last && sp.last <= tokens.length && (i === 0 || sp.first === spans[i - 1].last));
    }),
    { numRuns: 5000 },
  );
  report('tokenizer offsets', cases);
});

test('property: a 1 MB line tokenizes in one piece, offsets in range', () => {
  const line = 'A fine film, though not a great one 👍🏽 '.repeat(26_000).slice(0, 1_000_000);
  const tokens = tokenize(line);
  assert.ok(tokens.length > 200_000);
  assert.ok(tokens.every((t, i) => t.end <= line.length && (i === 0 || t.start >= tokens[i - 1].end)));
});

test('property: sentiment of any text is a probability or a clear refusal, never NaN or a crash', () => {
  const loaded = loadModelDir(path.join(tinyModelsRoot(), 'tiny-sentiment-gru'));
  let cases = 0;
  fc.assert(
    fc.property(text, (s) => {
      cases++;
      try {
        const r = analyzeSentiment(loaded, s);
        return r.positive >= 0 && r.positive <= 1 && (r.label === null) === (r.reason !== undefined) && r.sentences.every((x) => Number.isFinite(x.positive));
      } catch (e) {
        return e instanceof EmptyInputError;
      }
    }),
    { numRuns: 1500 },
  );
  report('sentiment of any text', cases);
});

test('property: the engine on any ids: in range gives finite outputs, out of range an error naming the id', () => {
  const loaded = loadModelDir(path.join(tinyModelsRoot(), 'tiny-sentiment-bigru'));
  const V = loaded.vocabulary.size;
  let cases = 0;
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -5, max: V + 5 }), { minLength: 1, maxLength: 60 }), (ids) => {
      cases++;
      const bad = ids.find((id) => id < 0 || id >= V);
      try {
        const out = loaded.model.predict(Int32Array.from(ids));
        return bad === undefined && Array.from(out).every(Number.isFinite);
      } catch (e) {
        return bad !== undefined && new RegExp(`token id ${bad} outside the vocabulary`).test((e as Error).message);
      }
    }),
    { numRuns: 2000 },
  );
  report('engine ids', cases);
});

test('property: model files cut short or garbled anywhere give an error naming the file, never a model', () => {
  const source = path.join(tinyModelsRoot(), 'tiny-sentiment-gru');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-garbled-'));
  const files = ['model.json', 'group1-shard1of1.bin', 'vocab.json', 'card.json'];
  const originals = Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(source, f))]));
  let cases = 0;
  let loadedAnyway = 0;
  fc.assert(
    fc.property(
      fc.constantFrom(...files),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.boolean(),
      fc.integer({ min: 1, max: 255 }),
      (file, where, cut, xor) => {
        cases++;
        for (const f of files) fs.writeFileSync(path.join(dir, f), originals[f]);
        const bytes = Buffer.from(originals[file]);
        const at = Math.min(bytes.length - 1, Math.floor(where * bytes.length));
        if (cut) fs.writeFileSync(path.join(dir, file), bytes.subarray(0, at));
        else {
          bytes[at] ^= xor;
          fs.writeFileSync(path.join(dir, file), bytes);
        }
        try {
          const m = loadModelDir(dir);
          // a flipped byte inside a float, or a string the format allows, still loads: then it
          // must still be a working model of the right shape (outputs finite or a clear error)
          loadedAnyway++;
          const out = m.model.predict(Int32Array.from([2, 3]));
          return !cut || file === 'card.json' ? out.length === 1 : false;
        } catch (e) {
          return (e as Error).message.includes(file) || (e as Error).message.includes(dir);
        }
      },
    ),
    // RNN_LENS_GARBLED_RUNS=100000 for the long run the README reports; CI keeps 400
    {
      numRuns: Number(process.env.RNN_LENS_GARBLED_RUNS ?? 400),
      seed: process.env.RNN_LENS_GARBLED_SEED ? Number(process.env.RNN_LENS_GARBLED_SEED) : undefined,
    },
  );
  report(`model files cut or garbled (${loadedAnyway} byte flips still loaded)`, cases);
});

// A labelled file's labels read strictly: a row with an empty or missing label is skipped and
// counted, never read as 0 or NaN; the label rule comes from the whole column (1/2, 0–4, 0–5, 1–5,
// 0–10) and is stated; UTF-16 and a byte-order mark are read as what they are; an over-size file is
// refused from its size alone.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readLabelledText } from '../../src/core/training/labelled-file';
import { decodeLabelled, LABELLED_FILE_LIMIT_MB, trainSentimentOnFile } from '../../src/core/training/user-training';
import { tinyModelsRoot } from './helpers/tiny-models';
import { inEnglish } from '../../src/core/messages';
import { skippedCounts } from '../../src/core/training/labelled-file';

const tsv = (rows: string[]) => 'label\ttext\n' + rows.join('\n') + '\n';

test('an empty or missing label is a skipped row with its reason, not a negative one', () => {
  const f = readLabelledText(tsv(['1\ta fine film', '\tan empty label cell', '0\ta dull film', '1\tanother good one']), 'x.tsv');
  assert.deepEqual(
    f.rows.map((r) => r.label),
    [1, 0, 1],
  );
  assert.equal(skippedCounts(f.skipped)['no label'], 1);
  const jsonl = readLabelledText(['{"text": "good", "label": 1}', '{"text": "no label field"}', '{"text": "bad", "label": 0}'].join('\n'), 'x.jsonl');
  assert.deepEqual(
    jsonl.rows.map((r) => r.label),
    [1, 0],
  );
  assert.ok(jsonl.rows.every((r) => Number.isFinite(r.label)));
  assert.equal(skippedCounts(jsonl.skipped)['no label'], 1);
});

test('labels 1/2, SST-5 0–4 and 0–5 stars are read as such, and the rule is said', () => {
  const oneTwo = readLabelledText(tsv(['2\tgreat', '1\tawful', '2\tlovely', '1\tboring']), 'x.tsv');
  assert.match(inEnglish(oneTwo.labelRule), /1–2/);
  assert.deepEqual(
    oneTwo.rows.map((r) => r.label),
    [1, 0, 1, 0],
  );
  const sst5 = readLabelledText(tsv(['0\tterrible', '1\tweak', '2\tso-so', '3\tgood', '4\tsuperb']), 'x.tsv');
  assert.match(inEnglish(sst5.labelRule), /0–4/);
  assert.deepEqual(
    sst5.rows.map((r) => r.label),
    [0, 0, 1, 1],
  );
  assert.equal(skippedCounts(sst5.skipped)['rating 2 (neutral)'] ?? Object.values(skippedCounts(sst5.skipped))[0], 1);
  const stars = readLabelledText(tsv(['0\tworst', '5\tbest', '4\tgood', '1\tbad', '3\tmeh']), 'x.tsv');
  assert.match(inEnglish(stars.labelRule), /0–5/);
  assert.deepEqual(
    stars.rows.map((r) => r.label),
    [0, 1, 1, 0],
  );
  // a 1–5 file is still read as before
  const five = readLabelledText(tsv(['5\tbest', '1\tworst', '3\tmeh', '2\tpoor']), 'x.tsv');
  assert.match(inEnglish(five.labelRule), /rating of 5/);
  assert.deepEqual(
    five.rows.map((r) => r.label),
    [1, 0, 0],
  );
});

test('UTF-16 and a UTF-8 byte-order mark are decoded, not called binary or "not JSON"', () => {
  const text = tsv(['1\tgood', '0\tbad']);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  assert.equal(decodeLabelled(utf16, 'x.tsv'), text);
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"text": "good", "label": 1}\n{"text": "bad", "label": 0}\n')]);
  const jsonl = readLabelledText(decodeLabelled(bom, 'x.jsonl'), 'x.jsonl');
  assert.equal(jsonl.rows.length, 2);
  assert.throws(() => decodeLabelled(Buffer.from([1, 0, 2, 0, 0, 3]), 'blob.tsv'), /binary/);
});

test('a labelled file over the limit is refused from its size alone', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-big-'));
  const file = path.join(dir, 'big.tsv');
  // a sparse file: its size says it is too large, though nothing was written into it
  const fd = fs.openSync(file, 'w');
  fs.ftruncateSync(fd, (LABELLED_FILE_LIMIT_MB + 1) * 1024 * 1024);
  fs.closeSync(fd);
  const models = tinyModelsRoot();
  const started = Date.now();
  assert.throws(
    () => trainSentimentOnFile({ baseDir: path.join(models, 'tiny-sentiment-gru'), outRoot: path.join(dir, 'out'), file }),
    new RegExp(`larger than the ${LABELLED_FILE_LIMIT_MB} MB`),
  );
  assert.ok(Date.now() - started < 5000);
  assert.ok(!fs.existsSync(path.join(dir, 'out')));
});

// One model-file reader behind every loader: the same models, cards and errors whether the files
// are on disk or were fetched into memory (as a browser host will fetch them), so the checks live
// in one place and a reader only supplies bytes.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileMapReader } from '../../src/core/model/file-reader';
import { type AsyncFileSource, fetchCards, fetchedModelFiles, fetchModel } from '../../src/core/model/fetched-models';
import { listModels, loadModelDir, type LoadedModel } from '../../src/core/model/model-bundle';
import { ModelFileError } from '../../src/core/model/model-files';
import { ModelRegistry } from '../../src/core/model/registry';

const MODELS = path.resolve(__dirname, '../../models');

/** The models folder as a browser host would hold it: every file's bytes under /models/. */
function inMemory(only?: string[]): FileMapReader {
  const reader = new FileMapReader();
  for (const entry of fs.readdirSync(MODELS, { withFileTypes: true })) {
    if (only && !only.includes(entry.name) && entry.isDirectory()) continue;
    if (!entry.isDirectory()) {
      reader.set(`/models/${entry.name}`, fs.readFileSync(path.join(MODELS, entry.name)));
      continue;
    }
    for (const f of fs.readdirSync(path.join(MODELS, entry.name))) reader.set(`/models/${entry.name}/${f}`, fs.readFileSync(path.join(MODELS, entry.name, f)));
  }
  return reader;
}

const same = (a: LoadedModel, b: LoadedModel) => {
  assert.deepEqual(a.card, b.card);
  assert.deepEqual(a.vocabulary.words, b.vocabulary.words);
  assert.equal(a.vocabulary.options.inflections, b.vocabulary.options.inflections);
  assert.equal(a.model.params.length, b.model.params.length);
  a.model.params.forEach((p, i) =>
    assert.ok(
      p.value.every((v, j) => Object.is(v, b.model.params[i].value[j])),
      `${a.card.id} ${p.name}`,
    ),
  );
  assert.deepEqual(a.casing && [...a.casing], b.casing && [...b.casing]);
};

test('a model read from memory is the model read from disk, weight for weight (own vocabulary, a shared table, Korean)', () => {
  const ids = ['sentiment-gru', 'sentiment-simple-rnn', 'lm-ko-lstm'];
  const reader = inMemory([...ids, 'word-vectors-en']);
  for (const id of ids) same(loadModelDir(`/models/${id}`, reader), loadModelDir(path.join(MODELS, id)));
});

test('the registry lists and loads through the reader it is given', () => {
  const reader = inMemory(['sentiment-gru', 'word-vectors-en', 'lm-lstm']);
  const registry = new ModelRegistry('/models', [], undefined, reader);
  assert.deepEqual(
    registry.list().map((c) => c.id),
    ['lm-lstm', 'sentiment-gru'],
  );
  assert.equal(registry.load('sentiment-gru').card.id, 'sentiment-gru');
  assert.deepEqual(
    listModels(MODELS).map((m) => m.card.id),
    listModels('/models', undefined, inMemory()).map((m) => m.card.id),
  );
});

test('broken files give the same errors from memory as from disk: the checks are the loader’s, not the reader’s', () => {
  const cases: Array<[string, (files: FileMapReader) => void, RegExp]> = [
    [
      'a missing shard',
      (r) => r.delete('/models/sentiment-gru/group1-shard1of1.bin'),
      /group1-shard1of1\.bin: weight file is missing \(named in model\.json\)/,
    ],
    [
      'a truncated shard',
      (r) => r.set('/models/sentiment-gru/group1-shard1of1.bin', new Uint8Array(100)),
      /weight data is truncated: the manifest describes \d+ bytes, the file has 100/,
    ],
    ['corrupt JSON', (r) => r.set('/models/sentiment-gru/model.json', new TextEncoder().encode('{"modelTopology": ')), /model\.json: not valid JSON/],
    [
      'a card without a task',
      (r) => r.set('/models/sentiment-gru/card.json', new TextEncoder().encode('{"id": "x", "cell": "GRU"}')),
      /card\.json: model card has no "task"/,
    ],
    [
      'a weight path out of the models folder',
      (r) => {
        const json = JSON.parse(new TextDecoder().decode(r.read('/models/sentiment-gru/model.json')!));
        json.weightsManifest[0].paths = ['../../etc/passwd'];
        r.set('/models/sentiment-gru/model.json', new TextEncoder().encode(JSON.stringify(json)));
      },
      /weight path "\.\.\/\.\.\/etc\/passwd" leaves the models folder/,
    ],
  ];
  for (const [what, breakIt, expected] of cases) {
    const reader = inMemory(['sentiment-gru', 'word-vectors-en']);
    breakIt(reader);
    assert.throws(
      () => loadModelDir('/models/sentiment-gru', reader),
      (e: Error) => e instanceof ModelFileError && expected.test(e.message),
      what,
    );
  }
});

/** The models folder as an asynchronous source, as vscode.workspace.fs is in a browser host; counts what it reads. */
function asyncSource() {
  const read: string[] = [];
  const onDisk = (p: string) => path.join(MODELS, path.relative('/models', p));
  const source: AsyncFileSource = {
    list: async (dir) => {
      const entries = await fs.promises.readdir(onDisk(dir), { withFileTypes: true }).catch(() => null);
      return entries && entries.map((e) => ({ name: e.name, kind: e.isDirectory() ? ('folder' as const) : ('file' as const) }));
    },
    read: async (file) => {
      read.push(file);
      return fs.promises.readFile(onDisk(file)).catch(() => null);
    },
  };
  return { source, read };
}

test('fetched asynchronously: the cards list the models without a weight read, and a model fetched on use loads as from disk', async () => {
  const { source, read } = asyncSource();
  const reader = new FileMapReader();
  await fetchCards(source, reader, '/models');
  assert.ok(
    read.every((f) => f.endsWith('card.json') || f.endsWith('defaults.json')),
    read.join(', '),
  );
  const registry = new ModelRegistry('/models', [], undefined, reader);
  assert.deepEqual(
    registry.list().map((c) => c.id),
    listModels(MODELS).map((m) => m.card.id),
  );
  for (const id of ['sentiment-lstm', 'lm-ko-lstm']) {
    await fetchModel(source, reader, `/models/${id}`);
    same(registry.load(id), loadModelDir(path.join(MODELS, id)));
  }
  assert.ok(!read.some((f) => f.startsWith('/models/lm-lstm/') && !f.endsWith('card.json')), 'a model not used is not fetched');
});

test('a model.json naming a file outside the models folder does not get it fetched', async () => {
  const reader = new FileMapReader([['/models/x/card.json', new TextEncoder().encode('{"id":"x","task":"sentiment","cell":"GRU"}')]]);
  reader.set(
    '/models/x/model.json',
    new TextEncoder().encode(JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['../../secret.bin'], weights: [] }] })),
  );
  const asked: string[] = [];
  await fetchModel({ list: async () => null, read: async (f) => (asked.push(f), null) }, reader, '/models/x');
  assert.ok(!asked.some((f) => f.includes('secret')), asked.join(', '));
});

test('a worker without a disk is handed exactly the files of the model it reads, with its shared table, and loads the same model from them', async () => {
  const { source } = asyncSource();
  const reader = new FileMapReader();
  await fetchCards(source, reader, '/models');
  for (const id of ['sentiment-lstm', 'lm-ko-lstm', 'lm-lstm']) await fetchModel(source, reader, `/models/${id}`);
  for (const id of ['sentiment-lstm', 'lm-ko-lstm']) {
    const files = fetchedModelFiles(reader, `/models/${id}`);
    const table = JSON.parse(fs.readFileSync(path.join(MODELS, id, 'card.json'), 'utf8')).embeddingTable as string | undefined;
    // its own folder and its table's, nothing of another model's
    assert.ok(
      files.every(([f]) => f.startsWith(`/models/${id}/`) || (table && f.startsWith(`/models/${table}/`))),
      files.map(([f]) => f).join(', '),
    );
    assert.equal(
      !!table,
      files.some(([f]) => table !== undefined && f.startsWith(`/models/${table}/`)),
    );
    // what the worker then reads: the same weights as from disk
    same(loadModelDir(`/models/${id}`, new FileMapReader(files)), loadModelDir(path.join(MODELS, id)));
  }
});

// A word table several models share on disk (models/<table>/): each model.json names the table's
// rows by its path, stock tfjs and the engine both load it, and a model whose embedding is not
// the table's rows cannot be written as sharing it.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { listModels, loadModelDir, ModelCard, readEmbeddingTable, writeEmbeddingTable, writeModelDir } from '../../src/core/model/model-bundle';
import { ModelFileError } from '../../src/core/model/model-files';
import { trainTinySentiment } from './helpers/tiny-models';
import { loadTfjsModelDir } from './helpers/tfjs';

function card(id: string, cell: ModelCard['cell']): ModelCard {
  return {
    id,
    task: 'sentiment',
    cell,
    bidirectional: false,
    description: 'tiny test model',
    architecture: '',
    parameters: 0,
    bytes: 0,
    quantization: 'uint8',
    data: 'test',
    tokenization: 'test',
    metrics: {},
    training: {},
    reproduce: 'built by the tests',
  };
}

// A uint8 table of these tiny models is smaller than a model's own weights, a float32 one larger:
// both orders of the two weight files, which stock tfjs reads differently (model-files.ts, sharded).
for (const quantization of ['uint8', 'float32'] as const) {
  test(`two models share one ${quantization} table: neither has its own rows or vocabulary, both load in the engine and in stock tfjs over HTTP alike`, async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-table-'));
    const gru = trainTinySentiment('gru');
    const table = writeEmbeddingTable(path.join(root, 'words-en'), gru.vocabulary.words, gru.model.embedding.embeddings.value, quantization, { about: 'test' });
    assert.equal(table.vocabulary.size, gru.vocabulary.size);
    // what a model reads is the (quantized) rows, close to what was trained
    const trained = gru.model.embedding.embeddings.value;
    assert.ok(table.values.every((v, i) => Math.abs(v - trained[i]) < 0.02));
    const tableBytes = fs.statSync(path.join(root, 'words-en', 'embedding.bin')).size;

    const lstm = trainTinySentiment('lstm');
    for (const [id, m] of [
      ['tiny-gru', gru],
      ['tiny-lstm', lstm],
    ] as const) {
      m.model.embedding.embeddings.value.set(table.values);
      const written = writeModelDir(path.join(root, id), m.model, table.vocabulary, card(id, m === gru ? 'GRU' : 'LSTM'), 'uint8', table);
      assert.equal(written.embeddingTable, 'words-en');
      assert.ok(!fs.existsSync(path.join(root, id, 'vocab.json')));
      const files = (JSON.parse(fs.readFileSync(path.join(root, id, 'model.json'), 'utf8')).weightsManifest as Array<{ paths: string[] }>).map(
        (g) => g.paths[0],
      );
      const own = fs.statSync(path.join(root, id, 'group1-shard1of1.bin')).size;
      // the larger file first, as tfjs's shards are
      assert.deepEqual(files, own > tableBytes ? ['group1-shard1of1.bin', '../words-en/embedding.bin'] : ['../words-en/embedding.bin', 'group1-shard1of1.bin']);
    }
    // the table's folder is not listed as a model
    assert.deepEqual(
      listModels(root).map((m) => m.card.id),
      ['tiny-gru', 'tiny-lstm'],
    );

    for (const id of ['tiny-gru', 'tiny-lstm']) {
      const loaded = loadModelDir(path.join(root, id));
      assert.deepEqual(loaded.vocabulary.words, table.vocabulary.words);
      assert.deepEqual(Array.from(loaded.model.embedding.embeddings.value), Array.from(table.values));
      const ids = Array.from(loaded.vocabulary.encode(['a', 'great', 'movie', 'bad']));
      // tfjs joins "../words-en/embedding.bin" to the URL of model.json and fetches it
      const reference = await loadTfjsModelDir(path.join(root, id));
      assert.deepEqual(reference.getWeights()[0].dataSync(), table.values);
      const expected = (reference.predict(tf.tensor2d([ids], [1, ids.length], 'float32')) as tf.Tensor).dataSync();
      const out = loaded.model.forward(Int32Array.from(ids), ids.length, 1).output;
      assert.notEqual(out.kind, 'ids');
      if (out.kind !== 'ids') assert.ok(Math.abs(out.data[0] - expected[0]) < 1e-5, `${id}: engine ${out.data[0]}, tfjs ${expected[0]}`);
    }
  });
}

test('a model whose embedding is not the table cannot share it; a table or a card pointing elsewhere fails by name', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-table-'));
  const gru = trainTinySentiment('gru');
  const table = writeEmbeddingTable(path.join(root, 'words-en'), gru.vocabulary.words, gru.model.embedding.embeddings.value, 'uint8', {});
  // the trained float rows are not the quantized table's rows
  assert.throws(() => writeModelDir(path.join(root, 'x'), gru.model, table.vocabulary, card('x', 'GRU'), 'uint8', table), /not the rows of the table words-en/);

  gru.model.embedding.embeddings.value.set(table.values);
  writeModelDir(path.join(root, 'ok'), gru.model, table.vocabulary, card('ok', 'GRU'), 'uint8', table);
  const cardFile = path.join(root, 'ok', 'card.json');
  const c = JSON.parse(fs.readFileSync(cardFile, 'utf8'));
  fs.writeFileSync(cardFile, JSON.stringify({ ...c, embeddingTable: '../../etc' }));
  assert.throws(
    () => loadModelDir(path.join(root, 'ok')),
    (e: Error) => e instanceof ModelFileError && /is not a folder name/.test(e.message),
  );
  fs.writeFileSync(cardFile, JSON.stringify(c));

  // a weight path may reach a sibling folder, nothing further
  const modelFile = path.join(root, 'ok', 'model.json');
  const json = fs.readFileSync(modelFile, 'utf8');
  fs.writeFileSync(modelFile, json.replace('../words-en/embedding.bin', '../../words-en/embedding.bin'));
  assert.throws(() => loadModelDir(path.join(root, 'ok')), /weight path "\.\.\/\.\.\/words-en\/embedding\.bin" leaves the models folder/);
  fs.writeFileSync(modelFile, json);

  fs.rmSync(path.join(root, 'words-en', 'embedding.bin'));
  assert.throws(
    () => loadModelDir(path.join(root, 'ok')),
    (e: Error) => e instanceof ModelFileError && /embedding\.bin: weight file is missing/.test(e.message),
  );
  fs.writeFileSync(path.join(root, 'words-en', 'vocab.json'), '["<pad>", "<unk>", "good"]');
  assert.throws(() => readEmbeddingTable(path.join(root, 'words-en')), /rows, vocab\.json 3 words/);
});

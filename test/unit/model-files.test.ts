// Model folders on disk: what loads, and the errors that name the file when something is wrong.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadModelDir } from '../../src/core/model-bundle';
import { decodeWeights, encodeWeights, ModelFileError } from '../../src/core/model-files';
import { ModelRegistry } from '../../src/core/registry';
import { tinyModelsRoot } from './helpers/tiny-models';

function copyModel(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-broken-'));
  fs.cpSync(path.join(tinyModelsRoot(), name), dir, { recursive: true });
  return dir;
}

test('a model folder loads: weights, vocabulary and card agree', () => {
  const m = loadModelDir(path.join(tinyModelsRoot(), 'tiny-sentiment-gru'));
  assert.equal(m.card.id, 'tiny-sentiment-gru');
  assert.equal(m.model.embedding.inputDim, m.vocabulary.size);
  assert.ok(m.model.parameterCount > 100);
});

test('missing, truncated, corrupt or mismatched files give errors naming the file', () => {
  const missingShard = copyModel('tiny-sentiment-gru');
  fs.rmSync(path.join(missingShard, 'group1-shard1of1.bin'));
  assert.throws(
    () => loadModelDir(missingShard),
    (e: Error) => e instanceof ModelFileError && /group1-shard1of1\.bin: weight file is missing/.test(e.message),
  );

  const truncated = copyModel('tiny-sentiment-gru');
  const shard = path.join(truncated, 'group1-shard1of1.bin');
  fs.writeFileSync(shard, fs.readFileSync(shard).subarray(0, 100));
  assert.throws(() => loadModelDir(truncated), /shard1of1\.bin: weight data is truncated: the manifest describes \d+ bytes, the file has 100/);

  const corrupt = copyModel('tiny-sentiment-gru');
  fs.writeFileSync(path.join(corrupt, 'model.json'), '{"modelTopology": ');
  assert.throws(() => loadModelDir(corrupt), /model\.json: not valid JSON/);

  const noModel = copyModel('tiny-sentiment-gru');
  fs.rmSync(path.join(noModel, 'model.json'));
  assert.throws(() => loadModelDir(noModel), /model\.json: file is missing/);

  const wrongVocab = copyModel('tiny-sentiment-gru');
  fs.writeFileSync(path.join(wrongVocab, 'vocab.json'), JSON.stringify(['<pad>', '<unk>', 'only']));
  assert.throws(() => loadModelDir(wrongVocab), /vocab\.json: has 3 words but the model's Embedding expects \d+/);

  const badShape = copyModel('tiny-sentiment-gru');
  const mj = JSON.parse(fs.readFileSync(path.join(badShape, 'model.json'), 'utf8'));
  mj.modelTopology.config.layers[1].config.units = 9;
  fs.writeFileSync(path.join(badShape, 'model.json'), JSON.stringify(mj));
  assert.throws(() => loadModelDir(badShape), /model\.json: weight .*kernel has shape \[8,24\], layer gru needs \[8,27\]/);
});

test('a broken model fails alone: the registry still serves the others', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-root-'));
  fs.cpSync(tinyModelsRoot(), root, { recursive: true });
  fs.rmSync(path.join(root, 'tiny-lm-lstm', 'group1-shard1of1.bin'));
  const registry = new ModelRegistry(root);
  assert.throws(() => registry.loadFor('language-model'), /tiny-lm-lstm.*group1-shard1of1\.bin: weight file is missing/);
  assert.equal(registry.loadFor('sentiment').card.id, 'tiny-sentiment-gru');
});

test('quantized weights round-trip within half a quantization step', () => {
  const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3 - 0.5);
  for (const q of ['uint8', 'uint16', 'float16'] as const) {
    const { specs, bytes } = encodeWeights([{ name: 'w', shape: [10, 100], values }], q);
    const [back] = decodeWeights(specs, bytes, 'mem');
    // |values| < 4: a float16 step there is 2^-9
    const step = q === 'uint8' ? 6 / 255 : q === 'uint16' ? 6 / 65535 : 2 ** -9;
    let worst = 0;
    for (let i = 0; i < values.length; i++) worst = Math.max(worst, Math.abs(back.values[i] - values[i]));
    assert.ok(worst <= step / 2 + 1e-6, `${q}: worst error ${worst}`);
    assert.equal(bytes.byteLength, 1000 * (q === 'uint8' ? 1 : 2));
  }
});

// Model folders on disk: what loads, and the errors that name the file when something is wrong.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadModelDir } from '../../src/core/model/model-bundle';
import { decodeWeights, encodeWeights, ModelFileError } from '../../src/core/model/model-files';
import { ModelRegistry } from '../../src/core/model/registry';
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

test('crafted models are refused before any arithmetic, each error naming the file', () => {
  const edit = (dir: string, f: (m: { modelTopology: unknown; weightsManifest: Array<Record<string, unknown>> }) => void) => {
    const file = path.join(dir, 'model.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    f(json);
    fs.writeFileSync(file, JSON.stringify(json));
  };
  // a manifest key misspelt
  const misspelt = copyModel('tiny-sentiment-gru');
  edit(misspelt, (m) => {
    m.weightsManifest[0].pahts = m.weightsManifest[0].paths;
    delete m.weightsManifest[0].paths;
  });
  assert.throws(
    () => loadModelDir(misspelt),
    (e: Error) => e instanceof ModelFileError && /model\.json/.test(e.message) && /"paths"/.test(e.message),
  );
  // a NaN weight (float32 model: write one into the shard)
  const nan = copyModel('tiny-sentiment-gru');
  edit(nan, (m) => {
    for (const w of m.weightsManifest[0].weights as Array<Record<string, unknown>>) delete w.quantization;
  });
  const { weights } = JSON.parse(fs.readFileSync(path.join(nan, 'model.json'), 'utf8')).weightsManifest[0];
  const floats = weights.reduce((n: number, w: { shape: number[] }) => n + w.shape.reduce((a: number, b: number) => a * b, 1), 0);
  const shard = new Float32Array(floats).fill(0.01);
  shard[3] = NaN;
  fs.writeFileSync(path.join(nan, 'group1-shard1of1.bin'), Buffer.from(shard.buffer));
  assert.throws(() => loadModelDir(nan), /group1-shard1of1\.bin.*not a finite number/);
  // an activation that names a property of every object
  for (const name of ['constructor', '__proto__', 'toString']) {
    const odd = copyModel('tiny-sentiment-gru');
    const file = path.join(odd, 'model.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/"activation":\s*"[a-z_]+"/, `"activation":"${name}"`));
    assert.throws(
      () => loadModelDir(odd),
      (e: Error) => /unsupported activation/.test(e.message) && e.message.includes(odd),
      name,
    );
  }
  // a shard that is a link to a file outside the models folder: refused without reading it
  // (the models folder is the model folder's parent: shared tables are siblings)
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-linked-'));
  const linked = path.join(root, 'models', 'm');
  fs.cpSync(path.join(tinyModelsRoot(), 'tiny-sentiment-gru'), linked, { recursive: true });
  const outside = path.join(root, 'secret.bin');
  fs.copyFileSync(path.join(linked, 'group1-shard1of1.bin'), outside);
  fs.rmSync(path.join(linked, 'group1-shard1of1.bin'));
  fs.symlinkSync(outside, path.join(linked, 'group1-shard1of1.bin'));
  assert.throws(() => loadModelDir(linked), /is a link to .*outside the models folder/);
  // a huge vocabulary: refused from its size alone, quickly
  const huge = copyModel('tiny-sentiment-gru');
  const fd = fs.openSync(path.join(huge, 'vocab.json'), 'w');
  fs.ftruncateSync(fd, 100 * 1024 * 1024);
  fs.closeSync(fd);
  const started = Date.now();
  assert.throws(() => loadModelDir(huge), /vocab\.json: is 100 MB/);
  assert.ok(Date.now() - started < 2000);
});

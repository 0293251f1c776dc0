// Training on the user's own text: the labelled-file reader, vocabulary growth, fine-tuning both
// tasks, saving (whole or not at all), a models folder's defaults, and the CLI's train-lm /
// train-sentiment. Runs on the tiny models the tests build, in seconds.

import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadModelDir } from '../../src/core/model/model-bundle';
import { ModelRegistry } from '../../src/core/model/registry';
import { deleteTrainedModel, freeId, renameTrainedModel, saveTrainedModel, setDefault } from '../../src/core/model/trained-models';
import { fineTuneLanguageModel, TrainingCancelled } from '../../src/core/training/fine-tune-lm';
import { fineTuneSentiment } from '../../src/core/training/fine-tune-sentiment';
import { AmbiguousColumnsError, LabelledFileError, readLabelledText } from '../../src/core/training/labelled-file';
import { corpusDocument, proseParagraphs } from '../../src/core/training/text-corpus';
import { looksBinary } from '../../src/core/training/text-files';
import { trainLanguageModelOnFiles } from '../../src/core/training/user-training';
import { growVocabulary } from '../../src/core/training/vocabulary-growth';
import { tinyModelsRoot } from './helpers/tiny-models';
import { inEnglish } from '../../src/core/messages';
import { skippedCounts } from '../../src/core/training/labelled-file';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
let models = '';
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-own-'));

before(() => {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT });
  models = tinyModelsRoot();
});

/** A team's "documentation": the tiny model's words, and two it has never seen, in a fixed pattern. */
function teamDocs(n: number, seed = 0): string[] {
  const subjects = ['the cat', 'the dog', 'the frob', 'the zork'];
  const places = ['the mat', 'the rug', 'the zork', 'the frob'];
  return Array.from({ length: n }, (_, d) =>
    Array.from({ length: 40 }, (_, i) => {
      const k = (i * 7 + d * 3 + seed) % 16;
      return `${subjects[k % 4]} sat on ${places[(k >> 2) % 4]} .`;
    }).join(' '),
  );
}

test('labelled files: quoted CSV fields with commas, quotes and newlines; ragged rows; a BOM; headers found by name', () => {
  const csv = '\uFEFFid,Review,Stars,extra\n1,"Great, really ""great""\nproduct",5\n2,Broke in a day,1,x,y\n3,"It is fine",3\n4,,5\n5,Love it,4\n';
  const f = readLabelledText(csv, 'reviews.csv');
  assert.equal(f.format, 'csv');
  assert.equal(f.textColumn, 'Review');
  assert.equal(f.labelColumn, 'Stars');
  assert.match(inEnglish(f.labelRule), /of 5/);
  assert.deepEqual(f.rows, [
    { text: 'Great, really "great"\nproduct', label: 1 },
    { text: 'Broke in a day', label: 0 },
    { text: 'Love it', label: 1 },
  ]);
  assert.deepEqual(skippedCounts(f.skipped), { 'rating 3 (neutral)': 1, 'empty text': 1 });
});

test('labelled files: TSV with a stray quote, JSONL, ratings of 10, words as labels, and what cannot be read', () => {
  const tsv = readLabelledText('sentence\tlabel\nshe said "wow\t1\nbad "thing\t0\n', 'x.tsv');
  assert.deepEqual(
    tsv.rows.map((r) => r.text),
    ['she said "wow', 'bad "thing'],
  );
  const jsonl = readLabelledText('{"content": "superb", "rating": 9}\n\n{"content": "dire", "rating": 2}\n{"content": "so-so", "rating": 6}\n', 'x.jsonl');
  assert.deepEqual(jsonl.rows, [
    { text: 'superb', label: 1 },
    { text: 'dire', label: 0 },
  ]);
  assert.match(inEnglish(jsonl.labelRule), /of 10/);
  const words = readLabelledText('text,sentiment\ngood,Positive\nbad,neg\nhmm,maybe\n', 'w.csv');
  assert.deepEqual(
    words.rows.map((r) => r.label),
    [1, 0],
  );
  assert.equal(skippedCounts(words.skipped)['unknown label'], 1);
  assert.throws(
    () => readLabelledText('a,b\nx,1\ny,0\n', 'q.csv'),
    (e: unknown) => e instanceof AmbiguousColumnsError && /--text-column/.test(e.message),
  );
  // no header row: columns by number (1-based), and the first row is data
  const headerless = readLabelledText('1\tgreat stuff\n0\tbroken on arrival\n', 'nohead.tsv', { textColumn: '2', labelColumn: '1' });
  assert.deepEqual(headerless.rows, [
    { text: 'great stuff', label: 1 },
    { text: 'broken on arrival', label: 0 },
  ]);
  assert.equal(readLabelledText('a,b\nx,1\ny,0\n', 'q.csv', { textColumn: 'a', labelColumn: 'b' }).rows.length, 2);
  assert.throws(
    () => readLabelledText('text,label\nx,1\ny,1\n', 'one.csv'),
    (e: unknown) => e instanceof LabelledFileError && /both classes/.test(e.message),
  );
  assert.throws(() => readLabelledText('{"text": "x", "label": 1}\nnot json\n', 'bad.jsonl'), /line 2 is not JSON/);
  assert.throws(() => readLabelledText('text,label\nx,1\n', 'q.csv', { textColumn: 'body' }), /no column "body"/);
});

test('prose from Markdown: code, front matter, tables and link targets are dropped; wrapped lines joined', () => {
  const md =
    '---\ntitle: x\n---\n# Setup guide\n\nRun the [installer](http://x.y/z) first,\nthen `npm ci`.\n\n```sh\nnpm ci\n```\n\n| a | b |\n|---|---|\n\n- one item\n- two **items**\n';
  assert.deepEqual(proseParagraphs(md), ['Setup guide', 'Run the installer first, then npm ci.', 'one item', 'two items']);
  const doc = corpusDocument('g.md', md);
  assert.deepEqual(doc.sentences[0], ['setup', 'guide']);
  assert.equal(doc.surfaces[1][2], 'installer');
  assert.ok(looksBinary(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1])));
  assert.ok(!looksBinary(new TextEncoder().encode('plain text, ünïcode 😀\n')));
});

test('vocabulary growth keeps every old row bit for bit; a new word starts as <unk>', () => {
  const lm = new ModelRegistry(models).load('tiny-lm-lstm');
  const before = lm.model.namedWeights().map((w) => Float32Array.from(w.values));
  const V = lm.vocabulary.size;
  const { model, vocabulary } = growVocabulary(lm.model, lm.vocabulary, [
    { word: 'frob', count: 3 },
    { word: 'zork', count: 1 },
  ]);
  assert.equal(vocabulary.size, V + 2);
  assert.equal(vocabulary.exact('frob'), V);
  assert.deepEqual(vocabulary.words.slice(0, V), lm.vocabulary.words);
  // the loaded model itself is untouched
  lm.model.namedWeights().forEach((w, i) => assert.deepEqual(w.values, before[i]));
  const E = model.embedding.outputDim;
  const emb = model.embedding.embeddings.value;
  assert.deepEqual(emb.subarray(0, V * E), lm.model.embedding.embeddings.value);
  assert.deepEqual(emb.subarray(V * E, (V + 1) * E), emb.subarray(E, 2 * E));
  const out = model.outputLayer!;
  const old = lm.model.outputLayer!;
  for (let r = 0; r < out.inputDim; r++) {
    assert.deepEqual(out.kernel.value.subarray(r * (V + 2), r * (V + 2) + V), old.kernel.value.subarray(r * V, (r + 1) * V));
    assert.equal(out.kernel.value[r * (V + 2) + V], old.kernel.value[r * V + 1]);
  }
  // <unk>'s probability is shared 3 : 1 between the two words it stood for
  assert.ok(Math.abs(out.bias!.value[V] - out.bias!.value[V + 1] - Math.log(3)) < 1e-5);
  // the recurrent layer is the same weights (not copied): only the table and the output grew
  assert.equal(model.layers[1], lm.model.layers[1]);
});

test('fine-tuning a language model on a small corpus lowers held-out perplexity and learns its new words', () => {
  const base = new ModelRegistry(models).load('tiny-lm-lstm');
  const docs = teamDocs(6).map((t, i) => corpusDocument(`doc${i}.md`, t));
  const r = fineTuneLanguageModel(base, docs, { epochs: 8, learningRate: 0.01, typingChars: 2000 });
  assert.ok(r.before && r.after, 'six documents: two held out');
  assert.ok(r.after.perplexity < r.before.perplexity * 0.9, `perplexity ${r.before.perplexity} -> ${r.after.perplexity}`);
  assert.ok(r.vocabulary.has('frob') && r.vocabulary.has('zork'), 'the new words joined the vocabulary');
  assert.equal(r.newWords, 2);
  assert.ok(r.epochs >= 1 && r.epochs <= 8);
  // one definition of perplexity: the curve's best epoch is the table's "after" (words the base knew)
  const best = Math.min(...r.perplexityByEpoch);
  assert.ok(Math.abs(best - r.after.perplexity) < 1e-6 * best, `curve ${r.perplexityByEpoch.join(', ')}; table ${r.after.perplexity}`);
  assert.equal(r.perplexityByEpoch.indexOf(best) + 1, r.epochs);
});

test('a cancelled training throws and leaves no model folder; a failed save leaves nothing', () => {
  const files = tmp();
  teamDocs(4).forEach((t, i) => fs.writeFileSync(path.join(files, `d${i}.md`), t));
  const out = path.join(tmp(), 'models');
  let batches = 0;
  assert.throws(
    () =>
      trainLanguageModelOnFiles(
        { baseDir: path.join(models, 'tiny-lm-lstm'), outRoot: out, files: [files], options: { epochs: 3, typingChars: 500 } },
        (e) => void (e.kind === 'batch' && batches++),
        () => batches >= 3,
      ),
    TrainingCancelled,
  );
  assert.ok(!fs.existsSync(out) || fs.readdirSync(out).length === 0, `nothing in ${out}: ${fs.existsSync(out) ? fs.readdirSync(out) : ''}`);
  const root = tmp();
  assert.throws(
    () =>
      saveTrainedModel(root, 'm', (dir) => {
        fs.writeFileSync(path.join(dir, 'card.json'), '{}');
        throw new Error('disk full');
      }),
    /disk full/,
  );
  assert.deepEqual(fs.readdirSync(root), []);
});

test('trained models: ids never collide, renaming keeps the id, deleting clears the default; dot-folders and broken cards are not listed', () => {
  const root = tmp();
  const write = (id: string) =>
    saveTrainedModel(root, id, (dir) => {
      fs.cpSync(path.join(models, 'tiny-lm-lstm'), dir, { recursive: true });
      const card = JSON.parse(fs.readFileSync(path.join(dir, 'card.json'), 'utf8'));
      fs.writeFileSync(path.join(dir, 'card.json'), JSON.stringify({ ...card, id, default: false }));
    });
  const a = freeId(root, 'My Notes!');
  assert.equal(a, 'my-notes');
  write(a);
  assert.equal(freeId(root, 'My Notes!'), 'my-notes-2');
  // accents go, other scripts stay (a Korean name made "my-model" before)
  assert.equal(freeId(root, 'Café notes'), 'cafe-notes');
  assert.equal(freeId(root, '리뷰 메모'), '리뷰-메모');
  assert.equal(freeId(root, '!!!'), 'my-model');
  assert.equal(
    freeId(root, 'x', (id) => id === 'x'),
    'x-2',
  );
  write('other');
  fs.mkdirSync(path.join(root, '.training-half'));
  fs.copyFileSync(path.join(models, 'tiny-lm-lstm', 'card.json'), path.join(root, '.training-half', 'card.json'));
  fs.mkdirSync(path.join(root, 'broken'));
  fs.writeFileSync(path.join(root, 'broken', 'card.json'), '{not json');
  setDefault(root, 'language-model', 'other');
  const broken: string[] = [];
  const registry = new ModelRegistry(models, [root], (dir) => broken.push(path.basename(dir)));
  assert.deepEqual(
    registry.list().map((c) => c.id),
    ['tiny-lm-lstm', 'tiny-sentiment-bigru', 'tiny-sentiment-gru', 'my-notes', 'other'],
  );
  assert.deepEqual(broken, ['broken']);
  // the primary folder's defaults rule; a folder of its own makes its defaults.json count
  assert.equal(registry.defaultId('language-model'), 'tiny-lm-lstm');
  assert.equal(new ModelRegistry(root, [], () => {}).defaultId('language-model'), 'other');
  renameTrainedModel(root, 'other', 'Team docs');
  registry.refresh();
  assert.equal(registry.card('other').name, 'Team docs');
  deleteTrainedModel(root, 'other');
  registry.refresh();
  assert.ok(!registry.list().some((c) => c.id === 'other'));
  assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'defaults.json'), 'utf8'))['language-model'], undefined);
});

test('fine-tuning a sentiment model from rows reports the held-out accuracy before and after, and adds the new words', () => {
  const base = new ModelRegistry(models).load('tiny-sentiment-gru');
  const rows = Array.from({ length: 60 }, (_, i) =>
    i % 2 ? { text: `a zorkish film ${i % 3 ? 'really' : ''}`, label: 1 } : { text: `a frobby film ${i % 3 ? 'really' : ''}`, label: 0 },
  );
  const r = fineTuneSentiment(base, rows, { epochs: 6, learningRate: 0.02, batchSize: 8 });
  assert.deepEqual(r.rows, { train: 42, dev: 6, heldOut: 12, total: 60 });
  assert.ok(r.vocabulary.has('zorkish') && r.vocabulary.has('frobby'));
  assert.ok(r.after >= 0.9, `after ${r.after}`);
  assert.ok(r.after > r.before, `${r.before} -> ${r.after}`);
});

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('rnn-lens train-lm --files … --out DIR, then complete and models with --models DIR', () => {
  const files = tmp();
  teamDocs(3).forEach((t, i) => fs.writeFileSync(path.join(files, `d${i}.md`), t));
  fs.writeFileSync(path.join(files, 'blob.txt'), Buffer.from([0, 1, 2, 3, 0, 0]));
  const out = tmp();
  const r = cli([
    'train-lm',
    '--files',
    path.join(files, 'd0.md'),
    path.join(files, 'd1.md'),
    path.join(files, 'd2.md'),
    path.join(files, 'blob.txt'),
    '--out',
    out,
    '--models',
    models,
    '--epochs',
    '2',
    '--workers',
    '1',
  ]);
  assert.equal(r.code, 0, r.err);
  const result = JSON.parse(r.out);
  assert.equal(result.id, 'tiny-lm-lstm-tuned');
  assert.equal(result.default, true);
  assert.ok(['fine-tuned', 'base'].includes(result.kept), result.kept);
  assert.equal(result.files, 3);
  assert.deepEqual(
    result.skipped.map((s: { reason: string }) => s.reason),
    ['binary'],
  );
  assert.ok(fs.existsSync(path.join(out, result.id, 'model.json')));
  const listed = JSON.parse(cli(['models', '--models', out]).out);
  assert.deepEqual(
    listed.map((m: { id: string; default: boolean }) => [m.id, m.default]),
    [['tiny-lm-lstm-tuned', true]],
  );
  const c = cli(['complete', '--models', out, 'the frob sat on the ']);
  assert.equal(c.code, 0, c.err);
  assert.ok(JSON.parse(c.out).completions.length > 0);
  // the model is a TensorFlow.js layers model like the bundled ones
  assert.equal(loadModelDir(path.join(out, result.id)).vocabulary.size, loadModelDir(path.join(models, 'tiny-lm-lstm')).vocabulary.size + result.newWords);
});

test('rnn-lens train-sentiment: a labelled CSV in, the held-out accuracies out; undecidable columns are a usage error naming the flags', () => {
  const file = path.join(tmp(), 'labelled.csv');
  const rows = Array.from({ length: 40 }, (_, i) => (i % 2 ? `"a great, ""great"" film",positive` : `"an awful\nfilm",negative`));
  fs.writeFileSync(file, 'review,sentiment\n' + rows.join('\n') + '\n');
  const out = tmp();
  const r = cli(['train-sentiment', '--file', file, '--out', out, '--models', models, '--epochs', '2', '--workers', '1']);
  assert.equal(r.code, 0, r.err);
  const result = JSON.parse(r.out);
  assert.equal(result.textColumn, 'review');
  assert.equal(result.rows.total, 40);
  assert.equal(typeof result.heldOut.before, 'number');
  assert.equal(typeof result.heldOut.after, 'number');
  const verdict = JSON.parse(cli(['classify', '--models', out, 'a great film']).out);
  assert.equal(verdict.model, result.id);
  const ambiguous = path.join(tmp(), 'cols.csv');
  fs.writeFileSync(ambiguous, 'a,b\nnice,1\nugly,0\n');
  const bad = cli(['train-sentiment', '--file', ambiguous, '--out', out, '--models', models]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--text-column/);
  assert.match(bad.err, /--label-column/);
  const missing = cli(['train-lm', '--files', '/no/such/dir', '--out', out, '--models', models]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /no text files/);
  assert.equal(cli(['train-lm', '--files', file]).code, 2, 'no --out: a usage error');
});

test('storage that cannot be written: a clear error, and nothing half-written', () => {
  const parent = tmp();
  const blocked = path.join(parent, 'file-not-folder');
  fs.writeFileSync(blocked, 'x');
  assert.throws(() => saveTrainedModel(path.join(blocked, 'models'), 'm', () => assert.fail('never written')), /cannot write the model to .*file-not-folder/);
  assert.deepEqual(fs.readdirSync(parent), ['file-not-folder']);
});

test("a trained model's memory of its user's text: remembered words and word pairs are proposed, and saved with the model", async () => {
  const { CompletionService } = await import('../../src/core/completion/completion');
  const { LanguageModelRunner } = await import('../../src/core/completion/language-model');
  const { buildMemory, memoryOf } = await import('../../src/core/model/word-memory');
  const base = new ModelRegistry(models).load('tiny-lm-lstm');
  const docs = teamDocs(3).map((t, i) => corpusDocument(`d${i}.md`, t));
  const file = buildMemory(docs);
  assert.ok(file.words.frob >= 2 && file.pairs.the.frob >= 2, JSON.stringify(file).slice(0, 200));
  assert.ok(!JSON.stringify(file).includes('sat on the'), 'counts of words and pairs, not sentences');
  const ask = (loaded: typeof base) =>
    new CompletionService(new LanguageModelRunner(loaded)).complete('the fr', { k: 3, cacheWeight: 0 }).completions.map((c) => c.words[0]);
  assert.ok(!ask(base).some((t) => t.startsWith('frob')), 'the base model has never seen the word');
  assert.ok(
    ask({ ...base, memory: memoryOf(file) }).some((t) => t.startsWith('frob')),
    'remembered',
  );
  // the CLI's training writes it beside the model, and loading reads it back
  const dir = tmp();
  teamDocs(3).forEach((t, i) => fs.writeFileSync(path.join(dir, `d${i}.md`), t));
  const o = trainLanguageModelOnFiles({ baseDir: path.join(models, 'tiny-lm-lstm'), outRoot: tmp(), files: [dir], options: { epochs: 1, typingChars: 300 } });
  const loaded = loadModelDir(o.dir);
  assert.ok((loaded.memory?.words.get('zork') ?? 0) >= 2);
  fs.writeFileSync(path.join(o.dir, 'memory.json'), '{"version": 2}');
  assert.throws(() => loadModelDir(o.dir), /memory\.json.*version 1/);
});

test('the remembered words with a typed prefix are found by binary search: the same as filtering them all', async () => {
  const fc = (await import('fast-check')).default;
  const { prefixRange } = await import('../../src/core/model/word-memory');
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.string({ unit: fc.constantFrom('a', 'b', 'é', 'z', "'"), maxLength: 5 })),
      fc.string({ unit: fc.constantFrom('a', 'b', 'é'), maxLength: 3 }),
      (words, prefix) => {
        const sorted = [...words].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const [lo, hi] = prefixRange(sorted, prefix);
        assert.deepEqual(
          sorted.slice(lo, hi),
          sorted.filter((w) => w.startsWith(prefix)),
        );
      },
    ),
  );
});

test('a labelled file of 300,000 rows is read (the label rule is decided over the whole column without overflowing the stack)', () => {
  const rows = Array.from({ length: 300_000 }, (_, i) => `review ${i},${(i % 5) + 1}`);
  const f = readLabelledText('text,stars\n' + rows.join('\n') + '\n', 'big.csv');
  assert.match(inEnglish(f.labelRule), /of 5/);
  assert.equal(f.rows.length, 240_000);
  assert.equal(skippedCounts(f.skipped)['rating 3 (neutral)'], 60_000);
});

test('the own-text check: the fine-tuned model is kept only by the margin written down, and reads more than one file', async () => {
  const { fineTunedWins, OWN_TEXT_MARGIN } = await import('../../src/core/training/fine-tune-lm');
  const { holdOut } = await import('../../src/core/training/text-corpus');
  assert.equal(OWN_TEXT_MARGIN, 0.005);
  assert.equal(fineTunedWins({ savings: 0.2 }, { savings: 0.2 + OWN_TEXT_MARGIN }), true);
  // better, but by less than the margin: the check cannot tell, the base stays
  assert.equal(fineTunedWins({ savings: 0.2 }, { savings: 0.2 + OWN_TEXT_MARGIN / 2 }), false);
  assert.equal(fineTunedWins({ savings: 0.2 }, { savings: 0.19 }), false);
  // three files: not one held-out file, but the last fifth of each
  const prose = (n: number) => Array.from({ length: n }, (_, d) => Array.from({ length: 10 }, (_, i) => `The cat of file ${d} sat on mat ${i}.`).join(' '));
  const three = prose(3).map((t, i) => corpusDocument(`d${i}.md`, t));
  const split = holdOut(three);
  assert.deepEqual(
    split.heldOut.map((d) => d.name),
    ['d0.md', 'd1.md', 'd2.md'],
  );
  const held = split.heldOut.reduce((n, d) => n + d.sentences.length, 0);
  const all = three.reduce((n, d) => n + d.sentences.length, 0);
  assert.ok(held / all >= 0.2 - 1e-9, `${held} of ${all} sentences held out`);
  // six files: every third file, two of them
  const six = prose(6).map((t, i) => corpusDocument(`d${i}.md`, t));
  assert.deepEqual(
    holdOut(six).heldOut.map((d) => d.name),
    ['d2.md', 'd5.md'],
  );
});

// npm run distil -- [--teachers sentiment-gru,sentiment-lstm,sentiment-bilstm] [--copies 1] [--seed 1] [--out DIR]
// An ensemble distilled into one model (Tang et al. 2019): the teachers' mean positive probability
// labels the training texts and new sentences made from them (augment.ts), and a student of the
// shipped GRU's shape learns those soft labels on the shared English word table (frozen, so the
// budget does not move). Chosen by SST-2 dev; the rules are in docs/decisions/ulmfit-sentiment.md.
// Writes the student to DIR/student-SEED/ and its numbers to DIR/results.json; nothing to models/.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadModelDir, readEmbeddingTable, writeModelDir, type ModelCard } from '../core/model/model-bundle';
import { positiveProbabilities } from '../core/sentiment/sentiment';
import { createModel } from '../core/training/initialize';
import { accuracy, trainSentiment } from '../core/training/sentiment-trainer';
import type { Example } from '../core/training/batches';
import { Rng } from '../core/random';
import { flags } from './args';
import { formatDuration, sentimentEpochBars } from './progress';
import { heldOutReviews, readSst2, sentimentTrainingTexts } from './sentiment-data';
import { negationExamples } from './negation-data';
import { augment, partsOfSpeech } from './augment';

const args = flags(
  {
    teachers: 'sentiment-gru,sentiment-lstm,sentiment-bilstm',
    table: 'word-vectors-en',
    copies: 1,
    epochs: 5,
    lr: 0.002,
    decay: 0.7,
    units: 128,
    depth: 2,
    seed: 1,
    workers: 2,
    out: '/work/runs/distil',
    // a smoke run: only the first N training texts (0: all)
    limit: 0,
  },
  'distil [--teachers A,B,C] [--copies N] [--epochs N] [--seed S] [--out DIR]',
);
const started = Date.now();
const log = (s: string) => process.stderr.write(`[${formatDuration((Date.now() - started) / 1000)}] ${s}\n`);
const models = path.resolve(__dirname, '../../models');
fs.mkdirSync(args.out, { recursive: true });

// the shipped English models' training texts (negated phrases included), never data/everyday
const texts = sentimentTrainingTexts({ reviews: true }).slice(0, args.limit || undefined);
texts.push(
  ...negationExamples(
    texts.filter((t) => !t.domain),
    1,
    undefined,
    { perWord: 2 },
  ),
);
const rng = new Rng(args.seed);
const pos = partsOfSpeech();
const sentences = [...texts.map((t) => t.tokens)];
for (let c = 0; c < args.copies; c++) for (const t of texts) if (t.tokens.length > 1) sentences.push(augment(t.tokens, rng, pos));
const unique = [...new Map(sentences.filter((s) => s.length).map((s) => [s.join(' '), s])).values()];
log(`${texts.length} training texts, ${unique.length} sentences with the new ones`);

// the teachers' mean probability, each reading with its own vocabulary
const soft = new Float64Array(unique.length);
const teachers = args.teachers.split(',');
const devTexts = readSst2('dev');
const ensembleDev = new Float64Array(devTexts.length);
for (const id of teachers) {
  const t = loadModelDir(path.isAbsolute(id) ? id : path.join(models, id));
  const p = positiveProbabilities(
    t.model,
    unique.map((s) => ({ ids: t.vocabulary.encode(s) })),
  );
  p.forEach((x, i) => (soft[i] += x / teachers.length));
  positiveProbabilities(
    t.model,
    devTexts.map((d) => ({ ids: t.vocabulary.encode(d.tokens) })),
  ).forEach((x, i) => (ensembleDev[i] += x / teachers.length));
  log(`teacher ${t.card.id} read them`);
}
// what the student learns from: the teachers together on SST-2 dev
const ensembleAccuracy = devTexts.filter((d, i) => (ensembleDev[i] >= 0.5 ? 1 : 0) === d.label).length / devTexts.length;
log(`the teachers together: ${(100 * ensembleAccuracy).toFixed(2)}% of SST-2 dev`);

const table = readEmbeddingTable(path.join(models, args.table));
const vocabulary = table.vocabulary;
const train: Example[] = unique.map((s, i) => ({ ids: vocabulary.encode(s), label: soft[i] }));
const dev: Example[] = devTexts.map((t) => ({ ids: vocabulary.encode(t.tokens), label: t.label }));
const model = createModel(
  {
    vocabularySize: vocabulary.size,
    embeddingDim: table.dim,
    cell: 'gru',
    units: args.units,
    bidirectional: false,
    perStepOutput: false,
    outputUnits: 1,
    outputActivation: 'sigmoid',
    dropout: 0.5,
    embeddingDropout: 0.4,
    pooling: 'last',
    depth: args.depth,
  },
  args.seed,
);
model.embedding.embeddings.value.set(table.values);
const bars = sentimentEpochBars(`student-${args.seed}`, args.epochs);
const reports = trainSentiment(
  model,
  train,
  dev,
  {
    epochs: args.epochs,
    batchSize: 64,
    learningRate: args.lr,
    clipNorm: 5,
    maxLength: 80,
    seed: args.seed,
    decay: args.decay,
    average: 0.999,
    workers: args.workers,
    embeddingRate: 0,
  },
  bars.onBatch,
  bars.onEpoch,
);
const name = `student-${args.seed}`;
const dir = path.join(args.out, name);
fs.mkdirSync(dir, { recursive: true });
// a sibling copy of the table, so the student's model.json can name it as the shipped models do
const tableCopy = path.join(args.out, args.table);
if (!fs.existsSync(tableCopy)) fs.cpSync(path.join(models, args.table), tableCopy, { recursive: true });
const card = writeModelDir(
  dir,
  model,
  vocabulary,
  {
    id: `distil-${name}`,
    task: 'sentiment',
    cell: 'GRU',
    bidirectional: false,
    description: `GRU sentiment classifier distilled from ${teachers.join(', ')}`,
    architecture: `Embedding(${vocabulary.size}, ${table.dim}, maskZero, the table ${args.table}) → GRU(${args.units}) ×${args.depth} → Dense(1, sigmoid)`,
    parameters: 0,
    bytes: 0,
    quantization: 'uint8',
    data: `the teachers' mean probability on the training texts and ${args.copies} new sentence(s) per text (src/lab/augment.ts)`,
    tokenization: 'src/core/text/tokenizer.ts',
    metrics: {},
  } as ModelCard,
  'uint8',
  readEmbeddingTable(tableCopy),
);
const quantized = loadModelDir(dir).model;
const resultsFile = path.join(args.out, 'results.json');
const results = fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Record<string, unknown>) : {};
results[name] = {
  teachers,
  ensembleDev: Number((100 * ensembleAccuracy).toFixed(2)),
  sentences: unique.length,
  devByEpoch: reports.map((r) => Number((100 * r.devAccuracy).toFixed(2))),
  devFloat32: Number((100 * accuracy(model, dev)).toFixed(2)),
  devUint8: Number((100 * accuracy(quantized, dev)).toFixed(2)),
  reviewsDevUint8: Number(
    (
      100 *
      accuracy(
        quantized,
        heldOutReviews('dev').map((t) => ({ ids: vocabulary.encode(t.tokens), label: t.label })),
      )
    ).toFixed(2),
  ),
  secondsPerEpoch: Math.round(reports.reduce((s, r) => s + r.seconds, 0) / reports.length),
  bytes: card.bytes,
};
fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
log(`${name}: ${JSON.stringify(results[name])}`);

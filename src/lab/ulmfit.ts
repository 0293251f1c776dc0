// npm run ulmfit -- [--lm lm-lstm] [--runs stage2:1,stage2:2,stage1:1,none:1] [--out DIR]
// ULMFiT (Howard & Ruder 2018) on the engine, stage by stage, so each stage's part is measured on
// SST-2 dev (docs/decisions/ulmfit-sentiment.md):
//   1. a language model of broad English: the shipped ghost-text model (--lm), read as it ships;
//   2. that model fine-tuned on the sentiment training texts (labels unused, never data/everyday),
//      its embedding frozen: the table stays the language model's, shared and counted once;
//   3. a classifier started from its embedding and LSTM, trained with gradual unfreezing and
//      discriminative rates (unfreezing.ts): the head alone first, then the LSTM at 1/2.6 the rate.
// A run is "stage2:SEED" (all three), "stage1:SEED" (stage 2 skipped) or "none:SEED" (only the
// frozen table; the LSTM from noise). Each classifier is written to DIR/<run>/ as a model folder
// (uint8, its own copy of the table) with results.json beside them; nothing is written to models/.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadModelDir, writeModelDir, type ModelCard } from '../core/model/model-bundle';
import { RecurrentLayer } from '../core/layers/recurrent';
import { createModel } from '../core/training/initialize';
import { streamPerplexity, trainLanguageModel } from '../core/training/lm-trainer';
import { accuracy, trainSentiment } from '../core/training/sentiment-trainer';
import { unfreezingRates } from '../core/training/unfreezing';
import type { Example } from '../core/training/batches';
import type { SequentialModel } from '../core/model/model';
import { EOS, Vocabulary } from '../core/text/vocabulary';
import { flags } from './args';
import { ProgressBar, formatDuration, sentimentEpochBars } from './progress';
import { heldOutReviews, readSst2, sentimentTrainingTexts, type LabelledText } from './sentiment-data';
import { negationExamples } from './negation-data';

const args = flags(
  {
    lm: 'lm-lstm',
    runs: 'stage2:1,stage2:2,stage1:1,none:1',
    'lm-epochs': 3,
    'lm-lr': 0.002,
    epochs: 4,
    lr: 0.002,
    factor: 2.6,
    decay: 0.7,
    average: 0.999,
    dropout: 0.5,
    'embedding-dropout': 0.4,
    pooling: 'last',
    workers: 2,
    out: '/work/runs/ulmfit',
    // a smoke run: only the first N training texts (0: all)
    limit: 0,
  },
  'ulmfit [--lm ID] [--runs stage2:1,stage1:1,none:1] [--lm-epochs N] [--epochs N] [--lr R] [--pooling last|max] [--out DIR]',
  { pooling: ['last', 'max'] },
);
const started = Date.now();
const log = (s: string) => process.stderr.write(`[${formatDuration((Date.now() - started) / 1000)}] ${s}\n`);
fs.mkdirSync(args.out, { recursive: true });
const resultsFile = path.join(args.out, 'results.json');
const results: Record<string, unknown> = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : {};
const save = () => fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');

const lmDir = path.resolve(__dirname, '../../models', args.lm);
const base = loadModelDir(lmDir);
// the classifier reads words as sentiment models do (a rare inflection falls back to its base form)
const vocabulary = new Vocabulary(base.vocabulary.words, { inflections: true });

// the same training texts as the shipped English models (negated phrases included), never everyday
const trainTexts = sentimentTrainingTexts({ reviews: true }).slice(0, args.limit || undefined);
trainTexts.push(
  ...negationExamples(
    trainTexts.filter((t) => !t.domain),
    1,
    undefined,
    { perWord: 2 },
  ),
);
const toExamples = (texts: LabelledText[]): Example[] =>
  texts.filter((t) => t.tokens.length).map((t) => ({ ids: vocabulary.encode(t.tokens), label: t.label }));
const train = toExamples(trainTexts);
const dev = toExamples(readSst2('dev'));
const unknown = train.reduce((n, e) => n + e.ids.filter((id) => id === 1).length, 0) / train.reduce((n, e) => n + e.ids.length, 0);
log(`${train.length} training examples; ${(100 * unknown).toFixed(2)}% of their tokens unknown to ${args.lm}'s ${vocabulary.size} words`);

const runs = args.runs.split(',').map((r) => {
  const [start, seed] = r.split(':');
  if (!['stage2', 'stage1', 'none'].includes(start) || !Number(seed)) throw new Error(`--runs: "${r}" is not stage2|stage1|none:SEED`);
  return { start: start as 'stage2' | 'stage1' | 'none', seed: Number(seed), name: r.replace(':', '-') };
});

let stage2: SequentialModel | null = null;
for (const run of runs) {
  if (run.start === 'stage2') stage2 ??= fineTuneLanguageModel();
  const from = run.start === 'stage2' ? stage2! : base.model;
  classifier(run, from);
}
log('done');

/** Stage 2: the language model read on the sentiment training texts (its labels unused). */
function fineTuneLanguageModel(): SequentialModel {
  const saved = path.join(args.out, 'stage2');
  if (fs.existsSync(path.join(saved, 'model.json'))) {
    log(`stage 2: reading the fine-tuned language model from ${saved}`);
    return loadModelDir(saved).model;
  }
  // each text once (the SST-2 phrases overlap, the reviews do not), each ending with <eos>
  const texts = [...new Set(trainTexts.map((t) => t.tokens.join(' ')))];
  const eos = base.vocabulary.id(EOS);
  const stream = (lines: string[]) => Int32Array.from(lines.flatMap((l) => [...base.vocabulary.encode(l.split(' ')), eos]));
  const trainStream = stream(texts);
  const devStream = stream(readSst2('dev').map((t) => t.tokens.join(' ')));
  const counts = new Float64Array(base.vocabulary.size);
  for (const id of trainStream) counts[id]++;
  const lm = loadModelDir(lmDir).model;
  const before = streamPerplexity(lm, devStream);
  log(`stage 2: ${texts.length} texts, ${trainStream.length} tokens; SST-2 dev perplexity before ${before.toFixed(1)}`);
  let bar: ProgressBar | null = null;
  const reports = trainLanguageModel(
    lm,
    trainStream,
    devStream,
    counts,
    {
      epochs: args['lm-epochs'],
      batchSize: 32,
      bptt: 35,
      learningRate: args['lm-lr'],
      clipNorm: 1,
      samples: 512,
      seed: 1,
      decay: 0.6,
      excluded: [0],
      workers: args.workers,
      // the embedding is the table the classifier shares with the ghost-text model: it stays as it is
      rates: (m) => new Map(m.embedding.params.map((p) => [p, 0])),
    },
    (p) => {
      bar ??= new ProgressBar(`stage 2 epoch ${p.epoch}/${args['lm-epochs']}`);
      bar.update(p.batch, p.batches, p.seconds, { 'sampled loss': p.loss.toFixed(3), 'tok/s': Math.round(p.tokens / p.seconds).toLocaleString('en-US') });
    },
    (r) => {
      bar?.done(`stage 2 epoch ${r.epoch}: SST-2 dev perplexity ${r.validPerplexity.toFixed(1)}, ${formatDuration(r.seconds)}`);
      bar = null;
    },
  );
  results.stage2 = {
    texts: texts.length,
    tokens: trainStream.length,
    devPerplexityBefore: Number(before.toFixed(2)),
    devPerplexityByEpoch: reports.map((r) => Number(r.validPerplexity.toFixed(2))),
    secondsPerEpoch: Math.round(reports.reduce((s, r) => s + r.seconds, 0) / reports.length),
  };
  save();
  writeModelDir(
    saved,
    lm,
    base.vocabulary,
    { ...base.card, id: 'ulmfit-stage2', metrics: {}, description: 'ULMFiT stage 2 (not shipped)' } as ModelCard,
    'float32',
  );
  return lm;
}

/** Stage 3: the classifier from the language model's embedding and LSTM, gradually unfrozen. */
function classifier(run: { start: 'stage2' | 'stage1' | 'none'; seed: number; name: string }, from: SequentialModel): void {
  if (results[run.name]) {
    log(`${run.name}: measured before (${resultsFile})`);
    return;
  }
  const recurrentOf = (m: SequentialModel) => m.layers.find((l): l is RecurrentLayer => l instanceof RecurrentLayer)!;
  const lstm = recurrentOf(from);
  const model = createModel(
    {
      vocabularySize: vocabulary.size,
      embeddingDim: from.embedding.outputDim,
      cell: 'lstm',
      units: lstm.units,
      bidirectional: false,
      perStepOutput: false,
      outputUnits: 1,
      outputActivation: 'sigmoid',
      dropout: args.dropout,
      embeddingDropout: args['embedding-dropout'],
      pooling: args.pooling as 'last' | 'max',
      depth: 1,
    },
    run.seed,
  );
  model.embedding.embeddings.value.set(from.embedding.embeddings.value);
  if (run.start !== 'none') recurrentOf(model).params.forEach((p, k) => p.value.set(lstm.params[k].value));
  const frozen = (m: SequentialModel) => new Set<object>([m.embedding]);
  // from noise there is nothing to keep: every layer but the table trains from the first epoch
  const rates =
    run.start === 'none'
      ? (m: SequentialModel) => new Map(m.params.map((p) => [p, m.embedding.params.includes(p) ? 0 : 1]))
      : (m: SequentialModel, epoch: number) => unfreezingRates(m, epoch, { factor: args.factor, frozen: frozen(m) });
  const bars = sentimentEpochBars(run.name, args.epochs);
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
      seed: run.seed,
      decay: args.decay,
      average: args.average,
      workers: args.workers,
      rates,
    },
    bars.onBatch,
    bars.onEpoch,
  );
  const dir = path.join(args.out, run.name);
  const card = writeModelDir(
    dir,
    model,
    vocabulary,
    {
      id: `ulmfit-${run.name}`,
      task: 'sentiment',
      cell: 'LSTM',
      bidirectional: false,
      description: `LSTM sentiment classifier, ULMFiT run ${run.name}`,
      architecture: `Embedding(${vocabulary.size}, ${model.embedding.outputDim}, maskZero, frozen: ${args.lm}'s) → LSTM(${lstm.units}${args.pooling === 'max' ? ', sequences) → GlobalMaxPooling1D' : ')'} → Dense(1, sigmoid)`,
      parameters: 0,
      bytes: 0,
      quantization: 'uint8',
      data: 'SST-2 training phrases, the multi-domain reviews not held out, negated SST-2 phrases',
      tokenization: `src/core/text/tokenizer.ts, ${args.lm}'s vocabulary (inflections fall back to their base form)`,
      metrics: {},
    } as ModelCard,
    'uint8',
  );
  const quantized = loadModelDir(dir).model;
  results[run.name] = {
    devByEpoch: reports.map((r) => Number((100 * r.devAccuracy).toFixed(2))),
    devFloat32: Number((100 * accuracy(model, dev)).toFixed(2)),
    devUint8: Number((100 * accuracy(quantized, dev)).toFixed(2)),
    reviewsDevUint8: Number((100 * accuracy(quantized, toExamples(heldOutReviews('dev')))).toFixed(2)),
    secondsPerEpoch: Math.round(reports.reduce((s, r) => s + r.seconds, 0) / reports.length),
    bytes: card.bytes,
  };
  save();
  log(`${run.name}: ${JSON.stringify(results[run.name])}`);
}

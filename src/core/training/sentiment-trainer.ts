// Many-to-one training: the whole sequence feeds one sigmoid output (positive probability).

import { SequentialModel } from '../model/model';
import { Rng } from '../random';
import { Adam } from './adam';
import { Batch, Example, bucketedBatches } from './batches';
import { BestWeights } from './best-weights';
import { positiveProbabilities } from '../sentiment/sentiment';
import { sigmoidCrossEntropy } from './losses';
import type { SentimentJob } from './gradient-jobs';
import { GradientWorker, withWorkers } from './parallel';
import { BatchProgress } from './progress';
import { UNK_ID } from '../text/vocabulary';
import type { Param } from '../layers/layer';

export type { BatchProgress };

export interface SentimentTrainingOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  clipNorm: number;
  maxLength: number;
  seed: number;
  /** multiply the learning rate by this after every epoch */
  decay?: number;
  /** keep an exponential moving average of the weights with this decay (e.g. 0.999) and
   *  evaluate/keep the averaged weights: a cheap ensemble of the last few thousand steps */
  average?: number;
  /** replace each training token by <unk> with this probability: the model learns to decide
   *  without any one word, and what <unk> means on text it has not seen (0: never) */
  wordDropout?: number;
  /** 2: split every batch with a worker thread on the second core (parallel.ts); 1 (default): one thread */
  workers?: number;
  /** the embedding's learning rate as a multiple of the rest's (pretrained vectors: 0 frozen, 0.25 fine-tuned gently); default 1 */
  embeddingRate?: number;
  /** each parameter's learning-rate multiple in an epoch (gradual unfreezing, unfreezing.ts); replaces embeddingRate */
  rates?: (model: SequentialModel, epoch: number) => ReadonlyMap<Param, number>;
}

export interface EpochReport {
  epoch: number;
  loss: number;
  accuracy: number;
  devAccuracy: number;
  seconds: number;
  tokensPerSecond: number;
}

/** Positive-class probabilities for examples, in batches (inference: no dropout). */
export function accuracy(model: SequentialModel, examples: Example[]): number {
  const p = positiveProbabilities(model, examples);
  let right = 0;
  examples.forEach((e, i) => (right += (p[i] >= 0.5 ? 1 : 0) === e.label ? 1 : 0));
  return examples.length ? right / examples.length : 0;
}

/**
 * Forward and backward on one batch, accumulating the gradients. `scale` is this batch's share of
 * the whole when a batch is split between threads: the loss is a mean over the whole batch.
 */
export function trainBatch(model: SequentialModel, batch: Batch, rng: Rng, wordDropout: number, scale = 1): { loss: number; correct: number } {
  let ids = batch.ids;
  if (wordDropout > 0) {
    ids = ids.slice();
    for (let k = 0; k < ids.length; k++) if (ids[k] > UNK_ID && rng.next() < wordDropout) ids[k] = UNK_ID;
  }
  const pass = model.forward(ids, batch.T, batch.B, { training: true, rng, preActivationOutput: true });
  if (pass.output.kind !== 'flat') throw new Error('a sentiment model must end in one output per sequence');
  const logits = pass.output.data;
  const { loss, dLogits } = sigmoidCrossEntropy(logits, batch.labels);
  if (scale !== 1) for (let b = 0; b < dLogits.length; b++) dLogits[b] *= scale;
  model.backward(pass, dLogits);
  let correct = 0;
  // a soft label (a distilled teacher's probability) counts as the side of 0.5 it is on
  for (let b = 0; b < batch.B; b++) correct += (logits[b] >= 0 ? 1 : 0) === (batch.labels[b] >= 0.5 ? 1 : 0) ? 1 : 0;
  return { loss, correct };
}

/** Rows [0, at) and [at, B) of a batch as two batches of the same length. */
export function splitBatch(batch: Batch, at: number): [Batch, Batch] {
  const part = (lo: number, hi: number): Batch => {
    const B = hi - lo;
    const ids = new Int32Array(batch.T * B);
    for (let t = 0; t < batch.T; t++) ids.set(batch.ids.subarray(t * batch.B + lo, t * batch.B + hi), t * B);
    return { ids, T: batch.T, B, labels: batch.labels.slice(lo, hi) };
  };
  return [part(0, at), part(at, batch.B)];
}

/** One batch's gradient, on one thread or split with the worker. */
function batchGradient(model: SequentialModel, batch: Batch, rng: Rng, wordDropout: number, helper: GradientWorker | null): { loss: number; correct: number } {
  if (!helper || batch.B < 2) return trainBatch(model, batch, rng, wordDropout);
  const [mine, theirs] = splitBatch(batch, Math.ceil(batch.B / 2));
  helper.start({ batch: theirs, seed: rng.int(2 ** 31), scale: theirs.B / batch.B, wordDropout } satisfies SentimentJob);
  const a = trainBatch(model, mine, rng, wordDropout, mine.B / batch.B);
  const b = helper.finish();
  return { loss: (a.loss * mine.B + b.loss * theirs.B) / batch.B, correct: a.correct + b.correct };
}

/**
 * Trains with Adam; after each epoch measures dev accuracy and keeps a copy of the best weights,
 * which are restored at the end (early stopping on dev).
 */
export function trainSentiment(
  target: SequentialModel,
  train: Example[],
  dev: Example[],
  options: SentimentTrainingOptions,
  onBatch?: (p: BatchProgress) => void,
  onEpoch?: (r: EpochReport) => void,
): EpochReport[] {
  return withWorkers(target, options.workers, (model, helper) => trainOn(model, train, dev, options, helper, onBatch, onEpoch));
}

function trainOn(
  model: SequentialModel,
  train: Example[],
  dev: Example[],
  options: SentimentTrainingOptions,
  helper: GradientWorker | null,
  onBatch?: (p: BatchProgress) => void,
  onEpoch?: (r: EpochReport) => void,
): EpochReport[] {
  const rng = new Rng(options.seed);
  const rates = new Map(options.embeddingRate !== undefined ? [[model.embedding.embeddings, options.embeddingRate]] : []);
  const adam = new Adam(model.params, { learningRate: options.learningRate, clipNorm: options.clipNorm, rates });
  const reports: EpochReport[] = [];
  const best = new BestWeights(model.params, -1, (accuracy, bestSoFar) => accuracy > bestSoFar);
  const averaged = options.average ? model.params.map((p) => p.value.slice()) : null;
  const swap = () =>
    averaged?.forEach((a, i) => {
      const live = model.params[i].value.slice();
      model.params[i].value.set(a);
      a.set(live);
    });
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    if (options.rates) adam.rates = options.rates(model, epoch);
    const batches = bucketedBatches(train, options.batchSize, options.maxLength, rng);
    const start = performance.now();
    let lossSum = 0,
      correct = 0,
      seen = 0,
      tokens = 0;
    batches.forEach((batch, i) => {
      const r = batchGradient(model, batch, rng, options.wordDropout ?? 0, helper);
      adam.step();
      if (averaged) {
        const d = options.average!;
        averaged.forEach((a, k) => {
          const v = model.params[k].value;
          for (let j = 0; j < a.length; j++) a[j] += (1 - d) * (v[j] - a[j]);
        });
      }
      lossSum += r.loss * batch.B;
      correct += r.correct;
      seen += batch.B;
      for (let k = 0; k < batch.ids.length; k++) tokens += batch.ids[k] ? 1 : 0;
      onBatch?.({
        epoch,
        batch: i + 1,
        batches: batches.length,
        loss: lossSum / seen,
        accuracy: correct / seen,
        tokens,
        seconds: (performance.now() - start) / 1000,
      });
    });
    const seconds = (performance.now() - start) / 1000;
    swap(); // evaluate (and keep) the averaged weights; swapped back before training goes on
    const report: EpochReport = {
      epoch,
      loss: lossSum / seen,
      accuracy: correct / seen,
      devAccuracy: accuracy(model, dev),
      seconds,
      tokensPerSecond: tokens / seconds,
    };
    reports.push(report);
    onEpoch?.(report);
    best.offer(report.devAccuracy);
    swap();
    adam.learningRate *= options.decay ?? 1;
  }
  best.restore();
  return reports;
}

// Many-to-many training of a word-level language model: every step predicts the next token.
//
// The corpus is one id stream cut into B parallel streams; batches are T steps of each, and the
// recurrent state carries from one batch to the next (truncated backpropagation through time).
// The 10,000-way output layer would cost 3·units·V multiply-adds per token, far more than the
// LSTM itself, so training uses sampled softmax (Jean et al. 2015): each batch scores its rows
// against their own targets plus K shared negatives drawn from unigram^0.75, with the logQ
// correction. The saved model is an ordinary Dense(V, softmax), evaluated with the full softmax.

import { gemmNN, gemmNT, gemmTN, view } from '../kernels/kernels';
import { Dense } from '../layers/dense';
import { type Param, RecurrentState } from '../layers/layer';
import { SequentialModel } from '../model/model';
import { Rng } from '../random';
import { Adam } from './adam';
import { lmBatch, type LmBatch } from './batches';
import { BestWeights } from './best-weights';
import { countsTarget, type LanguageModelJob, type LanguageModelPerplexityJob, type LanguageModelSetup, type ValidTargets } from './gradient-jobs';
import { GradientWorker, withWorkers } from './parallel';

export { lmBatch, type LmBatch } from './batches';
import { BatchProgress } from './progress';

export interface LmTrainingOptions {
  epochs: number;
  /** parallel streams */
  batchSize: number;
  /** steps per batch (truncation length of backpropagation through time) */
  bptt: number;
  learningRate: number;
  clipNorm: number;
  /** negatives per batch for the sampled softmax */
  samples: number;
  seed: number;
  decay?: number;
  /** token ids that are never proposed as negatives (padding) */
  excluded?: number[];
  /** 2: split every batch's streams with a worker thread on the second core (parallel.ts) */
  workers?: number;
  /** each epoch's own stream (a mixture drawn afresh, source-mixture.ts) instead of `train` */
  epochStream?: (epoch: number) => Int32Array;
  /** asked before each epoch: false ends the training there (a time budget) */
  another?: (finished: LmEpochReport[]) => boolean;
  /** validation counts only these targets (fine-tuning: the words the base knew, as its before/after measure does) */
  validTargets?: ValidTargets;
  /** each parameter's learning-rate multiple (0: frozen, e.g. an embedding table other models share) */
  rates?: (model: SequentialModel) => ReadonlyMap<Param, number>;
}

export interface LmEpochReport {
  epoch: number;
  sampledLoss: number;
  validPerplexity: number;
  seconds: number;
  tokensPerSecond: number;
}

/** Draws K distinct ids from unigram^power (alias-free: binary search on the cumulative table). */
export class NegativeSampler {
  private readonly cumulative: Float64Array;
  readonly q: Float64Array;

  constructor(counts: ArrayLike<number>, power: number, excluded: number[] = []) {
    const n = counts.length;
    this.q = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      this.q[i] = excluded.includes(i) ? 0 : Math.pow(counts[i] + 1, power);
      total += this.q[i];
    }
    this.cumulative = new Float64Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) {
      this.q[i] /= total;
      acc += this.q[i];
      this.cumulative[i] = acc;
    }
  }

  /** K distinct ids and the number of draws it took (for expected counts). */
  sample(k: number, rng: Rng): { ids: Int32Array; draws: number } {
    const seen = new Set<number>();
    let draws = 0;
    while (seen.size < k) {
      draws++;
      const r = rng.next() * this.cumulative[this.cumulative.length - 1];
      let lo = 0,
        hi = this.cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.cumulative[mid] < r) lo = mid + 1;
        else hi = mid;
      }
      seen.add(lo);
    }
    return { ids: Int32Array.from(seen), draws };
  }

  /** log of the expected number of times id appears in `draws` draws (TF's expected count). */
  logExpectedCount(id: number, draws: number): number {
    return Math.log(-Math.expm1(draws * Math.log1p(-Math.min(this.q[id], 1 - 1e-12))) + 1e-30);
  }
}

/**
 * Sampled softmax loss on hidden rows h[N × d] (targets -1 are skipped); accumulates the Dense
 * kernel/bias gradients for the target and sampled columns and returns dH. The gradient is that
 * of the mean over `normalizer` rows (default: these rows; a split batch passes the whole batch's).
 */
export function sampledSoftmax(
  dense: Dense,
  h: Float32Array,
  N: number,
  targets: Int32Array,
  negatives: Int32Array,
  draws: number,
  sampler: NegativeSampler,
  normalizer?: number,
): { loss: number; dH: Float32Array; counted: number; correct: number } {
  const d = dense.inputDim,
    V = dense.units,
    K = negatives.length;
  const W = dense.kernel.value,
    Wg = dense.kernel.grad;
  const bias = dense.bias?.value,
    biasGrad = dense.bias?.grad;
  // gather the sampled columns into [d × K]
  const Ws = new Float32Array(d * K);
  for (let i = 0; i < d; i++) for (let k = 0; k < K; k++) Ws[i * K + k] = W[i * V + negatives[k]];
  const logits = new Float32Array(N * K);
  gemmNN(N, K, d, view(h, 0, d), view(Ws, 0, K), view(logits, 0, K), false);
  const negCorrection = new Float32Array(K);
  for (let k = 0; k < K; k++) negCorrection[k] = (bias ? bias[negatives[k]] : 0) - sampler.logExpectedCount(negatives[k], draws);
  const dLogits = new Float32Array(N * K);
  const dTrue = new Float32Array(N);
  let counted = 0;
  for (let r = 0; r < N; r++) if (targets[r] >= 0) counted++;
  const over = normalizer ?? counted;
  let loss = 0;
  // rows whose target outscores every sampled negative (the progress bar's accuracy)
  let correct = 0;
  for (let r = 0; r < N; r++) {
    const y = targets[r];
    if (y < 0) continue;
    let trueLogit = bias ? bias[y] : 0;
    for (let i = 0; i < d; i++) trueLogit += h[r * d + i] * W[i * V + y];
    trueLogit -= sampler.logExpectedCount(y, draws);
    const o = r * K;
    let max = trueLogit;
    for (let k = 0; k < K; k++) {
      // an accidental hit (the target among the negatives) is removed, as in TF
      const z = negatives[k] === y ? -Infinity : logits[o + k] + negCorrection[k];
      logits[o + k] = z;
      if (z > max) max = z;
    }
    if (max === trueLogit) correct++;
    let sum = Math.exp(trueLogit - max);
    for (let k = 0; k < K; k++) sum += Math.exp(logits[o + k] - max);
    const logSum = max + Math.log(sum);
    loss += logSum - trueLogit;
    dTrue[r] = (Math.exp(trueLogit - logSum) - 1) / over;
    for (let k = 0; k < K; k++) dLogits[o + k] = Math.exp(logits[o + k] - logSum) / over;
  }
  // gradients: sampled columns via gemms, target columns row by row
  const dWs = new Float32Array(d * K);
  gemmTN(d, K, N, view(h, 0, d), view(dLogits, 0, K), view(dWs, 0, K), false);
  for (let i = 0; i < d; i++) for (let k = 0; k < K; k++) Wg[i * V + negatives[k]] += dWs[i * K + k];
  const dH = new Float32Array(N * d);
  gemmNT(N, d, K, view(dLogits, 0, K), view(Ws, 0, K), view(dH, 0, d), false);
  if (biasGrad) for (let k = 0; k < K; k++) for (let r = 0; r < N; r++) biasGrad[negatives[k]] += dLogits[r * K + k];
  for (let r = 0; r < N; r++) {
    const y = targets[r];
    if (y < 0) continue;
    const g = dTrue[r];
    for (let i = 0; i < d; i++) {
      dH[r * d + i] += g * W[i * V + y];
      Wg[i * V + y] += g * h[r * d + i];
    }
    if (biasGrad) biasGrad[y] += g;
  }
  return { loss: counted ? loss / counted : 0, dH, counted, correct };
}

/**
 * Forward and backward on one batch from the streams' carried states, accumulating gradients.
 * `negatives` is asked for after the forward pass (the one-thread trainer draws them there, so
 * its random sequence, and its models, stay what they were before batches could be split).
 */
export function lmTrainBatch(
  model: SequentialModel,
  batch: LmBatch,
  states: RecurrentState[][] | undefined,
  rng: Rng,
  negatives: () => { ids: Int32Array; draws: number },
  sampler: NegativeSampler,
  normalizer?: number,
): { loss: number; correct: number; counted: number; finalStates: RecurrentState[][] } {
  const dense = denseOutput(model);
  const denseIndex = model.layers.indexOf(dense);
  const pass = model.forward(batch.ids, batch.T, batch.B, { training: true, rng, initialStates: states, upTo: denseIndex });
  // carry the state, not its gradient, into the next batch
  const finalStates = pass.finalStates.map((s) => s.map((x) => ({ h: x.h.slice(), c: x.c ? x.c.slice() : null })));
  const hidden = pass.output;
  if (hidden.kind !== 'sequence') throw new Error('a language model needs per-step recurrent outputs');
  const { ids, draws } = negatives();
  const { loss, dH, correct, counted } = sampledSoftmax(dense, hidden.data, batch.T * batch.B, batch.targets, ids, draws, sampler, normalizer);
  model.backward({ ...pass, caches: pass.caches.slice(0, denseIndex) }, dH, denseIndex - 1);
  return { loss, correct, counted, finalStates };
}

/** Cuts a stream into B rows of equal length (the tail that does not fit is dropped). */
export function streamRows(stream: Int32Array, B: number): Int32Array[] {
  const len = Math.floor(stream.length / B);
  return Array.from({ length: B }, (_, b) => stream.subarray(b * len, (b + 1) * len));
}

function denseOutput(model: SequentialModel): Dense {
  const dense = model.outputLayer;
  if (!dense) throw new Error('a language model must end in a Dense layer');
  return dense;
}

/** The rows B streams of `stream` are read in (what streamPerplexity cuts; at least 1, at most half the stream). */
export function perplexityRows(stream: Int32Array, B = 16): Int32Array[] {
  return streamRows(stream, Math.max(1, Math.min(B, Math.floor(stream.length / 2))));
}

/**
 * Full-softmax negative log-likelihood of rows read side by side (each row one stream, its state
 * carried T steps at a time), and how many targets it counts. Rows are independent, so any split
 * of them between threads sums to the same numbers.
 */
export function rowsNll(model: SequentialModel, rows: Int32Array[], T = 64, only?: (target: number) => boolean): { nll: number; count: number } {
  const B = rows.length;
  const len = rows[0]?.length ?? 0;
  let states: RecurrentState[][] | undefined;
  let nll = 0,
    count = 0;
  for (let t0 = 0; t0 + 1 < len; t0 += T) {
    const steps = Math.min(T, len - 1 - t0);
    const ids = new Int32Array(steps * B);
    for (let t = 0; t < steps; t++) for (let b = 0; b < B; b++) ids[t * B + b] = rows[b][t0 + t];
    const pass = model.forward(ids, steps, B, { initialStates: states });
    states = pass.finalStates;
    const out = pass.output;
    if (out.kind !== 'sequence') throw new Error('a language model outputs a distribution at every step');
    for (let t = 0; t < steps; t++) {
      for (let b = 0; b < B; b++) {
        const y = rows[b][t0 + t + 1];
        if (only && !only(y)) continue;
        nll -= Math.log(Math.max(out.data[(t * B + b) * out.dim + y], 1e-30));
        count++;
      }
    }
  }
  return { nll, count };
}

/**
 * Full-softmax perplexity of a stream (the number the model card reports). `only`: count just the
 * targets it accepts (comparing models with different vocabularies on the words both know).
 */
export function streamPerplexity(model: SequentialModel, stream: Int32Array, B = 16, T = 64, only?: (target: number) => boolean): number {
  const { nll, count } = rowsNll(model, perplexityRows(stream, B), T, only);
  return Math.exp(nll / count);
}

/**
 * streamPerplexity on both cores: the worker reads the second half of the rows while this thread
 * reads the first. Validation is a full softmax over the vocabulary at every token, a third of an
 * epoch's time on one core at 20,000 words.
 */
export function validationPerplexity(model: SequentialModel, valid: Int32Array, helper: GradientWorker | null, targets?: ValidTargets): number {
  const only = countsTarget(targets);
  if (!helper) return streamPerplexity(model, valid, 16, 64, only);
  const rows = perplexityRows(valid);
  const half = Math.ceil(rows.length / 2);
  if (half === rows.length) return streamPerplexity(model, valid, 16, 64, only);
  helper.start({ kind: 'language-model-perplexity', rows: rows.slice(half), targets } satisfies LanguageModelPerplexityJob);
  const mine = rowsNll(model, rows.slice(0, half), 64, only);
  const theirs = helper.evaluation();
  return Math.exp((mine.nll + theirs.loss) / (mine.count + theirs.counted));
}

export function trainLanguageModel(
  target: SequentialModel,
  train: Int32Array,
  valid: Int32Array,
  counts: ArrayLike<number>,
  options: LmTrainingOptions,
  onBatch?: (p: BatchProgress) => void,
  onEpoch?: (r: LmEpochReport, model: SequentialModel) => void,
): LmEpochReport[] {
  const sampler = new NegativeSampler(counts, 0.75, options.excluded ?? [0]);
  return withWorkers(target, options.workers, (model, helper) => {
    if (helper) useLanguageModel(helper, counts, 0.75, options.excluded ?? [0]);
    return trainLmOn(model, train, valid, sampler, options, helper, onBatch, onEpoch);
  });
}

function trainLmOn(
  model: SequentialModel,
  train: Int32Array,
  valid: Int32Array,
  sampler: NegativeSampler,
  options: LmTrainingOptions,
  helper: GradientWorker | null,
  onBatch?: (p: BatchProgress) => void,
  onEpoch?: (r: LmEpochReport, model: SequentialModel) => void,
): LmEpochReport[] {
  const rng = new Rng(options.seed);
  const adam = new Adam(model.params, { learningRate: options.learningRate, clipNorm: options.clipNorm, rates: options.rates?.(model) });
  const { batchSize: B, bptt: T } = options;
  const reports: LmEpochReport[] = [];
  const best = new BestWeights(model.params, Infinity, (perplexity, bestSoFar) => perplexity < bestSoFar);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    if (epoch > 1 && options.another && !options.another(reports)) break;
    // a different cut of the stream each epoch, so batch boundaries move
    const shift = epoch === 1 ? 0 : rng.int(T);
    const stream = options.epochStream?.(epoch) ?? train;
    const rows = streamRows(stream.subarray(shift), B);
    const len = rows[0].length;
    const batches = Math.floor((len - 1) / T);
    let states: RecurrentState[][] | undefined;
    const start = performance.now();
    let lossSum = 0,
      tokens = 0,
      correct = 0;
    for (let i = 0; i < batches; i++) {
      let loss: number;
      if (helper) {
        // the worker takes the second half of the streams (and keeps their states); both halves
        // score against the same negatives and average over the whole batch
        const half = Math.ceil(B / 2);
        const negatives = sampler.sample(options.samples, rng);
        helper.start({
          kind: 'language-model',
          batch: lmBatch(rows, i, T, half, B),
          reset: i === 0,
          seed: rng.int(2 ** 31),
          negatives: negatives.ids,
          draws: negatives.draws,
          normalizer: T * B,
        } satisfies LanguageModelJob);
        const mine = lmTrainBatch(model, lmBatch(rows, i, T, 0, half), states, rng, () => negatives, sampler, T * B);
        const theirs = helper.finish();
        states = mine.finalStates;
        loss = (mine.loss * mine.counted + theirs.loss * theirs.counted) / (mine.counted + theirs.counted);
        correct += mine.correct + theirs.correct;
      } else {
        const r = lmTrainBatch(model, lmBatch(rows, i, T), states, rng, () => sampler.sample(options.samples, rng), sampler);
        states = r.finalStates;
        loss = r.loss;
        correct += r.correct;
      }
      adam.step();
      lossSum += loss * T * B;
      tokens += T * B;
      onBatch?.({ epoch, batch: i + 1, batches, loss: lossSum / tokens, accuracy: correct / tokens, tokens, seconds: (performance.now() - start) / 1000 });
    }
    const seconds = (performance.now() - start) / 1000;
    const report: LmEpochReport = {
      epoch,
      sampledLoss: lossSum / tokens,
      validPerplexity: validationPerplexity(model, valid, helper, options.validTargets),
      seconds,
      tokensPerSecond: tokens / seconds,
    };
    reports.push(report);
    onEpoch?.(report, model);
    best.offer(report.validPerplexity);
    adam.learningRate *= options.decay ?? 1;
  }
  best.restore();
  return reports;
}

/** Readies a gradient worker for language-model jobs: its negative sampler's word counts. */
export function useLanguageModel(helper: GradientWorker, counts: ArrayLike<number>, power: number, excluded: number[]): void {
  helper.post({ kind: 'language-model-setup', counts: Float64Array.from(counts), power, excluded } satisfies LanguageModelSetup);
}

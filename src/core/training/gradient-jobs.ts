// What the trainers send the gradient worker (gradient-worker.ts) through parallel.ts: one
// half batch per job, and the setup a language-model job needs.

import type { Batch, LmBatch } from './batches';

/** What the sentiment trainer sends for one half batch. */
export interface SentimentJob {
  kind?: 'sentiment';
  batch: Batch;
  seed: number;
  /** the half's share of the whole batch (its rows / all rows): the loss is a mean over all rows */
  scale: number;
  wordDropout: number;
}

/** What the language-model trainer sends: its streams' half of a batch. */
export interface LanguageModelJob {
  kind: 'language-model';
  batch: LmBatch;
  /** the first batch of an epoch: the worker's streams start from zero states */
  reset: boolean;
  seed: number;
  /** the sampled-softmax negatives, shared with the trainer's half */
  negatives: Int32Array;
  draws: number;
  /** rows of the whole batch: the loss is a mean over all of them */
  normalizer: number;
}

/** Not a gradient: the full-softmax log-likelihood of the worker's share of the validation rows (lm-trainer.ts rowsNll). */
export interface LanguageModelPerplexityJob {
  kind: 'language-model-perplexity';
  rows: Int32Array[];
  /** count only these targets (lm-trainer.ts ValidTargets) */
  targets?: ValidTargets;
}

/**
 * Which targets a validation perplexity counts: ids below `below` other than `unk` — the words a
 * base model knew, so a fine-tuned model's perplexity means the same as its base's (a number, not
 * a function, so the worker thread can apply it too).
 */
export interface ValidTargets {
  below: number;
  unk: number;
}

export const countsTarget = (t: ValidTargets | undefined) => (t ? (y: number) => y < t.below && y !== t.unk : undefined);

export type GradientJob = SentimentJob | LanguageModelJob;

/** Sent once before language-model jobs: what the worker's negative sampler needs. */
export interface LanguageModelSetup {
  kind: 'language-model-setup';
  counts: ArrayLike<number>;
  power: number;
  excluded: number[];
}

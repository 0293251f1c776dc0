// What a training loop reports after every batch (the scripts draw their progress bars from it).

export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  /** mean loss so far this epoch (the sampled-softmax loss for a language model) */
  loss: number;
  /** fraction right so far this epoch (language model: targets that beat every sampled negative) */
  accuracy: number;
  tokens: number;
  seconds: number;
}

// Both trainers keep the weights of their best epoch on held-out data (dev accuracy, validation
// perplexity) and end with those, not with the last epoch's.

import type { Param } from '../layers/layer';

export class BestWeights {
  private weights: Float32Array[] = [];

  /** `better(score, best)`: whether a score beats the best so far (which starts at `initial`). */
  constructor(
    private readonly params: Param[],
    private best: number,
    private readonly better: (score: number, best: number) => boolean,
  ) {}

  /** Copies the weights if `score` is the best so far. */
  offer(score: number): void {
    if (!this.better(score, this.best)) return;
    this.best = score;
    this.weights = this.params.map((p) => p.value.slice());
  }

  /** Puts the best epoch's weights back (nothing, if no epoch was offered). */
  restore(): void {
    this.weights.forEach((w, i) => this.params[i].value.set(w));
  }
}

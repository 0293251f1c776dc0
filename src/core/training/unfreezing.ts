// ULMFiT's gradual unfreezing with discriminative learning rates (Howard & Ruder 2018, §3.2–3.3):
// a classifier started from a language model first trains only its new head, then one more layer
// below it each epoch, and every layer learns at the rate of the one above it divided by `factor`
// (2.6 in the paper), so what reading taught the lower layers is adjusted, not overwritten.

import type { Param } from '../layers/layer';
import type { SequentialModel } from '../model/model';

export interface UnfreezingOptions {
  /** each unfrozen layer's rate is the one above it divided by this */
  factor: number;
  /** layers that never train (a shared embedding table) */
  frozen?: ReadonlySet<object>;
}

/**
 * Each parameter's learning-rate multiple in `epoch` (1-based): the top layer with weights at 1,
 * the next one down at 1/factor from epoch 2, and so on; layers not yet reached, and the ones in
 * `frozen`, at 0 (Adam leaves them bit for bit as they are).
 */
export function unfreezingRates(model: SequentialModel, epoch: number, options: UnfreezingOptions): Map<Param, number> {
  const rates = new Map<Param, number>();
  const withWeights = model.layers.filter((l) => l.params.length > 0).reverse();
  withWeights.forEach((layer, depth) => {
    const rate = depth < epoch && !options.frozen?.has(layer) ? options.factor ** -depth : 0;
    for (const p of layer.params) rates.set(p, rate);
  });
  return rates;
}

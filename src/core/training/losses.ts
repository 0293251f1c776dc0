// Losses fused with the output activation: each returns the mean loss and the gradient with
// respect to the logits, which is numerically stabler than differentiating through σ or softmax.

export interface LossResult {
  loss: number;
  dLogits: Float32Array;
}

/** Binary cross-entropy on sigmoid(logits); labels are 0/1 (or soft targets). */
export function sigmoidCrossEntropy(logits: Float32Array, labels: ArrayLike<number>): LossResult {
  const n = logits.length;
  const dLogits = new Float32Array(n);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const z = logits[i];
    const y = labels[i];
    // log(1 + e^-|z|) + max(z, 0) - z·y, the stable form of -[y log σ(z) + (1-y) log(1-σ(z))]
    loss += Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - z * y;
    dLogits[i] = (1 / (1 + Math.exp(-z)) - y) / n;
  }
  return { loss: loss / n, dLogits };
}

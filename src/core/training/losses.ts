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

/**
 * Softmax cross-entropy over rows of logits[rows × classes]; target -1 skips a row (padding).
 * The loss is the mean over counted rows.
 */
export function softmaxCrossEntropy(logits: Float32Array, rows: number, classes: number, targets: Int32Array): LossResult & { counted: number } {
  const dLogits = new Float32Array(rows * classes);
  let loss = 0;
  let counted = 0;
  for (let r = 0; r < rows; r++) if (targets[r] >= 0) counted++;
  for (let r = 0; r < rows; r++) {
    const y = targets[r];
    if (y < 0) continue;
    const o = r * classes;
    let max = -Infinity;
    for (let j = 0; j < classes; j++) if (logits[o + j] > max) max = logits[o + j];
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += Math.exp(logits[o + j] - max);
    const logSum = max + Math.log(sum);
    loss += logSum - logits[o + y];
    for (let j = 0; j < classes; j++) dLogits[o + j] = Math.exp(logits[o + j] - logSum) / counted;
    dLogits[o + y] -= 1 / counted;
  }
  return { loss: counted ? loss / counted : 0, dLogits, counted };
}

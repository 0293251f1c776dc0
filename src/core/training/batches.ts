// Batching for training: sequences of similar length go together (little padding), padded
// with id 0 at the end and laid out time-major as the engine wants.

import { Rng } from '../random';

export { toBatch, type Batch, type Example } from '../sentiment/sequence-batch';
import { toBatch, type Batch, type Example } from '../sentiment/sequence-batch';

/** Shuffled batches of length-sorted neighbours: the order changes every epoch, padding stays small. */
export function bucketedBatches(examples: Example[], batchSize: number, maxLength: number, rng: Rng): Batch[] {
  const shuffled = rng.shuffle([...examples]);
  const chunk = batchSize * 50;
  const batches: Batch[] = [];
  for (let i = 0; i < shuffled.length; i += chunk) {
    const pool = shuffled.slice(i, i + chunk).sort((a, b) => a.ids.length - b.ids.length);
    for (let j = 0; j < pool.length; j += batchSize) batches.push(toBatch(pool.slice(j, j + batchSize), maxLength));
  }
  return rng.shuffle(batches);
}

/** T steps of B parallel streams, time-major: ids[t * B + b], and the next token of each. */
export interface LmBatch {
  ids: Int32Array;
  targets: Int32Array;
  T: number;
  B: number;
}

/** Batch `i` of the streams `rows[from..to)`. */
export function lmBatch(rows: Int32Array[], i: number, T: number, from = 0, to = rows.length): LmBatch {
  const B = to - from;
  const ids = new Int32Array(T * B);
  const targets = new Int32Array(T * B);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      ids[t * B + b] = rows[from + b][i * T + t];
      targets[t * B + b] = rows[from + b][i * T + t + 1];
    }
  }
  return { ids, targets, T, B };
}

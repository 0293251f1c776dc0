// Labelled sequences as one batch, padded with id 0 at the end and laid out time-major as the
// engine wants: what classifying many texts at once needs (sentiment.ts) and what training builds on
// (training/batches.ts).

export interface Example {
  ids: Int32Array;
  label: number;
}

export interface Batch {
  ids: Int32Array;
  T: number;
  B: number;
  labels: Float32Array;
}

export function toBatch(examples: Example[], maxLength: number): Batch {
  const B = examples.length;
  const T = Math.max(1, Math.min(maxLength, Math.max(...examples.map((e) => e.ids.length))));
  const ids = new Int32Array(T * B);
  const labels = new Float32Array(B);
  examples.forEach((e, b) => {
    // keep the end of over-long sequences: the verdict of a review tends to come last
    const start = Math.max(0, e.ids.length - T);
    for (let t = 0; t < Math.min(T, e.ids.length); t++) ids[t * B + b] = e.ids[start + t];
    labels[b] = e.label;
  });
  return { ids, T, B, labels };
}

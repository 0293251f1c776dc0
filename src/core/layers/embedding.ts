// Embedding: id -> row of a [vocabulary × dim] matrix. With maskZero, id 0 is padding and the
// recurrent layers downstream skip it (they carry their state across padded steps).

import { ForwardResult, IdsValue, Layer, LayerValue, Param, expectKind } from './layer';

export class Embedding implements Layer<IdsValue> {
  readonly className = 'Embedding';
  readonly params: Param[];
  readonly embeddings: Param;

  constructor(
    readonly name: string,
    readonly inputDim: number,
    readonly outputDim: number,
    readonly maskZero: boolean,
    weights: Float32Array,
  ) {
    this.embeddings = new Param('embeddings', [inputDim, outputDim], weights);
    this.params = [this.embeddings];
  }

  forward(input: LayerValue): ForwardResult<IdsValue> {
    const read = expectKind(this.name, input, 'ids');
    const { T, B, ids } = read;
    const d = this.outputDim;
    const data = new Float32Array(T * B * d);
    const w = this.embeddings.value;
    const mask = this.maskZero ? new Uint8Array(T * B) : null;
    for (let r = 0; r < T * B; r++) {
      const id = ids[r];
      if (id < 0 || id >= this.inputDim) throw new Error(`layer ${this.name}: token id ${id} outside the vocabulary of ${this.inputDim}`);
      data.set(w.subarray(id * d, id * d + d), r * d);
      if (mask) mask[r] = id === 0 ? 0 : 1;
    }
    return { output: { kind: 'sequence', T, B, dim: d, data, mask }, cache: read };
  }

  /** A sparse row update: only rows of ids in the batch get gradient. */
  backward(cache: IdsValue, dOutput: Float32Array): null {
    const { T, B, ids } = cache;
    const d = this.outputDim;
    const g = this.embeddings.grad;
    const touched = (this.embeddings.touchedRows ??= new Set());
    for (let r = 0; r < T * B; r++) {
      const id = ids[r];
      if (this.maskZero && id === 0) continue;
      touched.add(id);
      const o = id * d;
      for (let j = 0; j < d; j++) g[o + j] += dOutput[r * d + j];
    }
    return null;
  }
}

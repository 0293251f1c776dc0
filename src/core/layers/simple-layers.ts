// Parameter-free layers: Dropout, Activation, global pooling over time.

import { ActivationName, ACTIVATIONS, applyActivation } from './activations';
import { ForwardOptions, ForwardResult, Layer, LayerValue, SequenceValue, expectKind, rowsOf } from './layer';

/** Inverted dropout: identity at inference, scaled random zeros in training. */
/** the kept units, scaled (null: nothing dropped) */
type DropoutCache = Float32Array | null;

export class Dropout implements Layer<DropoutCache> {
  readonly className = 'Dropout';
  readonly params = [];
  constructor(
    readonly name: string,
    readonly rate: number,
  ) {}

  forward(input: LayerValue, options: ForwardOptions): ForwardResult<DropoutCache> {
    const x = expectKind(this.name, input, 'sequence', 'flat');
    if (!options.training || this.rate <= 0) return { output: x, cache: null };
    if (!options.rng) throw new Error(`layer ${this.name}: training needs a seeded random source`);
    const keep = new Float32Array(x.data.length);
    const scale = 1 / (1 - this.rate);
    const data = new Float32Array(x.data.length);
    for (let i = 0; i < data.length; i++) {
      keep[i] = options.rng.next() >= this.rate ? scale : 0;
      data[i] = x.data[i] * keep[i];
    }
    return { output: { ...x, data }, cache: keep };
  }

  backward(keep: DropoutCache, dOutput: Float32Array): Float32Array {
    if (!keep) return dOutput;
    const d = new Float32Array(dOutput.length);
    for (let i = 0; i < d.length; i++) d[i] = dOutput[i] * keep[i];
    return d;
  }
}

export class ActivationLayer implements Layer<Float32Array> {
  readonly className = 'Activation';
  readonly params = [];
  constructor(
    readonly name: string,
    readonly activation: ActivationName,
  ) {}

  forward(input: LayerValue): ForwardResult<Float32Array> {
    const x = expectKind(this.name, input, 'sequence', 'flat');
    const data = Float32Array.from(x.data);
    applyActivation(this.activation, data, rowsOf(x), x.dim);
    return { output: { ...x, data }, cache: data };
  }

  backward(y: Float32Array, dOutput: Float32Array): Float32Array {
    if (this.activation === 'softmax') throw new Error(`layer ${this.name}: a softmax is trained through its loss`);
    const df = ACTIVATIONS[this.activation].dfFromY;
    return dOutput.map((d, i) => d * df(y[i]));
  }
}

/** GlobalAveragePooling1D / GlobalMaxPooling1D over the real (unmasked) steps. */
interface PoolingCache {
  x: SequenceValue;
  argmax: Int32Array;
  counts: Float32Array;
}

export class GlobalPooling1D implements Layer<PoolingCache> {
  readonly params = [];
  constructor(
    readonly name: string,
    readonly className: 'GlobalAveragePooling1D' | 'GlobalMaxPooling1D',
  ) {}

  forward(input: LayerValue): ForwardResult<PoolingCache> {
    const x = expectKind(this.name, input, 'sequence');
    const { T, B, dim, mask } = x;
    const data = new Float32Array(B * dim).fill(this.className === 'GlobalMaxPooling1D' ? -Infinity : 0);
    const argmax = new Int32Array(B * dim).fill(-1);
    const counts = new Float32Array(B);
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < B; b++) {
        if (mask && !mask[t * B + b]) continue;
        counts[b]++;
        const src = (t * B + b) * dim;
        for (let j = 0; j < dim; j++) {
          const v = x.data[src + j];
          if (this.className === 'GlobalMaxPooling1D') {
            if (v > data[b * dim + j]) {
              data[b * dim + j] = v;
              argmax[b * dim + j] = t;
            }
          } else data[b * dim + j] += v;
        }
      }
    }
    if (this.className === 'GlobalAveragePooling1D') {
      for (let b = 0; b < B; b++) for (let j = 0; j < dim; j++) data[b * dim + j] /= Math.max(1, counts[b]);
    }
    return { output: { kind: 'flat', B, dim, data }, cache: { x, argmax, counts } };
  }

  backward(cache: PoolingCache, dOutput: Float32Array): Float32Array {
    const { x, argmax, counts } = cache;
    const { T, B, dim, mask } = x;
    const dX = new Float32Array(T * B * dim);
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < dim; j++) {
        const g = dOutput[b * dim + j];
        if (this.className === 'GlobalMaxPooling1D') {
          const t = argmax[b * dim + j];
          if (t >= 0) dX[(t * B + b) * dim + j] += g;
        } else {
          for (let t = 0; t < T; t++) if (!mask || mask[t * B + b]) dX[(t * B + b) * dim + j] += g / Math.max(1, counts[b]);
        }
      }
    }
    return dX;
  }
}

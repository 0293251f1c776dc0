// Adam (Kingma & Ba) with global-norm gradient clipping. Embedding matrices are updated
// lazily: only the rows a batch touched move (the sparse row update that makes a 15k-word
// vocabulary cheap), with bias correction by the global step as in TensorFlow's LazyAdam.

import { releaseResident } from '../kernels/kernels';
import { Param } from '../layers/layer';

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** clip the global gradient norm to this (0: no clipping) */
  clipNorm?: number;
  /** a parameter's learning rate as a multiple of the global one (0: frozen); 1 for the rest */
  rates?: ReadonlyMap<Param, number>;
}

export class Adam {
  private readonly m = new Map<Param, Float32Array>();
  private readonly v = new Map<Param, Float32Array>();
  private t = 0;
  learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly clipNorm: number;
  /** a parameter's learning rate as a multiple of the global one; replaced between epochs by gradual unfreezing */
  rates: ReadonlyMap<Param, number>;

  constructor(
    private readonly params: Param[],
    options: AdamOptions,
  ) {
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
    this.clipNorm = options.clipNorm ?? 0;
    this.rates = options.rates ?? new Map();
    // weights being trained change every step: the wasm kernels must not keep a copy of them
    releaseResident(params.map((p) => p.value));
    for (const p of params) {
      this.m.set(p, new Float32Array(p.value.length));
      this.v.set(p, new Float32Array(p.value.length));
    }
  }

  /** Global L2 norm of the gradients of the parameters that move (touched rows only for sparse params). */
  gradientNorm(): number {
    let sum = 0;
    for (const p of this.params) {
      if (this.rates.get(p) === 0) continue;
      for (const [lo, hi] of ranges(p)) for (let i = lo; i < hi; i++) sum += p.grad[i] * p.grad[i];
    }
    return Math.sqrt(sum);
  }

  /** Applies one update from the accumulated gradients, then zeroes them. Returns the pre-clip norm. */
  step(): number {
    const norm = this.gradientNorm();
    const scale = this.clipNorm > 0 && norm > this.clipNorm ? this.clipNorm / norm : 1;
    this.t++;
    const lr = (this.learningRate * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t);
    const { beta1: b1, beta2: b2, epsilon: eps } = this;
    for (const p of this.params) {
      const m = this.m.get(p)!,
        v = this.v.get(p)!,
        w = p.value,
        g = p.grad;
      const multiple = this.rates.get(p) ?? 1;
      if (multiple === 0) {
        // frozen: not a step of size zero (0 × a NaN moment would move it), no step at all, and
        // no moments gathered while frozen, so the weights stay bit for bit what they were
        for (const [lo, hi] of ranges(p)) g.fill(0, lo, hi);
        p.touchedRows = p.touchedRows ? new Set() : null;
        continue;
      }
      const rate = lr * multiple;
      for (const [lo, hi] of ranges(p)) {
        for (let i = lo; i < hi; i++) {
          const gi = g[i] * scale;
          m[i] = b1 * m[i] + (1 - b1) * gi;
          v[i] = b2 * v[i] + (1 - b2) * gi * gi;
          w[i] -= (rate * m[i]) / (Math.sqrt(v[i]) + eps);
          g[i] = 0;
        }
      }
      p.touchedRows = p.touchedRows ? new Set() : null;
    }
    return norm;
  }
}

/** The index ranges of a parameter that carry gradient this step. */
function ranges(p: Param): Array<[number, number]> {
  if (!p.touchedRows) return [[0, p.value.length]];
  const width = p.shape[1];
  return [...p.touchedRows].map((r): [number, number] => [r * width, (r + 1) * width]);
}

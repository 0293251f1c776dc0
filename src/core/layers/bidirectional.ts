// Bidirectional (merge mode concat): one recurrent layer reads left to right, a twin reads right
// to left; at each position the output is [forward half, backward half], as tfjs orders it.

import { ForwardOptions, ForwardResult, Layer, LayerValue, Param, SequenceValue, expectKind } from './layer';
import { RecurrentCache, RecurrentLayer } from './recurrent';

export interface BidirectionalCache {
  forward: RecurrentCache;
  backward: RecurrentCache;
}

export class Bidirectional implements Layer<BidirectionalCache> {
  readonly className = 'Bidirectional';
  readonly params: Param[];

  constructor(
    readonly name: string,
    readonly forwardLayer: RecurrentLayer,
    readonly backwardLayer: RecurrentLayer,
  ) {
    if (!backwardLayer.config.goBackwards || forwardLayer.config.goBackwards) throw new Error(`layer ${name}: the backward twin must read backwards`);
    this.params = [...forwardLayer.params, ...backwardLayer.params];
  }

  get units(): number {
    return this.forwardLayer.units;
  }

  get returnSequences(): boolean {
    return this.forwardLayer.config.returnSequences;
  }

  forward(input: LayerValue, options: ForwardOptions): ForwardResult<BidirectionalCache> {
    const x = expectKind(this.name, input, 'sequence');
    const [f0, b0] = options.initialState ?? [];
    const fwd = this.forwardLayer.forward(x, { ...options, initialState: f0 ? [f0] : undefined });
    const bwd = this.backwardLayer.forward(x, { ...options, initialState: b0 ? [b0] : undefined });
    const u = this.units;
    const { T, B } = x;
    let output: LayerValue;
    if (this.returnSequences) {
      const data = new Float32Array(T * B * 2 * u);
      const fo = fwd.output as SequenceValue,
        bo = bwd.output as SequenceValue;
      for (let t = 0; t < T; t++) {
        for (let b = 0; b < B; b++) {
          const o = (t * B + b) * 2 * u;
          data.set(fo.data.subarray((t * B + b) * u, (t * B + b + 1) * u), o);
          // the backward layer's outputs come in its reading order: step s is position T-1-s
          const s = T - 1 - t;
          data.set(bo.data.subarray((s * B + b) * u, (s * B + b + 1) * u), o + u);
        }
      }
      output = { kind: 'sequence', T, B, dim: 2 * u, data, mask: x.mask };
    } else {
      const data = new Float32Array(B * 2 * u);
      for (let b = 0; b < B; b++) {
        data.set(fwd.output.kind === 'flat' ? fwd.output.data.subarray(b * u, (b + 1) * u) : [], b * 2 * u);
        data.set(bwd.output.kind === 'flat' ? bwd.output.data.subarray(b * u, (b + 1) * u) : [], b * 2 * u + u);
      }
      output = { kind: 'flat', B, dim: 2 * u, data };
    }
    const cache: BidirectionalCache = { forward: fwd.cache, backward: bwd.cache };
    return { output, cache, finalState: [...fwd.finalState!, ...bwd.finalState!] };
  }

  backward(cache: BidirectionalCache, dOutput: Float32Array): Float32Array {
    const { T, B } = cache.forward;
    const u = this.units;
    const rows = this.returnSequences ? T * B : B;
    const dF = new Float32Array(rows * u);
    const dB = new Float32Array(rows * u);
    if (this.returnSequences) {
      for (let t = 0; t < T; t++) {
        for (let b = 0; b < B; b++) {
          const o = (t * B + b) * 2 * u;
          dF.set(dOutput.subarray(o, o + u), (t * B + b) * u);
          dB.set(dOutput.subarray(o + u, o + 2 * u), ((T - 1 - t) * B + b) * u);
        }
      }
    } else {
      for (let b = 0; b < B; b++) {
        dF.set(dOutput.subarray(b * 2 * u, b * 2 * u + u), b * u);
        dB.set(dOutput.subarray(b * 2 * u + u, (b + 1) * 2 * u), b * u);
      }
    }
    const dX = this.forwardLayer.backward(cache.forward, dF);
    const dXb = this.backwardLayer.backward(cache.backward, dB);
    for (let i = 0; i < dX.length; i++) dX[i] += dXb[i];
    return dX;
  }
}

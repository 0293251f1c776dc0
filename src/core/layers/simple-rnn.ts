// SimpleRNN: h' = act(x·W + h·U + b). No gates: the contrast that shows why gated cells exist.

import { RecurrentCache, RecurrentConfig, RecurrentLayer, StepGradients } from './recurrent';
import type { WasmCell } from '../kernels/wasm-kernels';

export class SimpleRNN extends RecurrentLayer {
  readonly className = 'SimpleRNN';
  readonly gateNames = ['hidden'] as const;
  protected get wasmCell(): WasmCell {
    return 'simple-rnn';
  }
  readonly hasCellState = false;

  constructor(
    name: string,
    inputDim: number,
    config: RecurrentConfig,
    weights: { kernel: Float32Array; recurrentKernel: Float32Array; bias: Float32Array | null },
  ) {
    super(name, inputDim, config, weights, 1);
  }

  protected stepForward(cache: RecurrentCache, s: number, t: number): void {
    const { B, xw, h, gates } = cache;
    const u = this.units;
    const pre = new Float32Array(B * u);
    this.recurrentProduct(cache, s, pre, 0, u);
    const f = this.act.f;
    for (let i = 0; i < B * u; i++) {
      const v = f(pre[i] + xw[t * B * u + i]);
      h[(s + 1) * B * u + i] = v;
      gates[s * B * u + i] = v;
    }
  }

  protected stepBackward(cache: RecurrentCache, s: number, _t: number, g: StepGradients): void {
    const { B, h } = cache;
    const u = this.units;
    const df = this.act.dfFromY;
    for (let i = 0; i < B * u; i++) g.dxw[i] = g.dh[i] * df(h[(s + 1) * B * u + i]);
    this.recurrentBackward(cache, s, g.dxw, 0, u, g.dhPrev, false);
  }
}

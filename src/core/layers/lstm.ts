// LSTM, columns ordered i, f, c, o as in Keras/tfjs:
//   i = σ(·), f = σ(·), g = tanh(·), o = σ(·);  c' = f ⊙ c + i ⊙ g;  h' = o ⊙ tanh(c')

import { RecurrentCache, RecurrentConfig, RecurrentLayer, StepGradients } from './recurrent';
import type { WasmCell } from '../kernels/wasm-kernels';

// In the step loops, offsets of batch row b (time-major caches, as recurrent.ts lays them out):
//   recRow   into z [B × 4u]: this step's recurrent product h·U
//   xRow     into xw [T·B × 4u]: the input projection of step t
//   gateRow  into gates [T·B × 4u]: the activated i, f, g, o of step s
//   hPrevRow into h and c [(T+1)·B × u]: the state before step s
//   hRow     into h and c: the state after it
export class LSTM extends RecurrentLayer {
  readonly className = 'LSTM';
  readonly gateNames = ['input', 'forget', 'candidate', 'output'] as const;
  protected get wasmCell(): WasmCell {
    return 'lstm';
  }
  readonly hasCellState = true;

  constructor(
    name: string,
    inputDim: number,
    config: RecurrentConfig,
    weights: { kernel: Float32Array; recurrentKernel: Float32Array; bias: Float32Array | null },
  ) {
    super(name, inputDim, config, weights, 4);
  }

  protected stepForward(cache: RecurrentCache, s: number, t: number): void {
    const { B, xw, h, gates } = cache;
    const c = cache.c!;
    const u = this.units;
    const gu = 4 * u;
    const z = new Float32Array(B * gu);
    this.recurrentProduct(cache, s, z, 0, gu);
    const rec = this.rec.f,
      act = this.act.f;
    for (let b = 0; b < B; b++) {
      const recRow = b * gu;
      const xRow = (t * B + b) * gu;
      const gateRow = (s * B + b) * gu;
      const hPrevRow = (s * B + b) * u;
      const hRow = ((s + 1) * B + b) * u;
      for (let j = 0; j < u; j++) {
        const i = rec(z[recRow + j] + xw[xRow + j]);
        const f = rec(z[recRow + u + j] + xw[xRow + u + j]);
        const gg = act(z[recRow + 2 * u + j] + xw[xRow + 2 * u + j]);
        const o = rec(z[recRow + 3 * u + j] + xw[xRow + 3 * u + j]);
        const cn = f * c[hPrevRow + j] + i * gg;
        c[hRow + j] = cn;
        h[hRow + j] = o * act(cn);
        gates[gateRow + j] = i;
        gates[gateRow + u + j] = f;
        gates[gateRow + 2 * u + j] = gg;
        gates[gateRow + 3 * u + j] = o;
      }
    }
  }

  protected stepBackward(cache: RecurrentCache, s: number, _t: number, g: StepGradients): void {
    const { B, gates } = cache;
    const c = cache.c!;
    const u = this.units;
    const gu = 4 * u;
    const recDf = this.rec.dfFromY,
      actDf = this.act.dfFromY,
      act = this.act.f;
    const dc = g.dc!,
      dcPrev = g.dcPrev!;
    for (let b = 0; b < B; b++) {
      const gateRow = (s * B + b) * gu;
      const hPrevRow = (s * B + b) * u;
      const hRow = ((s + 1) * B + b) * u;
      for (let j = 0; j < u; j++) {
        const i = gates[gateRow + j],
          f = gates[gateRow + u + j],
          gg = gates[gateRow + 2 * u + j],
          o = gates[gateRow + 3 * u + j];
        const tc = act(c[hRow + j]);
        const dh = g.dh[b * u + j];
        const dcv = dc[b * u + j] + dh * o * actDf(tc);
        dcPrev[b * u + j] = dcv * f;
        g.dxw[b * gu + j] = dcv * gg * recDf(i);
        g.dxw[b * gu + u + j] = dcv * c[hPrevRow + j] * recDf(f);
        g.dxw[b * gu + 2 * u + j] = dcv * i * actDf(gg);
        g.dxw[b * gu + 3 * u + j] = dh * tc * recDf(o);
      }
    }
    this.recurrentBackward(cache, s, g.dxw, 0, gu, g.dhPrev, false);
  }
}

// LSTM, columns ordered i, f, c, o as in Keras/tfjs:
//   i = σ(·), f = σ(·), g = tanh(·), o = σ(·);  c' = f ⊙ c + i ⊙ g;  h' = o ⊙ tanh(c')

import { RecurrentCache, RecurrentConfig, RecurrentLayer, StepGradients } from './recurrent';

export class LSTM extends RecurrentLayer {
  readonly className = 'LSTM';
  readonly gateNames = ['input', 'forget', 'candidate', 'output'] as const;
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
      const zo = b * gu;
      const xo = (t * B + b) * gu;
      const go = (s * B + b) * gu;
      const so = (s * B + b) * u;
      const no = ((s + 1) * B + b) * u;
      for (let j = 0; j < u; j++) {
        const i = rec(z[zo + j] + xw[xo + j]);
        const f = rec(z[zo + u + j] + xw[xo + u + j]);
        const gg = act(z[zo + 2 * u + j] + xw[xo + 2 * u + j]);
        const o = rec(z[zo + 3 * u + j] + xw[xo + 3 * u + j]);
        const cn = f * c[so + j] + i * gg;
        c[no + j] = cn;
        h[no + j] = o * act(cn);
        gates[go + j] = i;
        gates[go + u + j] = f;
        gates[go + 2 * u + j] = gg;
        gates[go + 3 * u + j] = o;
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
      const go = (s * B + b) * gu;
      const so = (s * B + b) * u;
      const no = ((s + 1) * B + b) * u;
      for (let j = 0; j < u; j++) {
        const i = gates[go + j],
          f = gates[go + u + j],
          gg = gates[go + 2 * u + j],
          o = gates[go + 3 * u + j];
        const tc = act(c[no + j]);
        const dh = g.dh[b * u + j];
        const dcv = dc[b * u + j] + dh * o * actDf(tc);
        dcPrev[b * u + j] = dcv * f;
        g.dxw[b * gu + j] = dcv * gg * recDf(i);
        g.dxw[b * gu + u + j] = dcv * c[so + j] * recDf(f);
        g.dxw[b * gu + 2 * u + j] = dcv * i * actDf(gg);
        g.dxw[b * gu + 3 * u + j] = dh * tc * recDf(o);
      }
    }
    this.recurrentBackward(cache, s, g.dxw, 0, gu, g.dhPrev, false);
  }
}

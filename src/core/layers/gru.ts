// GRU, columns ordered z (update), r (reset), h (candidate) as in Keras/tfjs:
//   z = σ(·), r = σ(·), h' = z ⊙ h + (1 − z) ⊙ hh       (z keeps the old state)
// reset_after = false (what stock tfjs loads): hh = tanh(x·Wh + (r ⊙ h)·Uh + bh)
// reset_after = true (Keras 2 default, CuDNN-compatible; bias is [2 × 3·units], input row then
//   recurrent row): hh = tanh(x·Wh + bxh + r ⊙ (h·Uh + bhh))

import { RecurrentCache, RecurrentConfig, RecurrentLayer, StepGradients } from './recurrent';
import type { WasmCell } from '../kernels/wasm-kernels';
import { sumRowsInto } from '../kernels/kernels';

// In the step loops, offsets of batch row b (time-major caches, as recurrent.ts lays them out):
//   xRow     into xw [T·B × 3u]: the input projection of step t
//   gateRow  into gates [T·B × 3u]: the activated z, r, hh of step s
//   hPrevRow into h (and extra) [(T+1)·B × u]: the state before step s
//   hRow     into h: the state after it
export class GRU extends RecurrentLayer {
  readonly className = 'GRU';
  readonly gateNames = ['update', 'reset', 'candidate'] as const;
  protected get wasmCell(): WasmCell {
    return this.resetAfter ? 'gru-reset-after' : 'gru';
  }
  readonly hasCellState = false;
  protected readonly keepsExtra = true;

  constructor(
    name: string,
    inputDim: number,
    config: RecurrentConfig,
    weights: { kernel: Float32Array; recurrentKernel: Float32Array; bias: Float32Array | null },
    readonly resetAfter = false,
  ) {
    super(name, inputDim, config, weights, 3, resetAfter ? [2, 3 * config.units] : [3 * config.units]);
  }

  protected stepForward(cache: RecurrentCache, s: number, t: number): void {
    const { B, xw, h, gates } = cache;
    const extra = cache.extra!;
    const u = this.units;
    const gu = 3 * u;
    const rec = this.rec.f,
      act = this.act.f;
    if (this.resetAfter) {
      const r3 = new Float32Array(B * gu);
      this.recurrentProduct(cache, s, r3, 0, gu);
      const bias = this.bias?.value;
      for (let b = 0; b < B; b++) {
        const xRow = (t * B + b) * gu,
          gateRow = (s * B + b) * gu,
          hPrevRow = (s * B + b) * u,
          hRow = ((s + 1) * B + b) * u;
        for (let j = 0; j < u; j++) {
          const rz = bias ? bias[gu + j] : 0,
            rr = bias ? bias[gu + u + j] : 0,
            rh = bias ? bias[gu + 2 * u + j] : 0;
          const z = rec(xw[xRow + j] + r3[b * gu + j] + rz);
          const r = rec(xw[xRow + u + j] + r3[b * gu + u + j] + rr);
          const recH = r3[b * gu + 2 * u + j] + rh;
          const hh = act(xw[xRow + 2 * u + j] + r * recH);
          extra[hPrevRow + j] = recH;
          h[hRow + j] = z * h[hPrevRow + j] + (1 - z) * hh;
          gates[gateRow + j] = z;
          gates[gateRow + u + j] = r;
          gates[gateRow + 2 * u + j] = hh;
        }
      }
      return;
    }
    const zr = new Float32Array(B * 2 * u);
    this.recurrentProduct(cache, s, zr, 0, 2 * u);
    for (let b = 0; b < B; b++) {
      const xRow = (t * B + b) * gu,
        gateRow = (s * B + b) * gu,
        hPrevRow = (s * B + b) * u;
      for (let j = 0; j < u; j++) {
        const z = rec(xw[xRow + j] + zr[b * 2 * u + j]);
        const r = rec(xw[xRow + u + j] + zr[b * 2 * u + u + j]);
        gates[gateRow + j] = z;
        gates[gateRow + u + j] = r;
        extra[hPrevRow + j] = r * h[hPrevRow + j];
      }
    }
    const cand = new Float32Array(B * u);
    // (r ⊙ h)·Uh: the reset-scaled state times the candidate block of U
    this.recurrentProduct({ ...cache, h: extra }, s, cand, 2 * u, u);
    for (let b = 0; b < B; b++) {
      const xRow = (t * B + b) * gu,
        gateRow = (s * B + b) * gu,
        hPrevRow = (s * B + b) * u,
        hRow = ((s + 1) * B + b) * u;
      for (let j = 0; j < u; j++) {
        const z = gates[gateRow + j];
        const hh = act(xw[xRow + 2 * u + j] + cand[b * u + j]);
        gates[gateRow + 2 * u + j] = hh;
        h[hRow + j] = z * h[hPrevRow + j] + (1 - z) * hh;
      }
    }
  }

  protected stepBackward(cache: RecurrentCache, s: number, _t: number, g: StepGradients): void {
    const { B, h, gates } = cache;
    const extra = cache.extra!;
    const u = this.units;
    const gu = 3 * u;
    const recDf = this.rec.dfFromY,
      actDf = this.act.dfFromY;
    // the direct path h -> h' through z
    for (let b = 0; b < B; b++) {
      const gateRow = (s * B + b) * gu,
        hPrevRow = (s * B + b) * u;
      for (let j = 0; j < u; j++) {
        const z = gates[gateRow + j],
          hh = gates[gateRow + 2 * u + j];
        const dh = g.dh[b * u + j];
        g.dhPrev[b * u + j] = dh * z;
        g.dxw[b * gu + j] = dh * (h[hPrevRow + j] - hh) * recDf(z);
        g.dxw[b * gu + 2 * u + j] = dh * (1 - z) * actDf(hh);
      }
    }
    if (this.resetAfter) {
      const dRec = new Float32Array(B * gu);
      for (let b = 0; b < B; b++) {
        const gateRow = (s * B + b) * gu,
          hPrevRow = (s * B + b) * u;
        for (let j = 0; j < u; j++) {
          const r = gates[gateRow + u + j];
          const dhh = g.dxw[b * gu + 2 * u + j];
          g.dxw[b * gu + u + j] = dhh * extra[hPrevRow + j] * recDf(r);
          dRec[b * gu + j] = g.dxw[b * gu + j];
          dRec[b * gu + u + j] = g.dxw[b * gu + u + j];
          dRec[b * gu + 2 * u + j] = dhh * r;
        }
      }
      if (this.bias) sumRowsInto(dRec, B, gu, this.bias.grad, gu);
      this.recurrentBackward(cache, s, dRec, 0, gu, g.dhPrev, true);
      return;
    }
    // candidate block: d(r ⊙ h) = dhh·Uhᵀ, dUh += (r ⊙ h)ᵀ·dhh
    const dhhPre = new Float32Array(B * u);
    for (let b = 0; b < B; b++) dhhPre.set(g.dxw.subarray(b * gu + 2 * u, b * gu + 3 * u), b * u);
    const dRh = new Float32Array(B * u);
    this.recurrentBackward(cache, s, dhhPre, 2 * u, u, dRh, false, extra, s * B * u);
    const dzr = new Float32Array(B * 2 * u);
    for (let b = 0; b < B; b++) {
      const gateRow = (s * B + b) * gu,
        hPrevRow = (s * B + b) * u;
      for (let j = 0; j < u; j++) {
        const r = gates[gateRow + u + j];
        g.dhPrev[b * u + j] += dRh[b * u + j] * r;
        g.dxw[b * gu + u + j] = dRh[b * u + j] * h[hPrevRow + j] * recDf(r);
        dzr[b * 2 * u + j] = g.dxw[b * gu + j];
        dzr[b * 2 * u + u + j] = g.dxw[b * gu + u + j];
      }
    }
    this.recurrentBackward(cache, s, dzr, 0, 2 * u, g.dhPrev, true);
  }
}

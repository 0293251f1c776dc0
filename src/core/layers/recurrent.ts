// What SimpleRNN, GRU and LSTM share: the input projection X·W + b for all steps at once,
// the loop over time (forwards or backwards), padding masks, the per-step cache that is
// both the inspector's trace and the trainer's memory, and backpropagation through time.
// Each cell (simple-rnn.ts, gru.ts, lstm.ts) writes only its own step, forward and backward.

import { ActivationName, ACTIVATIONS, Activation } from './activations';
import { addBias, gemmNN, gemmNT, gemmTN, sumRowsInto, view, wasmInUse } from '../kernels/kernels';
import { WasmCell, WasmKernels } from '../kernels/wasm-kernels';
import { ForwardOptions, ForwardResult, Layer, LayerValue, Param, RecurrentState, SequenceValue, expectKind } from './layer';

export interface RecurrentConfig {
  units: number;
  returnSequences: boolean;
  goBackwards: boolean;
  activation: ActivationName;
  recurrentActivation: ActivationName;
  useBias: boolean;
}

export interface RecurrentCache {
  x: SequenceValue;
  T: number;
  B: number;
  /** X·W + input bias, by position: [T × B × gates·units] */
  xw: Float32Array;
  /** hidden state by step: h[0] is the initial state, h[s + 1] the state after step s */
  h: Float32Array;
  /** LSTM cell state, laid out like h */
  c: Float32Array | null;
  /** activated gate values by step: [T × B × gates·units] */
  gates: Float32Array;
  /** cell-specific per-step values (GRU: r ⊙ h or the recurrent candidate term): [T × B × units] */
  extra: Float32Array | null;
  /** mask by step (processing order), null when every step is real */
  stepMask: Uint8Array | null;
  /** filled by backward(): the L2 norm of the loss gradient w.r.t. the state (h, and c for an
   *  LSTM) after each step, batch row 0 — how far back the gradient reaches */
  stateGradientNorms?: Float32Array;
}

/** Per-step gradient buffers handed to a cell's stepBackward. */
export interface StepGradients {
  /** gradient w.r.t. h after this step (in) */
  dh: Float32Array;
  /** gradient w.r.t. c after this step (in, LSTM) */
  dc: Float32Array | null;
  /** gradient w.r.t. the step's pre-activations X·W + b (out): [B × gates·units] */
  dxw: Float32Array;
  /** gradient w.r.t. the previous h and c (out) */
  dhPrev: Float32Array;
  dcPrev: Float32Array | null;
}

export abstract class RecurrentLayer implements Layer<RecurrentCache> {
  abstract readonly className: string;
  /** the trace's names for the gate blocks, in kernel column order */
  abstract readonly gateNames: readonly string[];
  abstract readonly hasCellState: boolean;
  /** whether the cell keeps a per-step extra vector in the cache (GRU) */
  protected readonly keepsExtra: boolean = false;

  readonly kernel: Param;
  readonly recurrentKernel: Param;
  readonly bias: Param | null;
  readonly params: Param[];
  protected readonly act: Activation;
  protected readonly rec: Activation;

  constructor(
    readonly name: string,
    readonly inputDim: number,
    readonly config: RecurrentConfig,
    weights: { kernel: Float32Array; recurrentKernel: Float32Array; bias: Float32Array | null },
    /** how many blocks of `units` columns the kernels have: 1 (SimpleRNN), 3 (GRU), 4 (LSTM) */
    readonly gateCount: number,
    biasShape: number[] = [gateCount * config.units],
  ) {
    const gu = gateCount * config.units;
    this.kernel = new Param('kernel', [inputDim, gu], weights.kernel);
    this.recurrentKernel = new Param('recurrent_kernel', [config.units, gu], weights.recurrentKernel);
    this.bias = config.useBias && weights.bias ? new Param('bias', biasShape, weights.bias) : null;
    this.params = this.bias ? [this.kernel, this.recurrentKernel, this.bias] : [this.kernel, this.recurrentKernel];
    if (config.activation === 'softmax' || config.recurrentActivation === 'softmax') throw new Error(`layer ${name}: softmax is not a recurrent activation`);
    this.act = ACTIVATIONS[config.activation as Exclude<ActivationName, 'softmax'>];
    this.rec = ACTIVATIONS[config.recurrentActivation as Exclude<ActivationName, 'softmax'>];
  }

  get units(): number {
    return this.config.units;
  }

  /** The same loop in the WebAssembly kernels (null: this cell runs in JavaScript only). */
  protected abstract readonly wasmCell: WasmCell | null;

  /** Writes h[s+1] (and c[s+1]), gates[s], extra[s] for the B rows of step s at position t. */
  protected abstract stepForward(cache: RecurrentCache, s: number, t: number): void;

  /** From g.dh (and g.dc) computes g.dxw, g.dhPrev (and g.dcPrev), accumulating recurrent weight gradients. */
  protected abstract stepBackward(cache: RecurrentCache, s: number, t: number, g: StepGradients): void;

  forward(input: LayerValue, options: ForwardOptions): ForwardResult<RecurrentCache> {
    const x = expectKind(this.name, input, 'sequence');
    if (x.dim !== this.inputDim) throw new Error(`layer ${this.name}: input has ${x.dim} features, the kernel expects ${this.inputDim}`);
    const { T, B } = x;
    const u = this.units;
    const gu = this.gateCount * u;
    const xw = new Float32Array(T * B * gu);
    gemmNN(T * B, gu, this.inputDim, view(x.data, 0, this.inputDim), view(this.kernel.value, 0, gu), view(xw, 0, gu), false);
    if (this.bias) addBias(xw, this.bias.value, T * B, gu);

    const h = new Float32Array((T + 1) * B * u);
    const c = this.hasCellState ? new Float32Array((T + 1) * B * u) : null;
    const init = options.initialState?.[0];
    if (init) {
      h.set(init.h.subarray(0, B * u));
      if (c && init.c) c.set(init.c.subarray(0, B * u));
    }
    const stepMask = x.mask ? new Uint8Array(T * B) : null;
    const cache: RecurrentCache = {
      x,
      T,
      B,
      xw,
      h,
      c,
      gates: new Float32Array(T * B * gu),
      extra: this.keepsExtra ? new Float32Array(T * B * u) : null,
      stepMask,
    };
    const wasm = wasmInUse();
    if (wasm && this.wasmCell && WasmKernels.canRunRecurrent(u, this.config.activation, this.config.recurrentActivation)) {
      // the whole loop in one call: the same values as the steps below, four lanes at a time
      wasm.recurrentForward({
        cell: this.wasmCell,
        activation: this.config.activation,
        recurrentActivation: this.config.recurrentActivation,
        T,
        B,
        units: u,
        goBackwards: this.config.goBackwards,
        xw,
        recurrentKernel: this.recurrentKernel.value,
        recurrentBias: this.wasmCell === 'gru-reset-after' && this.bias ? this.bias.value.subarray(gu, 2 * gu) : null,
        mask: x.mask,
        h,
        c,
        gates: cache.gates,
        extra: cache.extra,
      });
      if (x.mask && stepMask)
        for (let s = 0; s < T; s++) for (let b = 0; b < B; b++) stepMask[s * B + b] = x.mask[(this.config.goBackwards ? T - 1 - s : s) * B + b];
    } else {
      for (let s = 0; s < T; s++) {
        const t = this.config.goBackwards ? T - 1 - s : s;
        this.stepForward(cache, s, t);
        if (x.mask && stepMask) {
          for (let b = 0; b < B; b++) {
            stepMask[s * B + b] = x.mask[t * B + b];
            if (x.mask[t * B + b]) continue;
            // padding: carry the state over unchanged
            h.copyWithin(((s + 1) * B + b) * u, (s * B + b) * u, (s * B + b + 1) * u);
            if (c) c.copyWithin(((s + 1) * B + b) * u, (s * B + b) * u, (s * B + b + 1) * u);
          }
        }
      }
    }
    const last: RecurrentState = {
      h: h.slice(T * B * u),
      c: c ? c.slice(T * B * u) : null,
    };
    const output: LayerValue = this.config.returnSequences
      ? { kind: 'sequence', T, B, dim: u, data: h.slice(B * u), mask: stepMask }
      : { kind: 'flat', B, dim: u, data: last.h.slice() };
    return { output, cache, finalState: [last] };
  }

  backward(cache: RecurrentCache, dOutput: Float32Array): Float32Array {
    const { T, B, x, stepMask } = cache;
    const u = this.units;
    const gu = this.gateCount * u;
    const dXW = new Float32Array(T * B * gu);
    let g: StepGradients = this.newStepGradients(B);
    cache.stateGradientNorms = new Float32Array(T);
    for (let s = T - 1; s >= 0; s--) {
      const t = this.config.goBackwards ? T - 1 - s : s;
      if (this.config.returnSequences) {
        for (let i = 0; i < B * u; i++) g.dh[i] += dOutput[s * B * u + i];
      } else if (s === T - 1) {
        g.dh.set(dOutput.subarray(0, B * u));
      }
      let norm = 0;
      for (let i = 0; i < u; i++) norm += g.dh[i] * g.dh[i] + (g.dc ? g.dc[i] * g.dc[i] : 0);
      cache.stateGradientNorms[s] = Math.sqrt(norm);
      // padding passes gradient straight through and contributes nothing itself: hide its
      // rows from the cell (zero gradient in, so zero weight gradient) and carry them past it
      const carried: Array<[number, Float32Array, Float32Array | null]> = [];
      if (stepMask) {
        for (let b = 0; b < B; b++) {
          if (stepMask[s * B + b]) continue;
          carried.push([b, g.dh.slice(b * u, (b + 1) * u), g.dc ? g.dc.slice(b * u, (b + 1) * u) : null]);
          g.dh.fill(0, b * u, (b + 1) * u);
          g.dc?.fill(0, b * u, (b + 1) * u);
        }
      }
      this.stepBackward(cache, s, t, g);
      for (const [b, dh, dc] of carried) {
        g.dhPrev.set(dh, b * u);
        if (g.dcPrev && dc) g.dcPrev.set(dc, b * u);
      }
      dXW.set(g.dxw, t * B * gu);
      g = this.newStepGradients(B, g);
    }
    gemmTN(this.inputDim, gu, T * B, view(x.data, 0, this.inputDim), view(dXW, 0, gu), view(this.kernel.grad, 0, gu), true);
    if (this.bias) sumRowsInto(dXW, T * B, gu, this.bias.grad);
    const dX = new Float32Array(T * B * this.inputDim);
    gemmNT(T * B, this.inputDim, gu, view(dXW, 0, gu), view(this.kernel.value, 0, gu), view(dX, 0, this.inputDim), false);
    return dX;
  }

  /** Fresh buffers for the next (earlier) step; dh/dc of the new step are the previous dhPrev/dcPrev. */
  private newStepGradients(B: number, previous?: StepGradients): StepGradients {
    const u = this.units;
    return {
      dh: previous ? previous.dhPrev : new Float32Array(B * u),
      dc: this.hasCellState ? (previous ? previous.dcPrev : new Float32Array(B * u)) : null,
      dxw: new Float32Array(B * this.gateCount * u),
      dhPrev: new Float32Array(B * u),
      dcPrev: this.hasCellState ? new Float32Array(B * u) : null,
    };
  }

  /** The recurrent part h_prev·U for step s into out[B × cols], from column block colOffset. */
  protected recurrentProduct(cache: RecurrentCache, s: number, out: Float32Array, colOffset: number, cols: number): void {
    const u = this.units;
    const gu = this.gateCount * u;
    gemmNN(cache.B, cols, u, view(cache.h, s * cache.B * u, u), view(this.recurrentKernel.value, colOffset, gu), view(out, 0, cols), false);
  }

  /** dU[:, block] += h_prevᵀ·d and dhPrev (+)= d·U[:, block]ᵀ for step s. */
  protected recurrentBackward(
    cache: RecurrentCache,
    s: number,
    d: Float32Array,
    colOffset: number,
    cols: number,
    dhPrev: Float32Array,
    accumulate: boolean,
    hSource = cache.h,
    hOffset = s * cache.B * this.units,
  ): void {
    const u = this.units;
    const gu = this.gateCount * u;
    gemmTN(u, cols, cache.B, view(hSource, hOffset, u), view(d, 0, cols), view(this.recurrentKernel.grad, colOffset, gu), true);
    gemmNT(cache.B, u, cols, view(d, 0, cols), view(this.recurrentKernel.value, colOffset, gu), view(dhPrev, 0, u), accumulate);
  }

  /** Values of one batch row at one step, for the trace: h, c and each gate block. */
  stepValues(cache: RecurrentCache, s: number, b: number): { h: Float32Array; c: Float32Array | null; gates: Record<string, Float32Array> } {
    const u = this.units;
    const B = cache.B;
    const o = ((s + 1) * B + b) * u;
    const gates: Record<string, Float32Array> = {};
    const gu = this.gateCount * u;
    this.gateNames.forEach((name, k) => {
      gates[name] = cache.gates.slice((s * B + b) * gu + k * u, (s * B + b) * gu + (k + 1) * u);
    });
    return { h: cache.h.slice(o, o + u), c: cache.c ? cache.c.slice(o, o + u) : null, gates };
  }
}

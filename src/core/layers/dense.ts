// Dense: y = act(x·W + b) on the last axis; works on one vector per row or on every step of a
// sequence (the language model's output layer).

import { ActivationName, applyActivation, ACTIVATIONS } from './activations';
import { addBias, gemmNN, gemmNT, gemmTN, sumRowsInto, view } from '../kernels/kernels';
import { FlatValue, ForwardOptions, ForwardResult, Layer, LayerValue, Param, SequenceValue, expectKind, rowsOf } from './layer';

interface DenseCache {
  input: SequenceValue | FlatValue;
  output: Float32Array;
  /** false when forward() left the activation to the caller's loss */
  activated: boolean;
}

export class Dense implements Layer<DenseCache> {
  readonly className = 'Dense';
  readonly params: Param[];
  readonly kernel: Param;
  readonly bias: Param | null;

  constructor(
    readonly name: string,
    readonly inputDim: number,
    readonly units: number,
    readonly activation: ActivationName,
    kernel: Float32Array,
    bias: Float32Array | null,
  ) {
    this.kernel = new Param('kernel', [inputDim, units], kernel);
    this.bias = bias ? new Param('bias', [units], bias) : null;
    this.params = this.bias ? [this.kernel, this.bias] : [this.kernel];
  }

  /** Pre-activation values (logits) for rows of x; the trainer fuses the last activation into its loss. */
  logits(x: Float32Array, rows: number): Float32Array {
    const out = new Float32Array(rows * this.units);
    gemmNN(rows, this.units, this.inputDim, view(x, 0, this.inputDim), view(this.kernel.value, 0, this.units), view(out, 0, this.units), false);
    if (this.bias) addBias(out, this.bias.value, rows, this.units);
    return out;
  }

  forward(input: LayerValue, options: ForwardOptions): ForwardResult<DenseCache> {
    const x = expectKind(this.name, input, 'sequence', 'flat');
    if (x.dim !== this.inputDim) throw new Error(`layer ${this.name}: input has ${x.dim} features, the kernel expects ${this.inputDim}`);
    const rows = rowsOf(x);
    const out = this.logits(x.data, rows);
    if (!options.preActivation) applyActivation(this.activation, out, rows, this.units);
    const output: LayerValue = x.kind === 'sequence' ? { ...x, dim: this.units, data: out } : { kind: 'flat', B: x.B, dim: this.units, data: out };
    return { output, cache: { input: x, output: out, activated: !options.preActivation } };
  }

  /**
   * dOutput is w.r.t. the activation's output, or w.r.t. the logits when forward() ran with
   * preActivation (the trainer's fused losses) or the activation is softmax.
   */
  backward(cache: DenseCache, dOutput: Float32Array): Float32Array {
    const { input, output, activated } = cache;
    const rows = rowsOf(input);
    const n = this.units;
    let dPre = dOutput;
    if (activated && this.activation !== 'linear' && this.activation !== 'softmax') {
      const df = ACTIVATIONS[this.activation].dfFromY;
      dPre = new Float32Array(dOutput.length);
      for (let i = 0; i < dPre.length; i++) dPre[i] = dOutput[i] * df(output[i]);
    }
    gemmTN(this.inputDim, n, rows, view(input.data, 0, this.inputDim), view(dPre, 0, n), view(this.kernel.grad, 0, n), true);
    if (this.bias) sumRowsInto(dPre, rows, n, this.bias.grad);
    const dX = new Float32Array(rows * this.inputDim);
    gemmNT(rows, this.inputDim, n, view(dPre, 0, n), view(this.kernel.value, 0, n), view(dX, 0, this.inputDim), false);
    return dX;
  }
}

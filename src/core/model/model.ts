// A Sequential model on the engine: Embedding -> recurrent layers -> head (Dropout, Dense...).
// forward() is the one code path behind predictions, traces and training.

import { Bidirectional } from '../layers/bidirectional';
import { Dense } from '../layers/dense';
import { Embedding } from '../layers/embedding';
import { ForwardOptions, lastStepOutput, Layer, LayerValue, Param, RecurrentState } from '../layers/layer';
import { RecurrentLayer } from '../layers/recurrent';
import { GlobalPooling1D } from '../layers/simple-layers';
import { buildLayers, namedWeightsOf, topologyOf } from './model-json';
import { KerasTopology, NamedWeight } from './model-files';

export interface ForwardPass {
  output: LayerValue;
  /** one entry per layer: its input and what its forward() cached */
  caches: unknown[];
  /** per layer, the recurrent state after the last step (empty for other layers) */
  finalStates: RecurrentState[][];
}

export class SequentialModel {
  readonly embedding: Embedding;
  /** index of the last recurrent (or bidirectional) layer: the layers after it are the head */
  readonly lastRecurrent: number;

  constructor(readonly layers: Layer[]) {
    if (!(layers[0] instanceof Embedding)) throw new Error('a model must start with an Embedding layer');
    this.embedding = layers[0];
    this.lastRecurrent = layers.map((l) => l instanceof RecurrentLayer || l instanceof Bidirectional).lastIndexOf(true);
  }

  static fromTopology(topology: KerasTopology, weights: NamedWeight[], file?: string): SequentialModel {
    return new SequentialModel(buildLayers(topology, weights, file));
  }

  get params(): Param[] {
    return this.layers.flatMap((l) => l.params);
  }

  get parameterCount(): number {
    return this.params.reduce((n, p) => n + p.value.length, 0);
  }

  get recurrentLayers(): Array<RecurrentLayer | Bidirectional> {
    return this.layers.filter((l): l is RecurrentLayer | Bidirectional => l instanceof RecurrentLayer || l instanceof Bidirectional);
  }

  get outputLayer(): Dense | null {
    const last = this.layers[this.layers.length - 1];
    return last instanceof Dense ? last : null;
  }

  get isBidirectional(): boolean {
    return this.layers.some((l) => l instanceof Bidirectional);
  }

  topology(name?: string): KerasTopology {
    return topologyOf(this.layers, name);
  }

  namedWeights(): NamedWeight[] {
    return namedWeightsOf(this.layers);
  }

  /**
   * Runs ids (time-major [T × B]) through the model. `initialStates` gives each recurrent layer
   * its starting state (by layer index); `preActivationOutput` leaves the last Dense's activation
   * to the caller (the trainer's fused losses). `upTo` stops after that many layers.
   */
  forward(
    ids: Int32Array,
    T: number,
    B: number,
    options: Partial<ForwardOptions> & { initialStates?: RecurrentState[][]; preActivationOutput?: boolean; upTo?: number } = {},
  ): ForwardPass {
    let value: LayerValue = { kind: 'ids', T, B, ids };
    const caches: unknown[] = [];
    const finalStates: RecurrentState[][] = [];
    const end = options.upTo ?? this.layers.length;
    for (let i = 0; i < end; i++) {
      const layer = this.layers[i];
      const isOutput = i === this.layers.length - 1;
      const r = layer.forward(value, {
        training: options.training ?? false,
        rng: options.rng,
        initialState: options.initialStates?.[i],
        preActivation: isOutput && options.preActivationOutput,
      });
      caches.push(r.cache);
      finalStates.push(r.finalState ?? []);
      value = r.output;
    }
    return { output: value, caches, finalStates };
  }

  /** The cache `layer` (one of this model's) left in `pass`, typed by the layer. */
  cacheOf<Cache>(pass: ForwardPass, layer: Layer<Cache>): Cache {
    const i = this.layers.indexOf(layer as Layer);
    if (i < 0 || i >= pass.caches.length) throw new Error(`layer ${layer.name} left no cache in this pass`);
    return pass.caches[i] as Cache;
  }

  /**
   * Backpropagates dOutput (w.r.t. the output, or pre-activation, of layer `from`, by default the
   * last) down through the layers, accumulating every parameter's gradient.
   */
  backward(pass: ForwardPass, dOutput: Float32Array, from = this.layers.length - 1): void {
    let d: Float32Array | null = dOutput;
    for (let i = from; i >= 0 && d; i--) d = this.layers[i].backward(pass.caches[i], d);
  }

  /** Applies the head (the layers after the last recurrent one) to rows of recurrent outputs. */
  head(rows: Float32Array, count: number, dim: number): Float32Array {
    if (this.layers[this.lastRecurrent + 1] instanceof GlobalPooling1D) throw new Error('a pooling head reads whole sequences: use prefixHead');
    return this.applyFrom(this.lastRecurrent + 1, rows, count, dim);
  }

  /**
   * The head's output after each prefix of one left-to-right sequence, from the recurrent
   * layer's outputs at every step (`rows`, count × dim): row t is the prediction for steps 0..t.
   * A pooling head keeps a running maximum (or mean), which is exactly what pooling over the
   * prefix gives; a last-state head reads row t itself.
   */
  prefixHead(rows: Float32Array, count: number, dim: number): Float32Array {
    const pool = this.layers[this.lastRecurrent + 1];
    if (!(pool instanceof GlobalPooling1D)) return this.applyFrom(this.lastRecurrent + 1, rows, count, dim);
    const pooled = rows.slice();
    for (let t = 1; t < count; t++) {
      for (let j = 0; j < dim; j++) {
        const prev = pooled[(t - 1) * dim + j],
          k = t * dim + j;
        pooled[k] = pool.className === 'GlobalMaxPooling1D' ? Math.max(prev, pooled[k]) : prev + (pooled[k] - prev) / (t + 1);
      }
    }
    return this.applyFrom(this.lastRecurrent + 2, pooled, count, dim);
  }

  /** Runs layers[first..] (inference) on `count` rows of width `dim`. */
  private applyFrom(first: number, rows: Float32Array, count: number, dim: number): Float32Array {
    let value: LayerValue = { kind: 'flat', B: count, dim, data: rows };
    for (let i = first; i < this.layers.length; i++) value = this.layers[i].forward(value, { training: false }).output;
    if (value.kind === 'ids') throw new Error('the model has no head');
    return value.data;
  }

  /** The prediction for one token sequence, optionally resumed from each recurrent layer's state. */
  predict(ids: ArrayLike<number>, initialStates?: RecurrentState[][]): Float32Array {
    return lastStepOutput(this.forward(Int32Array.from(ids), ids.length, 1, { initialStates }).output, ids.length);
  }
}

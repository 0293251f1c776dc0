// What every layer of the engine shares: parameters with their gradients, and the values that
// flow between layers. One forward() serves prediction, the inspector's trace and training;
// backward() (used only by the trainer) reads what forward() cached.

import type { Rng } from '../random';

export class Param {
  readonly grad: Float32Array;
  /** Embedding rows that received gradient since the last optimizer step (sparse updates). */
  touchedRows: Set<number> | null = null;
  constructor(
    /** the weight's name inside its layer, as tfjs spells it: kernel, recurrent_kernel, bias, embeddings */
    readonly name: string,
    readonly shape: number[],
    readonly value: Float32Array,
  ) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (value.length !== size) throw new Error(`weight ${name}: ${value.length} values for shape [${shape}]`);
    this.grad = new Float32Array(size);
  }
}

/** Token ids, time-major: ids[t * B + b]. Id 0 is padding. */
export interface IdsValue {
  kind: 'ids';
  T: number;
  B: number;
  ids: Int32Array;
}

/** A batch of sequences, time-major: data[(t * B + b) * dim + j]; mask[t * B + b] = 1 for real steps. */
export interface SequenceValue {
  kind: 'sequence';
  T: number;
  B: number;
  dim: number;
  data: Float32Array;
  mask: Uint8Array | null;
}

/** One vector per batch row: data[b * dim + j]. */
export interface FlatValue {
  kind: 'flat';
  B: number;
  dim: number;
  data: Float32Array;
}

export type LayerValue = IdsValue | SequenceValue | FlatValue;

export interface RecurrentState {
  h: Float32Array;
  c: Float32Array | null;
}

export interface ForwardOptions {
  training: boolean;
  rng?: Rng;
  /** recurrent layers: the state to start from (default zeros) */
  initialState?: RecurrentState[];
  /** the output Dense leaves its activation to the caller (the trainer fuses it into the loss) */
  preActivation?: boolean;
}

/** What a forward pass leaves for the backward pass: each layer's own `Cache` type. */
export interface ForwardResult<Cache = unknown> {
  output: LayerValue;
  cache: Cache;
  /** recurrent layers: the state after the last step, one per direction */
  finalState?: RecurrentState[];
}

/** A layer, typed by what its forward pass keeps for its backward pass. */
export interface Layer<Cache = unknown> {
  readonly name: string;
  readonly className: string;
  readonly params: Param[];
  forward(input: LayerValue, options: ForwardOptions): ForwardResult<Cache>;
  /** Accumulates parameter gradients; returns the gradient w.r.t. the input (null for ids). */
  backward(cache: Cache, dOutput: Float32Array): Float32Array | null;
}

export function rowsOf(v: SequenceValue | FlatValue): number {
  return v.kind === 'sequence' ? v.T * v.B : v.B;
}

export function expectKind<K extends LayerValue['kind']>(layer: string, v: LayerValue, ...kinds: K[]): Extract<LayerValue, { kind: K }> {
  if (!(kinds as string[]).includes(v.kind)) throw new Error(`layer ${layer} expects ${kinds.join(' or ')} input, got ${v.kind}`);
  return v as Extract<LayerValue, { kind: K }>;
}

/** A one-sequence output (B = 1) for the whole sequence: a flat head's row, or a per-step head's last step. */
export function lastStepOutput(out: LayerValue, T: number): Float32Array {
  if (out.kind === 'ids') throw new Error('the model has no layers after its Embedding');
  if (out.kind === 'sequence') return out.data.slice((T - 1) * out.dim, T * out.dim);
  return out.data;
}

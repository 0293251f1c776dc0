// The recurrent cell types, one entry each: what a model file calls the cell, how many column
// blocks its kernels have, how to build it from weights, how Keras and tfjs spell its own
// options, how training initialises it, and whether the trace records its gates. Reading and
// writing model files, creating models for training, the trace and the training scripts all go
// through this table, so adding a cell type is one file (the layer) and one entry here.

import { GRU } from './gru';
import { LSTM } from './lstm';
import { RecurrentConfig, RecurrentLayer } from './recurrent';
import { SimpleRNN } from './simple-rnn';

export interface CellWeights {
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array | null;
}

export interface Cell {
  /** the class name in model.json (Keras / tfjs) */
  className: 'SimpleRNN' | 'GRU' | 'LSTM';
  /** what the training scripts' --cell flag calls it */
  flag: 'simple' | 'gru' | 'lstm';
  /** the layer name Keras gives the first such layer */
  layerName: string;
  /** column blocks of the kernels: one per gate or candidate */
  blocks: number;
  /** whether it has gates, which the trace records (a SimpleRNN's one block is h itself) */
  gated: boolean;
  /** a bias of `2 × blocks·units` (Keras's GRU reset_after) instead of `blocks·units` */
  biasRows(keras: Record<string, unknown>): number;
  build(name: string, inputDim: number, config: RecurrentConfig, weights: CellWeights, keras: Record<string, unknown>): RecurrentLayer;
  /** the cell's own options, as model.json writes them */
  kerasConfig(layer: RecurrentLayer): Record<string, unknown>;
  /** a fresh bias for training (Keras's defaults) */
  initialBias(units: number): Float32Array;
}

export const CELLS: readonly Cell[] = [
  {
    className: 'SimpleRNN',
    flag: 'simple',
    layerName: 'simple_rnn',
    blocks: 1,
    gated: false,
    biasRows: () => 1,
    build: (name, inputDim, config, weights) => new SimpleRNN(name, inputDim, config, weights),
    kerasConfig: () => ({}),
    initialBias: (units) => new Float32Array(units),
  },
  {
    className: 'GRU',
    flag: 'gru',
    layerName: 'gru',
    blocks: 3,
    gated: true,
    biasRows: (keras) => (keras.reset_after ? 2 : 1),
    build: (name, inputDim, config, weights, keras) => new GRU(name, inputDim, config, weights, !!keras.reset_after),
    kerasConfig: (layer) => ({ recurrent_activation: layer.config.recurrentActivation, reset_after: (layer as GRU).resetAfter }),
    initialBias: (units) => new Float32Array(3 * units),
  },
  {
    className: 'LSTM',
    flag: 'lstm',
    layerName: 'lstm',
    blocks: 4,
    gated: true,
    biasRows: () => 1,
    build: (name, inputDim, config, weights) => new LSTM(name, inputDim, config, weights),
    kerasConfig: (layer) => ({ recurrent_activation: layer.config.recurrentActivation }),
    // unit forget bias (columns i, f, c, o): remember by default
    initialBias: (units) => new Float32Array(4 * units).fill(1, units, 2 * units),
  },
];

export type CellClassName = Cell['className'];
export type CellFlag = Cell['flag'];

/** The entry for a model file's class name, or undefined for a layer that is not a recurrent cell. */
export function cellOfClass(className: string): Cell | undefined {
  return CELLS.find((c) => c.className === className);
}

/** The entry for a --cell flag; an error listing the flags for anything else. */
export function cellOfFlag(flag: string): Cell {
  const cell = CELLS.find((c) => c.flag === flag);
  if (!cell) throw new Error(`--cell must be ${CELLS.map((c) => c.flag).join(', ')} (got ${JSON.stringify(flag)})`);
  return cell;
}

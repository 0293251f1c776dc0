// Fresh models for training: the architectures the project ships, initialised as Keras does
// (Glorot-uniform kernels, orthogonal recurrent kernels, zero biases, LSTM forget bias 1).

import { ActivationName } from '../layers/activations';
import { Bidirectional } from '../layers/bidirectional';
import { Dense } from '../layers/dense';
import { Embedding } from '../layers/embedding';
import { Cell, cellOfFlag, CellFlag } from '../layers/cells';
import { Layer } from '../layers/layer';
import { RecurrentConfig, RecurrentLayer } from '../layers/recurrent';
import { Dropout, GlobalPooling1D } from '../layers/simple-layers';
import { SequentialModel } from '../model/model';
import { Rng } from '../random';

/** a cell type as the training scripts' --cell flag names it (layers/cells.ts) */
export type CellType = CellFlag;

export interface ArchitectureSpec {
  vocabularySize: number;
  embeddingDim: number;
  cell: CellType;
  units: number;
  bidirectional: boolean;
  /** true: a Dense over every step (language model); false: one output for the sequence */
  perStepOutput: boolean;
  outputUnits: number;
  outputActivation: ActivationName;
  dropout: number;
  /** dropout on the embedded tokens (regularises the embedding; 0: none) */
  embeddingDropout?: number;
  /** a linear Dense of this width between the recurrent layer and the output (0: none);
   *  halves a language model's 10,000-way output layer */
  projection?: number;
  /** how a many-to-one model reads its recurrent layer: the last state (default) or the
   *  element-wise max over every step's state (GlobalMaxPooling1D) */
  pooling?: 'last' | 'max';
  /** recurrent layers stacked (unidirectional only; default 1): each lower layer hands its
   *  whole sequence, through dropout, to the next */
  depth?: number;
}

function glorot(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: fanIn * fanOut }, () => rng.uniform(-limit, limit));
}

/** Orthogonal [n × cols] (cols a multiple of n): each n×n block from Gram-Schmidt on Gaussians. */
function orthogonal(rng: Rng, n: number, cols: number): Float32Array {
  const out = new Float32Array(n * cols);
  for (let block = 0; block < cols / n; block++) {
    const q: number[][] = [];
    for (let i = 0; i < n; i++) {
      let v = Array.from({ length: n }, () => rng.normal());
      for (const w of q) {
        const d = v.reduce((s, x, k) => s + x * w[k], 0);
        v = v.map((x, k) => x - d * w[k]);
      }
      const norm = Math.hypot(...v) || 1;
      q.push(v.map((x) => x / norm));
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * cols + block * n + j] = q[j][i];
  }
  return out;
}

function recurrentLayer(rng: Rng, cell: Cell, name: string, inputDim: number, config: RecurrentConfig): RecurrentLayer {
  const columns = cell.blocks * config.units;
  const kernel = glorot(rng, inputDim, columns);
  const recurrentKernel = orthogonal(rng, config.units, columns);
  return cell.build(name, inputDim, config, { kernel, recurrentKernel, bias: cell.initialBias(config.units) }, {});
}

export function createModel(spec: ArchitectureSpec, seed: number): SequentialModel {
  const rng = new Rng(seed);
  const E = spec.embeddingDim;
  const emb = Float32Array.from({ length: spec.vocabularySize * E }, () => rng.uniform(-0.05, 0.05));
  const layers: Layer[] = [new Embedding('embedding', spec.vocabularySize, E, true, emb)];
  if (spec.embeddingDropout) layers.push(new Dropout('embedding_dropout', spec.embeddingDropout));
  const cell = cellOfFlag(spec.cell);
  const cellName = cell.layerName;
  const config: RecurrentConfig = {
    units: spec.units,
    returnSequences: spec.perStepOutput || spec.pooling === 'max',
    goBackwards: false,
    activation: 'tanh',
    // the logistic sigmoid, written out in model.json so tfjs does not fall back to hard_sigmoid
    recurrentActivation: 'sigmoid',
    useBias: true,
  };
  let width = spec.units;
  if (spec.bidirectional) {
    const fwd = recurrentLayer(rng, cell, `forward_${cellName}`, E, config);
    const bwd = recurrentLayer(rng, cell, `backward_${cellName}`, E, { ...config, goBackwards: true });
    layers.push(new Bidirectional('bidirectional', fwd, bwd));
    width *= 2;
  } else {
    const depth = spec.depth ?? 1;
    for (let i = 0; i < depth - 1; i++) {
      layers.push(recurrentLayer(rng, cell, i ? `${cellName}_${i}` : cellName, i ? spec.units : E, { ...config, returnSequences: true }));
      if (spec.dropout > 0) layers.push(new Dropout(`dropout_${i + 1}`, spec.dropout));
    }
    layers.push(recurrentLayer(rng, cell, depth > 1 ? `${cellName}_${depth - 1}` : cellName, depth > 1 ? spec.units : E, config));
  }
  if (spec.pooling === 'max' && !spec.perStepOutput) layers.push(new GlobalPooling1D('global_max_pooling1d', 'GlobalMaxPooling1D'));
  if (spec.dropout > 0) layers.push(new Dropout('dropout', spec.dropout));
  if (spec.projection) {
    layers.push(new Dense('projection', width, spec.projection, 'linear', glorot(rng, width, spec.projection), new Float32Array(spec.projection)));
    width = spec.projection;
  }
  layers.push(new Dense('dense', width, spec.outputUnits, spec.outputActivation, glorot(rng, width, spec.outputUnits), new Float32Array(spec.outputUnits)));
  return new SequentialModel(layers);
}

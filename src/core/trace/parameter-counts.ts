// How many weights each layer of a model has, and for a recurrent layer how that compares with a
// SimpleRNN of the same input and units: the study note's ratios (an LSTM ≈ 4×, a GRU ≈ 3×, a
// bidirectional layer 2× its one direction) computed from the model itself, for Compare.
//
// A SimpleRNN layer of u units reading d inputs has d·u (kernel) + u·u (recurrent kernel) + u (bias)
// weights. An LSTM has four such blocks (input, forget, cell, output); a GRU three (update, reset,
// candidate; a GRU saved with Keras's reset_after keeps a second bias, so a little over 3×).

import { Bidirectional } from '../layers/bidirectional';
import type { Layer } from '../layers/layer';
import { RecurrentLayer } from '../layers/recurrent';
import type { LayerParameters } from './trace-types';

export type { LayerParameters };

const count = (layer: Layer) => layer.params.reduce((n, p) => n + p.value.length, 0);

/** A SimpleRNN's weights for `inputDim` inputs and `units` units (kernel, recurrent kernel, bias). */
export const simpleRnnParameters = (inputDim: number, units: number) => inputDim * units + units * units + units;

/** Each layer's weight count (layers without weights, such as Dropout, are left out). */
export function layerParameters(layers: readonly Layer[]): LayerParameters[] {
  const out: LayerParameters[] = [];
  for (const layer of layers) {
    const parameters = count(layer);
    if (parameters === 0) continue;
    const recurrent = layer instanceof Bidirectional ? layer.forwardLayer : layer instanceof RecurrentLayer ? layer : null;
    out.push({
      layer: layer.name,
      kind: layer instanceof Bidirectional ? `Bidirectional(${layer.forwardLayer.className})` : layer.className,
      parameters,
      ...(recurrent ? { simpleRnn: simpleRnnParameters(recurrent.inputDim, recurrent.units) } : {}),
    });
  }
  return out;
}

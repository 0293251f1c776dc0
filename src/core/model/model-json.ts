// Keras topology (as tfjs saves it in model.json) <-> engine layers, and weights by name.
// Reading accepts what tfjs and Keras write (snake_case, Sequential with or without a wrapper
// object); writing produces what stock tf.loadLayersModel reads back.

import { activationByName, ActivationName } from '../layers/activations';
import { Bidirectional } from '../layers/bidirectional';
import { Dense } from '../layers/dense';
import { Embedding } from '../layers/embedding';
import { cellOfClass } from '../layers/cells';
import { Layer } from '../layers/layer';
import { RecurrentConfig, RecurrentLayer } from '../layers/recurrent';
import { ActivationLayer, Dropout, GlobalPooling1D } from '../layers/simple-layers';
import { KerasLayerJson, KerasTopology, ModelFileError, NamedWeight } from './model-files';

export function topologyLayers(topology: KerasTopology): KerasLayerJson[] {
  const c = topology.config;
  if (topology.class_name !== 'Sequential') throw new Error(`only Sequential models are supported (found ${topology.class_name})`);
  return Array.isArray(c) ? c : c.layers;
}

/** Hands out a layer's weights: by the layer's name prefix when present, else in manifest order. */
class WeightPool {
  private used = new Set<NamedWeight>();
  constructor(
    private readonly weights: NamedWeight[],
    private readonly file: string,
  ) {}

  take(prefix: string, names: string[], shapes: number[][], optional: boolean[] = []): (Float32Array | null)[] {
    const candidates = this.weights.filter((w) => !this.used.has(w) && w.name.startsWith(prefix + '/'));
    const pool = candidates.length ? candidates : this.weights.filter((w) => !this.used.has(w));
    return names.map((name, i) => {
      const found =
        pool.find((w) => !this.used.has(w) && lastSegment(w.name) === name) ?? (candidates.length ? undefined : pool.find((w) => !this.used.has(w)));
      if (!found) {
        if (optional[i]) return null;
        throw new ModelFileError(this.file, `no weight "${prefix}/${name}" for layer ${prefix}`);
      }
      const expected = shapes[i];
      if (found.shape.join() !== expected.join()) {
        throw new ModelFileError(this.file, `weight ${found.name} has shape [${found.shape}], layer ${prefix} needs [${expected}]`);
      }
      this.used.add(found);
      return found.values;
    });
  }

  leftovers(): string[] {
    return this.weights.filter((w) => !this.used.has(w)).map((w) => w.name);
  }
}

function lastSegment(name: string): string {
  const s = name.split('/').pop()!;
  return s.replace(/_\d+$/, '').replace(/:0$/, '');
}

type KerasConfig = KerasLayerJson['config'];

function recurrentConfig(cfg: KerasConfig, goBackwards?: boolean): RecurrentConfig {
  return {
    units: cfg.units,
    returnSequences: !!cfg.return_sequences,
    goBackwards: goBackwards ?? !!cfg.go_backwards,
    activation: activationByName(cfg.activation, 'tanh'),
    // tfjs's default recurrent activation is hard_sigmoid (Keras 1); Keras 2 writes it out
    recurrentActivation: activationByName(cfg.recurrent_activation, 'hard_sigmoid'),
    useBias: cfg.use_bias ?? true,
  };
}

function buildRecurrent(
  className: string,
  name: string,
  inputDim: number,
  cfg: KerasConfig,
  pool: WeightPool,
  prefix: string,
  goBackwards?: boolean,
): RecurrentLayer {
  const cell = cellOfClass(className)!;
  const config = recurrentConfig(cfg, goBackwards);
  const columns = cell.blocks * config.units;
  const biasRows = cell.biasRows(cfg);
  const [kernel, recurrentKernel, bias] = pool.take(
    prefix,
    ['kernel', 'recurrent_kernel', 'bias'],
    [[inputDim, columns], [config.units, columns], biasRows > 1 ? [biasRows, columns] : [columns]],
    [false, false, !config.useBias],
  );
  return cell.build(name, inputDim, config, { kernel: kernel!, recurrentKernel: recurrentKernel!, bias }, cfg);
}

/** Builds engine layers from a Keras topology and named weights. */
export function buildLayers(topology: KerasTopology, weights: NamedWeight[], file = 'model.json'): Layer[] {
  const pool = new WeightPool(weights, file);
  const layers: Layer[] = [];
  let dim = -1;
  for (const l of topologyLayers(topology)) {
    const cfg = l.config;
    const name: string = cfg.name ?? `${l.class_name.toLowerCase()}_${layers.length}`;
    const need = () => {
      if (dim < 0) throw new ModelFileError(file, `layer ${name} (${l.class_name}) needs an Embedding before it`);
      return dim;
    };
    if (cellOfClass(l.class_name)) {
      const layer = buildRecurrent(l.class_name, name, need(), cfg, pool, name);
      layers.push(layer);
      dim = layer.units;
      continue;
    }
    switch (l.class_name) {
      case 'InputLayer':
        break;
      case 'Embedding': {
        const [w] = pool.take(name, ['embeddings'], [[cfg.input_dim, cfg.output_dim]]);
        layers.push(new Embedding(name, cfg.input_dim, cfg.output_dim, !!cfg.mask_zero, w!));
        dim = cfg.output_dim;
        break;
      }
      case 'Bidirectional': {
        const inner = cfg.layer as KerasLayerJson;
        if (!cellOfClass(inner.class_name)) throw new ModelFileError(file, `Bidirectional over ${inner.class_name} is not supported`);
        if ((cfg.merge_mode ?? 'concat') !== 'concat')
          throw new ModelFileError(file, `Bidirectional merge mode ${cfg.merge_mode} is not supported (only concat)`);
        const innerName = inner.config.name ?? inner.class_name.toLowerCase();
        const inDim = need();
        const fwd = buildRecurrent(inner.class_name, `forward_${innerName}`, inDim, inner.config, pool, `${name}/forward_${innerName}`, false);
        const bwd = buildRecurrent(inner.class_name, `backward_${innerName}`, inDim, inner.config, pool, `${name}/backward_${innerName}`, true);
        layers.push(new Bidirectional(name, fwd, bwd));
        dim = 2 * fwd.units;
        break;
      }
      case 'Dense': {
        const useBias = cfg.use_bias ?? true;
        const [k, b] = pool.take(name, ['kernel', 'bias'], [[need(), cfg.units], [cfg.units]], [false, !useBias]);
        layers.push(new Dense(name, dim, cfg.units, activationByName(cfg.activation, 'linear'), k!, b));
        dim = cfg.units;
        break;
      }
      case 'Dropout':
      case 'SpatialDropout1D':
        layers.push(new Dropout(name, cfg.rate ?? 0));
        break;
      case 'Activation':
        layers.push(new ActivationLayer(name, activationByName(cfg.activation, 'linear')));
        break;
      case 'GlobalAveragePooling1D':
      case 'GlobalMaxPooling1D':
        layers.push(new GlobalPooling1D(name, l.class_name));
        break;
      default:
        throw new ModelFileError(file, `layer type ${l.class_name} (${name}) is not supported by the engine`);
    }
  }
  const left = pool.leftovers();
  if (left.length) throw new ModelFileError(file, `weights not used by any layer: ${left.join(', ')}`);
  return layers;
}

function recurrentJson(layer: RecurrentLayer, name: string): KerasLayerJson {
  const c = layer.config;
  const config: Record<string, unknown> = {
    name,
    trainable: true,
    units: c.units,
    activation: c.activation,
    use_bias: c.useBias,
    return_sequences: c.returnSequences,
    go_backwards: false,
    return_state: false,
    stateful: false,
    unroll: false,
  };
  return { class_name: layer.className, config: { ...config, ...cellOfClass(layer.className)!.kerasConfig(layer) } };
}

/** Keras topology JSON for engine layers (what model.json's modelTopology holds). */
export function topologyOf(layers: Layer[], modelName = 'sequential'): KerasTopology {
  const out: KerasLayerJson[] = layers.map((layer): KerasLayerJson => {
    if (layer instanceof Embedding) {
      return {
        class_name: 'Embedding',
        config: {
          name: layer.name,
          trainable: true,
          dtype: 'float32',
          batch_input_shape: [null, null],
          input_dim: layer.inputDim,
          output_dim: layer.outputDim,
          mask_zero: layer.maskZero,
        },
      };
    }
    if (layer instanceof Bidirectional) {
      const inner = layer.forwardLayer.name.replace(/^forward_/, '');
      return {
        class_name: 'Bidirectional',
        config: { name: layer.name, trainable: true, merge_mode: 'concat', layer: recurrentJson(layer.forwardLayer, inner) },
      };
    }
    if (layer instanceof RecurrentLayer) return recurrentJson(layer, layer.name);
    if (layer instanceof Dense) {
      return { class_name: 'Dense', config: { name: layer.name, trainable: true, units: layer.units, activation: layer.activation, use_bias: !!layer.bias } };
    }
    if (layer instanceof Dropout) return { class_name: 'Dropout', config: { name: layer.name, trainable: true, rate: layer.rate } };
    if (layer instanceof ActivationLayer)
      return { class_name: 'Activation', config: { name: layer.name, trainable: true, activation: layer.activation as ActivationName } };
    if (layer instanceof GlobalPooling1D) return { class_name: layer.className, config: { name: layer.name, trainable: true } };
    throw new Error(`cannot write layer ${layer.name} (${layer.className})`);
  });
  return { class_name: 'Sequential', config: { name: modelName, layers: out }, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' };
}

/** Weights with the names tfjs gives them, in layer order. */
export function namedWeightsOf(layers: Layer[]): NamedWeight[] {
  const out: NamedWeight[] = [];
  for (const layer of layers) {
    if (layer instanceof Bidirectional) {
      for (const sub of [layer.forwardLayer, layer.backwardLayer]) {
        for (const p of sub.params) out.push({ name: `${layer.name}/${sub.name}/${p.name}`, shape: p.shape, values: p.value });
      }
    } else {
      for (const p of layer.params) out.push({ name: `${layer.name}/${p.name}`, shape: p.shape, values: p.value });
    }
  }
  return out;
}

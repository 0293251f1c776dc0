// What the deeper inspector shows, computed from the engine's own numbers:
// units worth looking at (variance, correlation with the output, LSTMVis-style selection),
// how far back a decision reaches (gradient w.r.t. each token's embedding, and occlusion),
// gate saturation (Karpathy et al. 2015), and the embedding space (nearest words, PCA).

import { Bidirectional } from '../layers/bidirectional';
import { lastStepOutput, type RecurrentState } from '../layers/layer';
import { RecurrentLayer, type RecurrentCache } from '../layers/recurrent';
import { GlobalPooling1D } from '../layers/simple-layers';
import type { ForwardPass } from '../model/model';
import type { LoadedModel } from '../model/model-bundle';
import { round6, type ModelTrace } from './trace';
import { stepValues, type Quantity, type TokenAttribution } from './trace-stats';

export * from './trace-stats';

/**
 * How much each token drives a sentiment model's decision: the gradient of the output logit with
 * respect to each token's embedding (the engine's own backward pass; parameters untouched), and
 * occlusion (re-running with the token replaced by <unk>).
 */
export function tokenAttribution(loaded: LoadedModel, ids: ArrayLike<number>, options: { occlusionTokens?: number } = {}): TokenAttribution {
  const { model } = loaded;
  const T = ids.length;
  const input = Int32Array.from(ids);
  const pass = model.forward(input, T, 1, { preActivationOutput: true });
  const out = pass.output;
  if (out.kind !== 'flat' || out.dim !== 1) throw new Error(`${loaded.card.id}: attribution needs a one-output sentiment model`);
  const positive = 1 / (1 + Math.exp(-out.data[0]));
  // backward through every layer but the embedding, keeping the gradient at its output
  const saved = model.params.map((p) => Float32Array.from(p.grad));
  let d: Float32Array | null = Float32Array.of(1);
  for (let i = model.layers.length - 1; i >= 1 && d; i--) d = model.layers[i].backward(pass.caches[i], d);
  model.params.forEach((p, i) => p.grad.set(saved[i]));
  const stateGradientByLayer = model.layers.flatMap((layer) => {
    if (!(layer instanceof Bidirectional || layer instanceof RecurrentLayer)) return [];
    const cache = layer instanceof Bidirectional ? model.cacheOf(pass, layer).forward : model.cacheOf(pass, layer);
    return [
      { layer: layer instanceof Bidirectional ? layer.forwardLayer.name : layer.name, norms: Array.from(cache.stateGradientNorms ?? new Float32Array(T)) },
    ];
  });
  const stateGradient = stateGradientByLayer[stateGradientByLayer.length - 1].norms;
  const E = model.embedding.outputDim;
  const gradient = Array.from({ length: T }, (_, t) => {
    let s = 0;
    for (let j = 0; j < E; j++) s += d![t * E + j] ** 2;
    return Math.sqrt(s);
  });
  const limit = options.occlusionTokens ?? Infinity;
  if (T > limit) return { gradient, stateGradient, stateGradientByLayer, occlusion: null, occlusionLimit: limit, positive };
  const occluder = new Occlusion(loaded, input);
  const occlusion = Array.from({ length: T }, (_, t) => occluder.at(t));
  return { gradient, stateGradient, stateGradientByLayer, occlusion, positive };
}

/**
 * Occlusion one token at a time, so that a caller can spread the work out and stop early: the
 * positive probability with token t read as <unk>, minus the original. A left-to-right model
 * without a pooling head resumes from its states before token t, which occluding t leaves
 * unchanged, so token t costs T - t steps instead of T.
 */
export class Occlusion {
  readonly positive: number;
  private readonly pass: ForwardPass | null;
  private readonly input: Int32Array;

  constructor(
    private readonly loaded: LoadedModel,
    ids: ArrayLike<number>,
  ) {
    const { model } = loaded;
    this.input = Int32Array.from(ids);
    const resumable = model.layers.every(
      (l) => !(l instanceof Bidirectional) && !(l instanceof GlobalPooling1D) && !(l instanceof RecurrentLayer && l.config.goBackwards),
    );
    const pass = model.forward(this.input, this.input.length, 1);
    this.pass = resumable ? pass : null;
    this.positive = lastStepOutput(pass.output, this.input.length)[0];
  }

  get length(): number {
    return this.input.length;
  }

  /** whether each run starts from the states before the occluded token */
  get resumes(): boolean {
    return this.pass !== null;
  }

  at(t: number): number {
    const { model, vocabulary } = this.loaded;
    const rest = this.input.slice(this.pass ? t : 0);
    rest[this.pass ? 0 : t] = vocabulary.unkId;
    const initialStates =
      this.pass && t > 0 ? model.layers.map((l) => (l instanceof RecurrentLayer ? [stateAfter(l, model.cacheOf(this.pass!, l), t - 1)] : [])) : undefined;
    return model.predict(rest, initialStates)[0] - this.positive;
  }
}

function stateAfter(layer: RecurrentLayer, cache: RecurrentCache, s: number): RecurrentState {
  const v = layer.stepValues(cache, s, 0);
  return { h: v.h, c: v.c };
}

/** How far back a decision reaches: the lowest recurrent layer's state gradient, since every
 *  route from a token to the decision passes through it (the only layer of a one-layer model). */
export function decisionReach(a: TokenAttribution): number[] {
  return a.stateGradientByLayer[0].norms;
}

/** Rows of the embedding matrix. */
function embeddingRow(loaded: LoadedModel, id: number): Float32Array {
  const E = loaded.model.embedding.outputDim;
  return loaded.model.embedding.embeddings.value.subarray(id * E, (id + 1) * E);
}

export function nearestWords(loaded: LoadedModel, id: number, k = 10): Array<{ word: string; cosine: number }> {
  const v = embeddingRow(loaded, id);
  const norm = (x: Float32Array) => Math.sqrt(x.reduce((a, b) => a + b * b, 0)) || 1;
  const nv = norm(v);
  const scored: Array<{ word: string; cosine: number }> = [];
  for (let j = 2; j < loaded.vocabulary.size; j++) {
    if (j === id) continue;
    const w = embeddingRow(loaded, j);
    let dot = 0;
    for (let i = 0; i < v.length; i++) dot += v[i] * w[i];
    scored.push({ word: loaded.vocabulary.word(j), cosine: dot / (nv * norm(w)) });
  }
  return scored.sort((a, b) => b.cosine - a.cosine).slice(0, k);
}

/** 2-D PCA of the embeddings of the `count` most frequent words (ids 2.. are by frequency). */
export function embeddingPca(loaded: LoadedModel, count = 300): Array<{ word: string; x: number; y: number }> {
  const E = loaded.model.embedding.outputDim;
  const ids = Array.from({ length: Math.min(count, loaded.vocabulary.size - 2) }, (_, i) => i + 2).filter((id) => !loaded.vocabulary.word(id).startsWith('<'));
  const rows = ids.map((id) => Float64Array.from(embeddingRow(loaded, id)));
  const mean = new Float64Array(E);
  for (const r of rows) for (let j = 0; j < E; j++) mean[j] += r[j] / rows.length;
  for (const r of rows) for (let j = 0; j < E; j++) r[j] -= mean[j];
  // power iteration with deflation on the covariance, deterministic start
  const components: Float64Array[] = [];
  for (let c = 0; c < 2; c++) {
    let v = Float64Array.from({ length: E }, (_, j) => Math.cos(j + c));
    for (let iter = 0; iter < 100; iter++) {
      const next = new Float64Array(E);
      for (const r of rows) {
        let dot = 0;
        for (let j = 0; j < E; j++) dot += r[j] * v[j];
        for (let j = 0; j < E; j++) next[j] += dot * r[j];
      }
      for (const prev of components) {
        let dot = 0;
        for (let j = 0; j < E; j++) dot += next[j] * prev[j];
        for (let j = 0; j < E; j++) next[j] -= dot * prev[j];
      }
      const n = Math.hypot(...next) || 1;
      v = next.map((x) => x / n);
    }
    components.push(v);
  }
  return rows.map((r, i) => ({
    word: loaded.vocabulary.word(ids[i]),
    x: r.reduce((s, x, j) => s + x * components[0][j], 0),
    y: r.reduce((s, x, j) => s + x * components[1][j], 0),
  }));
}

/** A trace as CSV: one row per (layer, direction, quantity, token, unit). */
export function traceToCsv(trace: ModelTrace): string {
  const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['layer,direction,quantity,token_index,token,unit,value'];
  for (const layer of trace.layers) {
    const quantities: Quantity[] = ['h', ...(layer.steps[0]?.c ? (['c'] as Quantity[]) : []), ...layer.gateNames.map((g) => `gate:${g}` as Quantity)];
    for (const q of quantities) {
      layer.steps.forEach((_, t) => {
        stepValues(layer, q, t).forEach((v, u) => lines.push([esc(layer.layer), layer.direction, q, t, esc(trace.tokens[t].text), u, round6(v)].join(',')));
      });
    }
  }
  return lines.join('\n') + '\n';
}

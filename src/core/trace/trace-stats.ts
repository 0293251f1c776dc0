// What the inspector's views compute from a trace, and the shapes of the deeper analyses'
// answers: plain functions over numbers, no Node and no model code, so that both the extension
// (src/core/trace/analysis.ts re-exports them) and the browser-only webview can import them.

import type { LayerParameters } from './trace-types';
import type { LayerTrace } from './trace-types';

export type Quantity = 'h' | 'c' | `gate:${string}`;

const NONE = new Float32Array(0);

export function stepValues(layer: LayerTrace, quantity: Quantity, t: number): Float32Array {
  const s = layer.steps[t];
  if (quantity === 'h') return s.h;
  if (quantity === 'c') return s.c ?? NONE;
  return s.gates[quantity.slice(5)] ?? NONE;
}

export interface UnitStat {
  unit: number;
  variance: number;
  /** Pearson correlation of the unit's activation with the model's output across tokens */
  correlation: number;
  mean: number;
}

/** Per-unit variance over tokens and correlation with the per-token output (sentiment probability). */
export function unitStats(layer: LayerTrace, quantity: Quantity, outputs: Array<number | undefined>): UnitStat[] {
  const T = layer.steps.length;
  const y = outputs.map((o) => o ?? NaN);
  const yOk = y.filter((v) => Number.isFinite(v));
  const yMean = yOk.reduce((a, b) => a + b, 0) / Math.max(1, yOk.length);
  return Array.from({ length: layer.units }, (_, u) => {
    const x = Array.from({ length: T }, (_, t) => stepValues(layer, quantity, t)[u]);
    const mean = x.reduce((a, b) => a + b, 0) / Math.max(1, T);
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, T);
    let sxy = 0,
      sxx = 0,
      syy = 0;
    for (let t = 0; t < T; t++) {
      if (!Number.isFinite(y[t])) continue;
      sxy += (x[t] - mean) * (y[t] - yMean);
      sxx += (x[t] - mean) ** 2;
      syy += (y[t] - yMean) ** 2;
    }
    const correlation = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
    return { unit: u, variance, correlation, mean };
  });
}

/**
 * LSTMVis select view: the units that are at least `threshold` on every token of [from, to]
 * (inclusive), ranked by how little they fire elsewhere (the mean above threshold outside).
 */
export function selectUnits(layer: LayerTrace, quantity: Quantity, from: number, to: number, threshold: number): Array<{ unit: number; outside: number }> {
  const T = layer.steps.length;
  const out: Array<{ unit: number; outside: number }> = [];
  for (let u = 0; u < layer.units; u++) {
    let on = true;
    for (let t = from; t <= to && on; t++) on = stepValues(layer, quantity, t)[u] >= threshold;
    if (!on) continue;
    let outside = 0,
      n = 0;
    for (let t = 0; t < T; t++) {
      if (t >= from && t <= to) continue;
      n++;
      outside += stepValues(layer, quantity, t)[u] >= threshold ? 1 : 0;
    }
    out.push({ unit: u, outside: n ? outside / n : 0 });
  }
  return out.sort((a, b) => a.outside - b.outside);
}

export interface Saturation {
  unit: number;
  /** per gate: fraction of steps below 0.1 (left-saturated) and above 0.9 (right-saturated) */
  gates: Record<string, { low: number; high: number }>;
}

export function gateSaturation(layer: LayerTrace): Saturation[] {
  const gates = layer.gateNames.filter((g) => g !== 'candidate');
  const T = layer.steps.length;
  return Array.from({ length: layer.units }, (_, u) => {
    const rec: Record<string, { low: number; high: number }> = {};
    for (const g of gates) {
      let low = 0,
        high = 0;
      for (const s of layer.steps) {
        const v = s.gates[g][u];
        if (v < 0.1) low++;
        else if (v > 0.9) high++;
      }
      rec[g] = { low: low / Math.max(1, T), high: high / Math.max(1, T) };
    }
    return { unit: u, gates: rec };
  });
}

export interface TokenAttribution {
  /** L2 norm of d(positive logit)/d(embedding of the token) */
  gradient: number[];
  /** L2 norm of d(positive logit)/d(state after the token) of the last recurrent layer (h, and c
   *  for an LSTM; forward direction of a bidirectional layer): how far back the decision reaches */
  stateGradient: number[];
  /** the same for every recurrent layer, bottom to top (named as in the trace; forward direction
   *  of a bidirectional layer): in a stacked model, how far back each layer's state matters */
  stateGradientByLayer: Array<{ layer: string; norms: number[] }>;
  /** positive probability with the token replaced by <unk>, minus the original; null when the
   *  text is longer than asked for (occlusion re-reads the text once per token) */
  occlusion: number[] | null;
  /** when occlusion is null: the longest text it is computed for */
  occlusionLimit?: number;
  positive: number;
}

/** What the Why tab gets for occlusion: a change per token, or the limit the text went past. */
export type OcclusionResult = { occlusion: number[] } | { limit: number };

/** One sentiment model's reading of a text, for the side-by-side comparison. */
export interface CompareRow {
  model: string;
  cell: string;
  bidirectional: boolean;
  positive: number;
  /** positive probability after each token (the prefix), as in the trace */
  steps: Array<number | null>;
  /** size of d(logit)/d(embedding) per token */
  gradient: number[];
  /** size of d(logit)/d(state after the token) */
  stateGradient: number[];
  /** each layer's weights, and for recurrent layers a SimpleRNN's of the same size (parameter-counts.ts) */
  layers: LayerParameters[];
}

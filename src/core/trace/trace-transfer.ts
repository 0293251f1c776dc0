// A trace as the inspector's webview receives it. VS Code (1.57+) hands ArrayBuffers to a
// webview as binary, and serialises everything else as JSON; a 2,000-token trace of the
// two-layer LSTM is ~3M numbers, 29 MB as JSON. So each layer travels as one float32
// T × units matrix per quantity (a dozen buffers in all) and the webview turns the rows
// back into per-step views, without copying.

import type { LayerTrace, ModelTrace, StepTrace } from './trace-types';

export interface PackedLayer extends Omit<LayerTrace, 'steps'> {
  /** tokens × units, row t = the values after token t */
  h: Float32Array;
  c?: Float32Array;
  gates: Record<string, Float32Array>;
}

export interface PackedTrace extends Omit<ModelTrace, 'layers'> {
  layers: PackedLayer[];
}

function matrix(rows: Float32Array[], units: number): Float32Array {
  const m = new Float32Array(rows.length * units);
  rows.forEach((r, t) => m.set(r, t * units));
  return m;
}

export function packTrace(trace: ModelTrace): PackedTrace {
  return {
    ...trace,
    layers: trace.layers.map(({ steps, ...layer }) => {
      const packed: PackedLayer = {
        ...layer,
        h: matrix(
          steps.map((s) => s.h),
          layer.units,
        ),
        gates: {},
      };
      if (steps[0]?.c)
        packed.c = matrix(
          steps.map((s) => s.c!),
          layer.units,
        );
      for (const g of layer.gateNames)
        packed.gates[g] = matrix(
          steps.map((s) => s.gates[g]),
          layer.units,
        );
      return packed;
    }),
  };
}

export function unpackTrace(packed: PackedTrace): ModelTrace {
  const T = packed.tokens.length;
  return {
    ...packed,
    layers: packed.layers.map(({ h, c, gates, ...layer }) => {
      const U = layer.units;
      const row = (m: Float32Array, t: number) => m.subarray(t * U, (t + 1) * U);
      const steps = Array.from({ length: T }, (_, t): StepTrace => {
        const step: StepTrace = { h: row(h, t), gates: {} };
        if (c) step.c = row(c, t);
        for (const g of layer.gateNames) step.gates[g] = row(gates[g], t);
        return step;
      });
      return { ...layer, steps };
    }),
  };
}

/** What crossing to the webview costs: the matrices' bytes and the JSON of everything else. */
export function transferSize(packed: PackedTrace): { binaryBytes: number; jsonBytes: number } {
  let binaryBytes = 0;
  const json = JSON.stringify(packed, (_, v: unknown) => {
    if (v instanceof Float32Array) {
      binaryBytes += v.byteLength;
      return undefined;
    }
    return v;
  });
  return { binaryBytes, jsonBytes: new TextEncoder().encode(json).length };
}

/** The buffers of a packed trace's matrices: what a worker transfers instead of copying. */
export function traceBuffers(packed: PackedTrace): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const l of packed.layers) {
    out.push(l.h.buffer as ArrayBuffer);
    if (l.c) out.push(l.c.buffer as ArrayBuffer);
    for (const g of Object.values(l.gates)) out.push(g.buffer as ArrayBuffer);
  }
  return out;
}

/** One matrix of a packed trace, sent on its own: layer index and quantity ('h', 'c' or a gate name). */
export interface TracePart {
  layer: number;
  quantity: string;
  data: Float32Array;
}

/**
 * A packed trace as an outline (every matrix empty) and its matrices one by one. A 2,000-token
 * trace of a two-layer GRU is 8 MB of matrices; VS Code copies a webview message twice on the
 * extension host before it leaves, ~60 ms for 8 MB in one piece, so it goes in parts of ~1 MB.
 */
export function splitTrace(packed: PackedTrace): { outline: PackedTrace; parts: TracePart[] } {
  const parts: TracePart[] = [];
  const empty = new Float32Array(0);
  const layers = packed.layers.map((l, layer) => {
    parts.push({ layer, quantity: 'h', data: l.h });
    if (l.c) parts.push({ layer, quantity: 'c', data: l.c });
    for (const [g, data] of Object.entries(l.gates)) parts.push({ layer, quantity: g, data });
    return { ...l, h: empty, ...(l.c ? { c: empty } : {}), gates: Object.fromEntries(Object.keys(l.gates).map((g) => [g, empty])) };
  });
  return { outline: { ...packed, layers }, parts };
}

/** Puts a part back into its outline. */
export function fillTrace(outline: PackedTrace, part: TracePart): void {
  const layer = outline.layers[part.layer];
  if (!layer) throw new Error(`trace part for layer ${part.layer}, which the trace does not have`);
  if (part.quantity === 'h') layer.h = part.data;
  else if (part.quantity === 'c') layer.c = part.data;
  else if (part.quantity in layer.gates) layer.gates[part.quantity] = part.data;
  else throw new Error(`trace part for unknown quantity ${part.quantity}`);
}

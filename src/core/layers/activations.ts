// Element-wise activations by their Keras names, each with its derivative written in terms of
// the activation's output y (what the backward pass keeps from the forward pass).

export type ActivationName = 'linear' | 'sigmoid' | 'hard_sigmoid' | 'tanh' | 'relu' | 'softmax';

export interface Activation {
  name: ActivationName;
  f(x: number): number;
  /** dy/dx given y = f(x) */
  dfFromY(y: number): number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export const ACTIVATIONS: Record<Exclude<ActivationName, 'softmax'>, Activation> = {
  linear: { name: 'linear', f: (x) => x, dfFromY: () => 1 },
  sigmoid: { name: 'sigmoid', f: sigmoid, dfFromY: (y) => y * (1 - y) },
  // Keras-1 legacy default of tfjs GRU/LSTM: clip(0.2x + 0.5, 0, 1)
  hard_sigmoid: {
    name: 'hard_sigmoid',
    f: (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5)),
    dfFromY: (y) => (y > 0 && y < 1 ? 0.2 : 0),
  },
  tanh: { name: 'tanh', f: Math.tanh, dfFromY: (y) => 1 - y * y },
  relu: { name: 'relu', f: (x) => (x > 0 ? x : 0), dfFromY: (y) => (y > 0 ? 1 : 0) },
};

/** Keras config spellings (camelCase from tfjs, snake_case from Keras) -> our names. */
export function activationByName(name: string | undefined, fallback: ActivationName): ActivationName {
  const n = (name ?? fallback).replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  // own properties only: "constructor" or "__proto__" is `in` every object
  if (n === 'softmax' || Object.prototype.hasOwnProperty.call(ACTIVATIONS, n)) return n as ActivationName;
  throw new Error(`unsupported activation "${name}"`);
}

/** In-place softmax over each row of x[rows×n]. */
export function softmaxRows(x: Float32Array, rows: number, n: number, offset = 0): void {
  for (let i = 0; i < rows; i++) {
    const o = offset + i * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (x[o + j] > max) max = x[o + j];
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(x[o + j] - max);
      x[o + j] = e;
      sum += e;
    }
    for (let j = 0; j < n; j++) x[o + j] /= sum;
  }
}

export function applyActivation(name: ActivationName, x: Float32Array, rows: number, n: number): void {
  if (name === 'linear') return;
  if (name === 'softmax') return softmaxRows(x, rows, n);
  const f = ACTIVATIONS[name].f;
  for (let i = 0; i < rows * n; i++) x[i] = f(x[i]);
}

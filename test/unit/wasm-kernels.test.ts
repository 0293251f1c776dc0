// The WebAssembly SIMD kernels against the JavaScript ones they replace: every variant, at the
// shapes the models use and at awkward ones (edges of the 4×8 and 2×4 blocks, strided views,
// k past the cache block), accumulating or not; resident weights; and the committed binary is
// what its source builds to.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ACTIVATIONS, ActivationName } from '../../src/core/layers/activations';
import {
  JS_KERNELS,
  MatrixView,
  gemmNN,
  gemmNT,
  gemmTN,
  keepResident,
  kernelsInUse,
  releaseResident,
  useKernels,
  view,
  wasmInUse,
} from '../../src/core/kernels/kernels';
import { GRU } from '../../src/core/layers/gru';
import { SequenceValue } from '../../src/core/layers/layer';
import { LSTM } from '../../src/core/layers/lstm';
import { RecurrentConfig, RecurrentLayer } from '../../src/core/layers/recurrent';
import { SimpleRNN } from '../../src/core/layers/simple-rnn';
import { Rng } from '../../src/core/random';
import { trainTinyLm, trainTinySentiment } from './helpers/tiny-models';

const ROOT = path.resolve(__dirname, '..', '..');
type Variant = 'gemmNN' | 'gemmTN' | 'gemmNT';
const DISPATCH = { gemmNN, gemmTN, gemmNT };

/** max |Δ| over max |C|: float32 sums in another order differ by rounding, not by more */
function relativeError(expected: Float32Array, actual: Float32Array): number {
  let diff = 0,
    scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / Math.max(scale, 1e-30);
}

/** Runs one product both ways on the same operands (with offsets and padded leading dimensions). */
function compare(variant: Variant, m: number, n: number, k: number, accumulate: boolean, seed: number, pad = 0): number {
  const rng = new Rng(seed);
  const fill = (len: number) => Float32Array.from({ length: len }, () => rng.uniform(-1, 1));
  const [aRows, aCols] = variant === 'gemmTN' ? [k, m] : [m, k];
  const [bRows, bCols] = variant === 'gemmNT' ? [n, k] : [k, n];
  const A = fill(3 + aRows * (aCols + pad));
  const B = fill(5 + bRows * (bCols + pad));
  const C = fill(2 + m * (n + pad));
  const views = (c: Float32Array): [MatrixView, MatrixView, MatrixView] => [view(A, 3, aCols + pad), view(B, 5, bCols + pad), view(c, 2, n + pad)];
  const expected = C.slice();
  JS_KERNELS[variant](m, n, k, ...views(expected), accumulate);
  const actual = C.slice();
  DISPATCH[variant](m, n, k, ...views(actual), accumulate);
  // untouched: what lies outside the product's rows and columns
  for (let i = 0; i < C.length; i++) {
    const inside = i >= 2 && (i - 2) % (n + pad) < n && Math.floor((i - 2) / (n + pad)) < m;
    if (!inside) assert.equal(actual[i], C[i], `${variant}: element ${i} outside the product changed`);
  }
  return relativeError(expected, actual);
}

test('wasm SIMD kernels are available here and in use by default', () => {
  assert.equal(useKernels('wasm'), 'wasm');
  assert.equal(kernelsInUse(), 'wasm');
});

test('every wasm kernel equals the JavaScript one at the models’ shapes (≤ 1e-5 relative)', () => {
  useKernels('wasm');
  const shapes: Array<[number, number, number]> = [
    [1, 384, 128], // a GRU step of one sequence
    [64, 384, 128], // a batch step
    [64, 512, 128], // LSTM
    [35 * 32, 384, 64], // input projection of a training batch
    [1, 10000, 64], // next-word logits
    [64, 128, 2240], // weight gradient over T·B rows (k past the cache block)
  ];
  for (const [m, n, k] of shapes)
    for (const variant of ['gemmNN', 'gemmTN', 'gemmNT'] as const)
      for (const accumulate of [false, true]) {
        const err = compare(variant, m, n, k, accumulate, m + n + k);
        assert.ok(err <= 1e-5, `${variant} ${m}×${n}×${k} accumulate=${accumulate}: relative error ${err}`);
      }
});

test('property: any shape, strided views, accumulate or not: wasm equals JavaScript', () => {
  useKernels('wasm');
  fc.assert(
    fc.property(
      fc.constantFrom<Variant>('gemmNN', 'gemmTN', 'gemmNT'),
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 70 }),
      fc.integer({ min: 1, max: 300 }),
      fc.boolean(),
      fc.integer({ min: 0, max: 5 }),
      fc.integer(),
      (variant, m, n, k, accumulate, pad, seed) => {
        // below the dispatch threshold the JavaScript kernel runs: force wasm by size, not by chance
        const err = compare(variant, Math.max(m, Math.ceil(4096 / (n * k))), n, k, accumulate, seed, pad);
        return err <= 1e-5;
      },
    ),
    { numRuns: 200 },
  );
});

test('resident weights: used without copying, and a released array is read afresh', () => {
  useKernels('wasm');
  const k = 64,
    n = 384,
    m = 8;
  const W = Float32Array.from({ length: k * n }, (_, i) => Math.sin(i));
  const X = Float32Array.from({ length: m * k }, (_, i) => Math.cos(i));
  keepResident([W]);
  const run = () => {
    const out = new Float32Array(m * n);
    gemmNN(m, n, k, view(X, 0, k), view(W, 0, n), view(out, 0, n), false);
    return out;
  };
  const reference = () => {
    const out = new Float32Array(m * n);
    JS_KERNELS.gemmNN(m, n, k, view(X, 0, k), view(W, 0, n), view(out, 0, n), false);
    return out;
  };
  assert.ok(relativeError(reference(), run()) <= 1e-5);
  // a change without release() is not seen (the copy is a cache) ...
  W[0] += 100;
  assert.ok(relativeError(reference(), run()) > 1e-3, 'the resident copy is what the kernel reads');
  // ... and after release() it is
  releaseResident([W]);
  assert.ok(relativeError(reference(), run()) <= 1e-5);
});

test('RNN_LENS_KERNELS=js and useKernels("js") keep everything in JavaScript', () => {
  assert.equal(useKernels('js'), 'js');
  assert.equal(kernelsInUse(), 'js');
  assert.equal(compare('gemmNN', 64, 384, 128, false, 1), 0, 'the same kernel gives the same bits');
  useKernels('wasm');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', "console.log(require('./src/core/kernels/kernels').kernelsInUse())"], {
    cwd: ROOT,
    env: { ...process.env, RNN_LENS_KERNELS: 'js' },
    encoding: 'utf8',
  });
  assert.equal(r.stdout.trim(), 'js', r.stderr);
});

test('the committed binary is what src/wasm/kernels.ts builds to', () => {
  const r = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('the recurrent loop in wasm writes what the JavaScript steps write: every cell, activation, direction, with padding', () => {
  const rng = new Rng(7);
  const fill = (n: number, scale = 0.4) => Float32Array.from({ length: n }, () => rng.uniform(-scale, scale) * 2);
  const T = 9,
    B = 5,
    D = 6,
    u = 12;
  const input: SequenceValue = { kind: 'sequence', T, B, dim: D, data: fill(T * B * D, 1), mask: new Uint8Array(T * B).fill(1) };
  // rows end at different steps (padding at the end, as toBatch lays them out); row 4 is all padding after step 0
  for (let b = 0; b < B; b++) for (let t = [9, 7, 3, 8, 1][b]; t < T; t++) input.mask![t * B + b] = 0;
  const layers: Array<[string, (config: RecurrentConfig) => RecurrentLayer]> = [
    ['SimpleRNN', (c) => new SimpleRNN('s', D, c, { kernel: fill(D * u), recurrentKernel: fill(u * u), bias: fill(u) })],
    ['GRU', (c) => new GRU('g', D, c, { kernel: fill(D * 3 * u), recurrentKernel: fill(u * 3 * u), bias: fill(3 * u) })],
    ['GRU reset_after', (c) => new GRU('g', D, c, { kernel: fill(D * 3 * u), recurrentKernel: fill(u * 3 * u), bias: fill(6 * u) }, true)],
    ['LSTM', (c) => new LSTM('l', D, c, { kernel: fill(D * 4 * u), recurrentKernel: fill(u * 4 * u), bias: fill(4 * u) })],
  ];
  let roundedDifferently = 0;
  const activations: Array<[ActivationName, ActivationName]> = [
    ['tanh', 'sigmoid'],
    ['tanh', 'hard_sigmoid'],
    ['relu', 'sigmoid'],
    ['linear', 'sigmoid'],
  ];
  for (const [name, make] of layers)
    for (const [activation, recurrentActivation] of activations)
      for (const goBackwards of [false, true])
        for (const mask of [input.mask, null]) {
          const config: RecurrentConfig = { units: u, returnSequences: true, goBackwards, activation, recurrentActivation, useBias: true };
          const layer = make(config);
          const initialState = [{ h: fill(B * u), c: fill(B * u) }];
          const run = (kernels: 'js' | 'wasm') => {
            useKernels(kernels);
            return layer.forward({ ...input, mask }, { training: false, initialState: name === 'LSTM' ? initialState : [{ h: initialState[0].h, c: null }] })
              .cache;
          };
          const js = run('js');
          const wasm = run('wasm');
          const what = `${name} ${activation}/${recurrentActivation} backwards=${goBackwards} mask=${!!mask}`;
          for (const key of ['h', 'c', 'gates', 'extra'] as const) {
            const a = js[key],
              b = wasm[key];
            assert.equal(a === null, b === null, `${what}: ${key}`);
            if (a && b) assert.ok(relativeError(a, b) <= 1e-5, `${what}: ${key} differs by ${relativeError(a, b)}`);
            if (a && b && a.some((v, i) => v !== b[i])) roundedDifferently++;
          }
          assert.deepEqual(wasm.stepMask, js.stepMask, what);
        }
  assert.ok(roundedDifferently > 0, 'the wasm loop ran (its float32 rounding is not the JavaScript one)');
  useKernels('wasm');
});

test('the wasm activations agree with the JavaScript ones across their range', () => {
  const wasm = wasmInUse()!;
  const x = Float32Array.from({ length: 4000 }, (_, i) => -100 + i * 0.05);
  for (const name of ['sigmoid', 'tanh', 'hard_sigmoid', 'relu', 'linear'] as const) {
    const y = x.slice();
    wasm.activate(name, y);
    const f = ACTIVATIONS[name].f;
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(y[i] - f(x[i])) / Math.max(1, Math.abs(f(x[i]))));
    assert.ok(worst <= 2e-7, `${name}: off by ${worst}`);
  }
});

test('training with the wasm kernels follows the JavaScript run from the same seed (both trainers, a few epochs)', () => {
  const weights = (model: { params: Array<{ value: Float32Array }> }) => Float32Array.from(model.params.flatMap((p) => Array.from(p.value)));
  const runs = (kernels: 'js' | 'wasm') => {
    useKernels(kernels);
    return {
      sentiment: weights(trainTinySentiment('gru', false, 1, { epochs: 3, depth: 2 }).model),
      lstm: weights(trainTinySentiment('lstm', true, 1, { epochs: 3 }).model),
      lm: weights(trainTinyLm('gru', 3).model),
    };
  };
  const js = runs('js');
  const wasm = runs('wasm');
  for (const key of ['sentiment', 'lstm', 'lm'] as const) {
    // a few hundred updates: rounding differences grow, but stay far below what a step changes
    const err = relativeError(js[key], wasm[key]);
    assert.ok(err <= 1e-4, `${key}: the weights differ by ${err}`);
    assert.ok(err > 0, `${key}: the wasm kernels ran (their rounding differs)`);
  }
  useKernels('wasm');
});

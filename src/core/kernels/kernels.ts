// Dense matrix kernels over row-major Float32Array views, shared by inference and training.
//
// Hand-written because TensorFlow.js's pure-JS backend is far slower for these small,
// step-by-step products (see the project notes on tfjs speed) and the npm registry has no
// plain-Float32Array GEMM without native code. Signatures follow BLAS: a matrix is
// (array, offset, leading dimension), so a recurrent cell can multiply by a column block of
// its kernel (GRU's candidate columns) without copying it. Loops run i-p-j so the innermost
// loop walks contiguous memory.
//
// gemmNN/gemmTN/gemmNT below send products of at least WASM_MIN_WORK multiply-adds to the
// WebAssembly SIMD kernels (wasm-kernels.ts) and keep smaller ones here, where copying the
// operands into wasm memory would cost more than it saves. RNN_LENS_KERNELS=js (or useKernels)
// keeps everything in JavaScript: the reference the wasm kernels are tested against.

import { MatrixView } from './matrix-view';
import { WasmKernels } from './wasm-kernels';

export { MatrixView, view } from './matrix-view';

/** C[m×n] (+)= A[m×k]·B[k×n] */
function jsGemmNN(m: number, n: number, k: number, A: MatrixView, B: MatrixView, C: MatrixView, accumulate: boolean): void {
  const a = A.data,
    b = B.data,
    c = C.data;
  for (let i = 0; i < m; i++) {
    const ci = C.offset + i * C.ld;
    if (!accumulate) c.fill(0, ci, ci + n);
    const ai = A.offset + i * A.ld;
    let p = 0;
    // two rows of B per pass halves the loads and stores of C's row
    for (; p + 1 < k; p += 2) {
      const a0 = a[ai + p];
      const a1 = a[ai + p + 1];
      if (a0 === 0 && a1 === 0) continue;
      const b0 = B.offset + p * B.ld;
      const b1 = b0 + B.ld;
      for (let j = 0; j < n; j++) c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j];
    }
    if (p < k) {
      const a0 = a[ai + p];
      const b0 = B.offset + p * B.ld;
      for (let j = 0; j < n; j++) c[ci + j] += a0 * b[b0 + j];
    }
  }
}

/** C[m×n] (+)= Aᵀ·B with A stored [k×m] and B [k×n]: weight gradients Xᵀ·dY. */
function jsGemmTN(m: number, n: number, k: number, A: MatrixView, B: MatrixView, C: MatrixView, accumulate: boolean): void {
  const a = A.data,
    b = B.data,
    c = C.data;
  if (!accumulate) for (let i = 0; i < m; i++) c.fill(0, C.offset + i * C.ld, C.offset + i * C.ld + n);
  let p = 0;
  for (; p + 1 < k; p += 2) {
    const ap0 = A.offset + p * A.ld;
    const ap1 = ap0 + A.ld;
    const bp0 = B.offset + p * B.ld;
    const bp1 = bp0 + B.ld;
    for (let i = 0; i < m; i++) {
      const a0 = a[ap0 + i];
      const a1 = a[ap1 + i];
      if (a0 === 0 && a1 === 0) continue;
      const ci = C.offset + i * C.ld;
      for (let j = 0; j < n; j++) c[ci + j] += a0 * b[bp0 + j] + a1 * b[bp1 + j];
    }
  }
  if (p < k) {
    const ap = A.offset + p * A.ld;
    const bp = B.offset + p * B.ld;
    for (let i = 0; i < m; i++) {
      const av = a[ap + i];
      if (av === 0) continue;
      const ci = C.offset + i * C.ld;
      for (let j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
    }
  }
}

/** C[m×n] (+)= A[m×k]·Bᵀ with B stored [n×k]: input gradients dY·Wᵀ. */
function jsGemmNT(m: number, n: number, k: number, A: MatrixView, B: MatrixView, C: MatrixView, accumulate: boolean): void {
  const a = A.data,
    b = B.data,
    c = C.data;
  for (let i = 0; i < m; i++) {
    const ai = A.offset + i * A.ld;
    const ci = C.offset + i * C.ld;
    for (let j = 0; j < n; j++) {
      const bj = B.offset + j * B.ld;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      let p = 0;
      for (; p + 3 < k; p += 4) {
        s0 += a[ai + p] * b[bj + p];
        s1 += a[ai + p + 1] * b[bj + p + 1];
        s2 += a[ai + p + 2] * b[bj + p + 2];
        s3 += a[ai + p + 3] * b[bj + p + 3];
      }
      for (; p < k; p++) s0 += a[ai + p] * b[bj + p];
      const s = s0 + s1 + s2 + s3;
      c[ci + j] = accumulate ? c[ci + j] + s : s;
    }
  }
}

export type KernelChoice = 'wasm' | 'js';

/** The JavaScript kernels, by name: the fallback and the reference. */
export const JS_KERNELS = { gemmNN: jsGemmNN, gemmTN: jsGemmTN, gemmNT: jsGemmNT };

/** below this many multiply-adds a product stays in JavaScript (measured: npm run bench) */
export const WASM_MIN_WORK = 4096;

let wasm: WasmKernels | null | undefined;
// a browser's extension host has no `process`
let choice: KernelChoice = typeof process === 'object' && process.env?.RNN_LENS_KERNELS === 'js' ? 'js' : 'wasm';

function wasmKernels(): WasmKernels | null {
  if (choice === 'js') return null;
  if (wasm === undefined) wasm = WasmKernels.create();
  return wasm;
}

/** Which kernels the products use from now on; returns what is in effect ('js' if wasm cannot load). */
export function useKernels(next: KernelChoice): KernelChoice {
  choice = next;
  return wasmKernels() ? 'wasm' : 'js';
}

export function kernelsInUse(): KernelChoice {
  return wasmKernels() ? 'wasm' : 'js';
}

/** The wasm kernels when they are in use (the recurrent layers run their whole loop there). */
export function wasmInUse(): WasmKernels | null {
  return wasmKernels();
}

/** Marks weights that will not change (a model loaded for inference): the wasm kernels keep a copy. */
export function keepResident(arrays: Float32Array[]): void {
  const k = wasmKernels();
  if (k) for (const a of arrays) k.keepResident(a);
}

/** Must be called before weights marked by keepResident change. */
export function releaseResident(arrays: Float32Array[]): void {
  if (wasm) for (const a of arrays) wasm.release(a);
}

/** C[m×n] (+)= A[m×k]·B[k×n] */
export function gemmNN(m: number, n: number, k: number, A: MatrixView, B: MatrixView, C: MatrixView, accumulate: boolean): void {
  const w = m * n * k >= WASM_MIN_WORK ? wasmKernels() : null;
  if (w) w.gemmNN(m, n, k, A, B, C, accumulate);
  else jsGemmNN(m, n, k, A, B, C, accumulate);
}

/** C[m×n] (+)= Aᵀ·B with A stored [k×m] and B [k×n]: weight gradients Xᵀ·dY. */
export function gemmTN(m: number, n: number, k: number, A: MatrixView, B: MatrixView, C: MatrixView, accumulate: boolean): void {
  const w = m * n * k >= WASM_MIN_WORK ? wasmKernels() : null;
  if (w) w.gemmTN(m, n, k, A, B, C, accumulate);
  else jsGemmTN(m, n, k, A, B, C, accumulate);
}

/** C[m×n] (+)= A[m×k]·Bᵀ with B stored [n×k]: input gradients dY·Wᵀ. */
export function gemmNT(m: number, n: number, k: number, A: MatrixView, B: MatrixView, C: MatrixView, accumulate: boolean): void {
  const w = m * n * k >= WASM_MIN_WORK ? wasmKernels() : null;
  if (w) w.gemmNT(m, n, k, A, B, C, accumulate);
  else jsGemmNT(m, n, k, A, B, C, accumulate);
}

/** Adds bias[n] (from biasOffset) to every row of x[rows×n]. */
export function addBias(x: Float32Array, bias: Float32Array, rows: number, n: number, biasOffset = 0): void {
  for (let i = 0; i < rows; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) x[o + j] += bias[biasOffset + j];
  }
}

/** Column sums of x[rows×n] added into out[outOffset..] (bias gradients). */
export function sumRowsInto(x: Float32Array, rows: number, n: number, out: Float32Array, outOffset = 0): void {
  for (let i = 0; i < rows; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) out[outOffset + j] += x[o + j];
  }
}

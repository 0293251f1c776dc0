// Dense matrix kernels over row-major Float32Array views, shared by inference and training.
//
// Hand-written because TensorFlow.js's pure-JS backend is far slower for these small,
// step-by-step products (see the project notes on tfjs speed) and the npm registry has no
// plain-Float32Array GEMM without native code. Signatures follow BLAS: a matrix is
// (array, offset, leading dimension), so a recurrent cell can multiply by a column block of
// its kernel (GRU's candidate columns) without copying it. Loops run i-p-j so the innermost
// loop walks contiguous memory.

export interface MatrixView {
  data: Float32Array;
  offset: number;
  /** row stride (the "leading dimension") */
  ld: number;
}

export const view = (data: Float32Array, offset: number, ld: number): MatrixView => ({ data, offset, ld });

/** C[m×n] (+)= A[m×k]·B[k×n] */
export function gemmNN(m: number, n: number, k: number, A: MatrixView, B: MatrixView, C: MatrixView, accumulate: boolean): void {
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
export function gemmTN(m: number, n: number, k: number, A: MatrixView, B: MatrixView, C: MatrixView, accumulate: boolean): void {
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
export function gemmNT(m: number, n: number, k: number, A: MatrixView, B: MatrixView, C: MatrixView, accumulate: boolean): void {
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

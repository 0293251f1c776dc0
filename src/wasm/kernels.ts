// The engine's matrix products in WebAssembly SIMD (AssemblyScript; `npm run build:wasm`).
//
// Same contracts as the JavaScript kernels in src/core/kernels/kernels.ts, which stay as the fallback
// and the reference every kernel here is tested against. Pointers are byte addresses in this
// module's memory; the JavaScript side (src/core/kernels/wasm-kernels.ts) copies operands in and out.
//
// Why these shapes: each f32x4 lane is one column of C, so a row of B (contiguous) is loaded
// once and multiplied by a broadcast element of A for four rows of C at a time (4×8 block:
// eight accumulators, two loads of B and four broadcasts per step of p). The k dimension is
// cut into blocks of KC so the strip of B a block walks stays in the first-level cache.

const KC: i32 = 256;

@inline function f32at(base: usize, index: i32): f32 {
  return load<f32>(base + (<usize>index << 2));
}

@inline function v128at(base: usize, index: i32): v128 {
  return v128.load(base + (<usize>index << 2));
}

@inline function storeV(base: usize, index: i32, value: v128): void {
  v128.store(base + (<usize>index << 2), value);
}

/**
 * C[m×n] (+)= A·B with a(i, p) = A[i·rsA + p·csA] and b(p, j) = B[p·ldb + j].
 * A row-major [m×k] is (rsA = lda, csA = 1): gemmNN. A stored transposed [k×m] is
 * (rsA = 1, csA = lda): gemmTN, the weight gradients Xᵀ·dY.
 */
export function gemmAB(m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: i32): void {
  for (let p0 = 0; p0 < k || p0 == 0; p0 += KC) {
    const p1 = min(k, p0 + KC);
    const add = accumulate != 0 || p0 > 0;
    const m4 = m & ~3;
    let j = 0;
    for (; j + 8 <= n; j += 8) for (let i = 0; i < m4; i += 4) block4x8(i, j, p0, p1, a, rsA, csA, b, ldb, c, ldc, add);
    for (; j + 4 <= n; j += 4) for (let i = 0; i < m4; i++) block1x4(i, j, p0, p1, a, rsA, csA, b, ldb, c, ldc, add);
    for (; j < n; j++) for (let i = 0; i < m4; i++) dotColumn(i, j, p0, p1, a, rsA, csA, b, ldb, c, ldc, add);
    // the rows left over (all of them for one sequence, m = 1): a row of C sixteen columns at a
    // time, four accumulators per broadcast of A's element, because B is read once and the
    // loads of its rows are what this is bound by
    for (let i = m4; i < m; i++) {
      let jj = 0;
      for (; jj + 16 <= n; jj += 16) block1x16(i, jj, p0, p1, a, rsA, csA, b, ldb, c, ldc, add);
      for (; jj + 8 <= n; jj += 8) block1x8(i, jj, p0, p1, a, rsA, csA, b, ldb, c, ldc, add);
      for (; jj + 4 <= n; jj += 4) block1x4(i, jj, p0, p1, a, rsA, csA, b, ldb, c, ldc, add);
      for (; jj < n; jj++) dotColumn(i, jj, p0, p1, a, rsA, csA, b, ldb, c, ldc, add);
    }
    if (k == 0) break;
  }
}

@inline function block4x8(i: i32, j: i32, p0: i32, p1: i32, a: usize, rsA: i32, csA: i32, b: usize, ldb: i32, c: usize, ldc: i32, add: bool): void {
  const r0 = i * ldc + j;
  const r1 = r0 + ldc;
  const r2 = r1 + ldc;
  const r3 = r2 + ldc;
  const zero = f32x4.splat(0);
  let c00 = add ? v128at(c, r0) : zero;
  let c01 = add ? v128at(c, r0 + 4) : zero;
  let c10 = add ? v128at(c, r1) : zero;
  let c11 = add ? v128at(c, r1 + 4) : zero;
  let c20 = add ? v128at(c, r2) : zero;
  let c21 = add ? v128at(c, r2 + 4) : zero;
  let c30 = add ? v128at(c, r3) : zero;
  let c31 = add ? v128at(c, r3 + 4) : zero;
  let ap = i * rsA + p0 * csA;
  let bp = p0 * ldb + j;
  for (let p = p0; p < p1; p++) {
    const b0 = v128at(b, bp);
    const b1 = v128at(b, bp + 4);
    const a0 = f32x4.splat(f32at(a, ap));
    const a1 = f32x4.splat(f32at(a, ap + rsA));
    const a2 = f32x4.splat(f32at(a, ap + 2 * rsA));
    const a3 = f32x4.splat(f32at(a, ap + 3 * rsA));
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    c10 = f32x4.add(c10, f32x4.mul(a1, b0));
    c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    c20 = f32x4.add(c20, f32x4.mul(a2, b0));
    c21 = f32x4.add(c21, f32x4.mul(a2, b1));
    c30 = f32x4.add(c30, f32x4.mul(a3, b0));
    c31 = f32x4.add(c31, f32x4.mul(a3, b1));
    ap += csA;
    bp += ldb;
  }
  storeV(c, r0, c00);
  storeV(c, r0 + 4, c01);
  storeV(c, r1, c10);
  storeV(c, r1 + 4, c11);
  storeV(c, r2, c20);
  storeV(c, r2 + 4, c21);
  storeV(c, r3, c30);
  storeV(c, r3 + 4, c31);
}

@inline function dotColumn(i: i32, j: i32, p0: i32, p1: i32, a: usize, rsA: i32, csA: i32, b: usize, ldb: i32, c: usize, ldc: i32, add: bool): void {
  let s: f32 = add ? f32at(c, i * ldc + j) : 0;
  for (let p = p0; p < p1; p++) s += f32at(a, i * rsA + p * csA) * f32at(b, p * ldb + j);
  store<f32>(c + (<usize>(i * ldc + j) << 2), s);
}

@inline function block1x16(i: i32, j: i32, p0: i32, p1: i32, a: usize, rsA: i32, csA: i32, b: usize, ldb: i32, c: usize, ldc: i32, add: bool): void {
  const r0 = i * ldc + j;
  const zero = f32x4.splat(0);
  let c0 = add ? v128at(c, r0) : zero;
  let c1 = add ? v128at(c, r0 + 4) : zero;
  let c2 = add ? v128at(c, r0 + 8) : zero;
  let c3 = add ? v128at(c, r0 + 12) : zero;
  let ap = i * rsA + p0 * csA;
  let bp = p0 * ldb + j;
  for (let p = p0; p < p1; p++) {
    const a0 = f32x4.splat(f32at(a, ap));
    c0 = f32x4.add(c0, f32x4.mul(a0, v128at(b, bp)));
    c1 = f32x4.add(c1, f32x4.mul(a0, v128at(b, bp + 4)));
    c2 = f32x4.add(c2, f32x4.mul(a0, v128at(b, bp + 8)));
    c3 = f32x4.add(c3, f32x4.mul(a0, v128at(b, bp + 12)));
    ap += csA;
    bp += ldb;
  }
  storeV(c, r0, c0);
  storeV(c, r0 + 4, c1);
  storeV(c, r0 + 8, c2);
  storeV(c, r0 + 12, c3);
}

@inline function block1x8(i: i32, j: i32, p0: i32, p1: i32, a: usize, rsA: i32, csA: i32, b: usize, ldb: i32, c: usize, ldc: i32, add: bool): void {
  const r0 = i * ldc + j;
  const zero = f32x4.splat(0);
  let c00 = add ? v128at(c, r0) : zero;
  let c01 = add ? v128at(c, r0 + 4) : zero;
  let ap = i * rsA + p0 * csA;
  let bp = p0 * ldb + j;
  for (let p = p0; p < p1; p++) {
    const a0 = f32x4.splat(f32at(a, ap));
    c00 = f32x4.add(c00, f32x4.mul(a0, v128at(b, bp)));
    c01 = f32x4.add(c01, f32x4.mul(a0, v128at(b, bp + 4)));
    ap += csA;
    bp += ldb;
  }
  storeV(c, r0, c00);
  storeV(c, r0 + 4, c01);
}

@inline function block1x4(i: i32, j: i32, p0: i32, p1: i32, a: usize, rsA: i32, csA: i32, b: usize, ldb: i32, c: usize, ldc: i32, add: bool): void {
  const r0 = i * ldc + j;
  let c00 = add ? v128at(c, r0) : f32x4.splat(0);
  let ap = i * rsA + p0 * csA;
  let bp = p0 * ldb + j;
  for (let p = p0; p < p1; p++) {
    c00 = f32x4.add(c00, f32x4.mul(f32x4.splat(f32at(a, ap)), v128at(b, bp)));
    ap += csA;
    bp += ldb;
  }
  storeV(c, r0, c00);
}

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/**
 * C[m×n] (+)= A[m×k]·Bᵀ with B stored [n×k]: input gradients dY·Wᵀ. Both operands are read
 * along p, so each C element is a dot product: 2 rows × 4 columns of C at a time, four lanes
 * of p per step, summed across lanes at the end.
 */
export function gemmNT(m: i32, n: i32, k: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: i32): void {
  const k4 = k & ~3;
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    let j = 0;
    for (; j + 4 <= n; j += 4) dot2x4(i, j, k, k4, a, lda, b, ldb, c, ldc, accumulate != 0);
    for (; j < n; j++) {
      dot1(i, j, k, k4, a, lda, b, ldb, c, ldc, accumulate != 0);
      dot1(i + 1, j, k, k4, a, lda, b, ldb, c, ldc, accumulate != 0);
    }
  }
  for (; i < m; i++) for (let j = 0; j < n; j++) dot1(i, j, k, k4, a, lda, b, ldb, c, ldc, accumulate != 0);
}

@inline function dot2x4(i: i32, j: i32, k: i32, k4: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, add: bool): void {
  const a0 = i * lda;
  const a1 = a0 + lda;
  const b0 = j * ldb;
  const b1 = b0 + ldb;
  const b2 = b1 + ldb;
  const b3 = b2 + ldb;
  let s00 = f32x4.splat(0);
  let s01 = s00,
    s02 = s00,
    s03 = s00,
    s10 = s00,
    s11 = s00,
    s12 = s00,
    s13 = s00;
  for (let p = 0; p < k4; p += 4) {
    const x0 = v128at(a, a0 + p);
    const x1 = v128at(a, a1 + p);
    const y0 = v128at(b, b0 + p);
    const y1 = v128at(b, b1 + p);
    const y2 = v128at(b, b2 + p);
    const y3 = v128at(b, b3 + p);
    s00 = f32x4.add(s00, f32x4.mul(x0, y0));
    s01 = f32x4.add(s01, f32x4.mul(x0, y1));
    s02 = f32x4.add(s02, f32x4.mul(x0, y2));
    s03 = f32x4.add(s03, f32x4.mul(x0, y3));
    s10 = f32x4.add(s10, f32x4.mul(x1, y0));
    s11 = f32x4.add(s11, f32x4.mul(x1, y1));
    s12 = f32x4.add(s12, f32x4.mul(x1, y2));
    s13 = f32x4.add(s13, f32x4.mul(x1, y3));
  }
  let t00 = hsum(s00),
    t01 = hsum(s01),
    t02 = hsum(s02),
    t03 = hsum(s03),
    t10 = hsum(s10),
    t11 = hsum(s11),
    t12 = hsum(s12),
    t13 = hsum(s13);
  for (let p = k4; p < k; p++) {
    const x0 = f32at(a, a0 + p);
    const x1 = f32at(a, a1 + p);
    t00 += x0 * f32at(b, b0 + p);
    t01 += x0 * f32at(b, b1 + p);
    t02 += x0 * f32at(b, b2 + p);
    t03 += x0 * f32at(b, b3 + p);
    t10 += x1 * f32at(b, b0 + p);
    t11 += x1 * f32at(b, b1 + p);
    t12 += x1 * f32at(b, b2 + p);
    t13 += x1 * f32at(b, b3 + p);
  }
  const c0 = i * ldc + j;
  const c1 = c0 + ldc;
  if (add) {
    t00 += f32at(c, c0);
    t01 += f32at(c, c0 + 1);
    t02 += f32at(c, c0 + 2);
    t03 += f32at(c, c0 + 3);
    t10 += f32at(c, c1);
    t11 += f32at(c, c1 + 1);
    t12 += f32at(c, c1 + 2);
    t13 += f32at(c, c1 + 3);
  }
  storeV(c, c0, f32x4(t00, t01, t02, t03));
  storeV(c, c1, f32x4(t10, t11, t12, t13));
}

@inline function dot1(i: i32, j: i32, k: i32, k4: i32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, add: bool): void {
  const a0 = i * lda;
  const b0 = j * ldb;
  let s = f32x4.splat(0);
  for (let p = 0; p < k4; p += 4) s = f32x4.add(s, f32x4.mul(v128at(a, a0 + p), v128at(b, b0 + p)));
  let t = hsum(s);
  for (let p = k4; p < k; p++) t += f32at(a, a0 + p) * f32at(b, b0 + p);
  const at = c + (<usize>(i * ldc + j) << 2);
  store<f32>(at, add ? load<f32>(at) + t : t);
}

// ---------------------------------------------------------------------------------------------
// Recurrent layers: the loop over time of SimpleRNN, GRU and LSTM in one call, with the gates'
// activations four lanes at a time. Writes exactly what the JavaScript step functions write (the
// inspector's cache: h, c, gates, extra), so one engine serves the trace, the verdict and training.

// activation codes, as src/core/kernels/wasm-kernels.ts sends them
const LINEAR = 0;
const SIGMOID = 1;
const HARD_SIGMOID = 2;
const TANH = 3;
const RELU = 4;

// cell codes
const SIMPLE_RNN = 0;
const GRU = 1;
const GRU_RESET_AFTER = 2;
const LSTM = 3;

/** e^x for four lanes: Cephes' expf (range reduction by ln 2, degree-6 polynomial), ~1e-7 relative. */
@inline function exp4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.0)), f32x4.splat(88.0));
  const fx = f32x4.floor(f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), f32x4.splat(0.5)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(0.693359375)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  const z = f32x4.mul(x, x);
  let y = f32x4.splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(y, z), x), f32x4.splat(1.0));
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(fx), i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2n);
}

@inline function activate(code: i32, x: v128): v128 {
  const one = f32x4.splat(1.0);
  if (code == SIGMOID) return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
  if (code == TANH) return f32x4.sub(one, f32x4.div(f32x4.splat(2.0), f32x4.add(exp4(f32x4.add(x, x)), one)));
  if (code == HARD_SIGMOID) return f32x4.min(one, f32x4.max(f32x4.splat(0), f32x4.add(f32x4.mul(x, f32x4.splat(0.2)), f32x4.splat(0.5))));
  if (code == RELU) return f32x4.max(x, f32x4.splat(0));
  return x;
}

/** In place, for the tests: the activation the recurrent kernels use, over n floats (n % 4 == 0). */
export function activateArray(code: i32, x: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) storeV(x, i, activate(code, v128at(x, i)));
}

/**
 * The forward pass of a recurrent layer over T steps of B rows (units u, a multiple of 4).
 * Layouts as in src/core/layers/recurrent.ts: xw [T·B × gu] by position (input projection and
 * input bias), h and c [(T+1)·B × u] by step with h[0] (and c[0]) set, gates [T·B × gu] and
 * extra [T·B × u] by step, mask [T·B] bytes by position (0: padding, the state is carried over;
 * mask = 0 pointer: no padding), recBias the GRU's recurrent bias row (reset_after), temp [B × gu].
 */
export function recurrentForward(
  cell: i32,
  act: i32,
  rec: i32,
  T: i32,
  B: i32,
  u: i32,
  goBackwards: i32,
  xw: usize,
  U: usize,
  recBias: usize,
  mask: usize,
  h: usize,
  c: usize,
  gates: usize,
  extra: usize,
  temp: usize,
): void {
  const blocks = cell == SIMPLE_RNN ? 1 : cell == LSTM ? 4 : 3;
  const gu = blocks * u;
  for (let s = 0; s < T; s++) {
    const t = goBackwards != 0 ? T - 1 - s : s;
    const hPrev = h + (<usize>(s * B * u) << 2);
    const hNext = h + (<usize>((s + 1) * B * u) << 2);
    const x = xw + (<usize>(t * B * gu) << 2);
    const g = gates + (<usize>(s * B * gu) << 2);
    if (cell == SIMPLE_RNN) {
      gemmAB(B, u, u, hPrev, u, 1, U, gu, temp, u, 0);
      for (let i = 0; i < B * u; i += 4) {
        const v = activate(act, f32x4.add(v128at(temp, i), v128at(x, i)));
        storeV(hNext, i, v);
        storeV(g, i, v);
      }
    } else if (cell == GRU) {
      const e = extra + (<usize>(s * B * u) << 2);
      gemmAB(B, 2 * u, u, hPrev, u, 1, U, gu, temp, 2 * u, 0);
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < u; j += 4) {
          const z = activate(rec, f32x4.add(v128at(x, b * gu + j), v128at(temp, b * 2 * u + j)));
          const r = activate(rec, f32x4.add(v128at(x, b * gu + u + j), v128at(temp, b * 2 * u + u + j)));
          storeV(g, b * gu + j, z);
          storeV(g, b * gu + u + j, r);
          storeV(e, b * u + j, f32x4.mul(r, v128at(hPrev, b * u + j)));
        }
      }
      // (r ⊙ h)·Uh: the reset-scaled state times the candidate block of U
      gemmAB(B, u, u, e, u, 1, U + (<usize>(2 * u) << 2), gu, temp, u, 0);
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < u; j += 4) {
          const z = v128at(g, b * gu + j);
          const hh = activate(act, f32x4.add(v128at(x, b * gu + 2 * u + j), v128at(temp, b * u + j)));
          storeV(g, b * gu + 2 * u + j, hh);
          const hp = v128at(hPrev, b * u + j);
          storeV(hNext, b * u + j, f32x4.add(f32x4.mul(z, hp), f32x4.mul(f32x4.sub(f32x4.splat(1.0), z), hh)));
        }
      }
    } else if (cell == GRU_RESET_AFTER) {
      const e = extra + (<usize>(s * B * u) << 2);
      gemmAB(B, gu, u, hPrev, u, 1, U, gu, temp, gu, 0);
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < u; j += 4) {
          const rz = recBias != 0 ? v128at(recBias, j) : f32x4.splat(0);
          const rr = recBias != 0 ? v128at(recBias, u + j) : f32x4.splat(0);
          const rh = recBias != 0 ? v128at(recBias, 2 * u + j) : f32x4.splat(0);
          const z = activate(rec, f32x4.add(f32x4.add(v128at(x, b * gu + j), v128at(temp, b * gu + j)), rz));
          const r = activate(rec, f32x4.add(f32x4.add(v128at(x, b * gu + u + j), v128at(temp, b * gu + u + j)), rr));
          const recH = f32x4.add(v128at(temp, b * gu + 2 * u + j), rh);
          const hh = activate(act, f32x4.add(v128at(x, b * gu + 2 * u + j), f32x4.mul(r, recH)));
          storeV(e, b * u + j, recH);
          const hp = v128at(hPrev, b * u + j);
          storeV(hNext, b * u + j, f32x4.add(f32x4.mul(z, hp), f32x4.mul(f32x4.sub(f32x4.splat(1.0), z), hh)));
          storeV(g, b * gu + j, z);
          storeV(g, b * gu + u + j, r);
          storeV(g, b * gu + 2 * u + j, hh);
        }
      }
    } else {
      const cPrev = c + (<usize>(s * B * u) << 2);
      const cNext = c + (<usize>((s + 1) * B * u) << 2);
      gemmAB(B, gu, u, hPrev, u, 1, U, gu, temp, gu, 0);
      for (let b = 0; b < B; b++) {
        for (let j = 0; j < u; j += 4) {
          const o0 = b * gu + j;
          const i = activate(rec, f32x4.add(v128at(temp, o0), v128at(x, o0)));
          const f = activate(rec, f32x4.add(v128at(temp, o0 + u), v128at(x, o0 + u)));
          const gg = activate(act, f32x4.add(v128at(temp, o0 + 2 * u), v128at(x, o0 + 2 * u)));
          const o = activate(rec, f32x4.add(v128at(temp, o0 + 3 * u), v128at(x, o0 + 3 * u)));
          const cn = f32x4.add(f32x4.mul(f, v128at(cPrev, b * u + j)), f32x4.mul(i, gg));
          storeV(cNext, b * u + j, cn);
          storeV(hNext, b * u + j, f32x4.mul(o, activate(act, cn)));
          storeV(g, o0, i);
          storeV(g, o0 + u, f);
          storeV(g, o0 + 2 * u, gg);
          storeV(g, o0 + 3 * u, o);
        }
      }
    }
    if (mask != 0) {
      // padding: carry the state over unchanged
      for (let b = 0; b < B; b++) {
        if (load<u8>(mask + <usize>(t * B + b)) != 0) continue;
        memory.copy(hNext + (<usize>(b * u) << 2), hPrev + (<usize>(b * u) << 2), <usize>u << 2);
        if (cell == LSTM) memory.copy(c + (<usize>(((s + 1) * B + b) * u) << 2), c + (<usize>((s * B + b) * u) << 2), <usize>u << 2);
      }
    }
  }
}

// The WebAssembly SIMD kernels (src/wasm/kernels.ts) behind the same signatures as the
// JavaScript ones. The module has its own memory, so each call copies its operands in and the
// product out: a copy is one memcpy per operand (a view spans offset .. offset + (rows−1)·ld +
// cols, and the kernel is given the same ld), cheap next to the m·n·k multiply-adds of the
// products that are sent here (kernels.ts keeps small ones in JavaScript).
//
// Weights that never change (a model loaded for inference) are copied once and stay
// ("resident"): keepResident() marks an array, and a change to it must call release(). The
// resident copies are a cache of the JavaScript arrays, which stay the truth: past a budget
// the cache is dropped and refilled on demand.

import { KERNELS_WASM_BASE64 } from './kernels-wasm-binary';
import { MatrixView, view } from './matrix-view';

interface Exports {
  memory: WebAssembly.Memory;
  gemmAB(m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, ldb: number, c: number, ldc: number, accumulate: number): void;
  gemmNT(m: number, n: number, k: number, a: number, lda: number, b: number, ldb: number, c: number, ldc: number, accumulate: number): void;
  activateArray(code: number, x: number, n: number): void;
  recurrentForward(
    cell: number,
    act: number,
    rec: number,
    T: number,
    B: number,
    u: number,
    goBackwards: number,
    xw: number,
    U: number,
    recBias: number,
    mask: number,
    h: number,
    c: number,
    gates: number,
    extra: number,
    temp: number,
  ): void;
}

/** The codes src/wasm/kernels.ts reads for activations and cells. */
export const ACTIVATION_CODES: Readonly<Record<string, number>> = { linear: 0, sigmoid: 1, hard_sigmoid: 2, tanh: 3, relu: 4 };
export type WasmCell = 'simple-rnn' | 'gru' | 'gru-reset-after' | 'lstm';
const CELL_CODES: Record<WasmCell, number> = { 'simple-rnn': 0, gru: 1, 'gru-reset-after': 2, lstm: 3 };

/** One recurrent layer's forward pass, in the layouts of src/core/layers/recurrent.ts. */
export interface RecurrentForwardJob {
  cell: WasmCell;
  activation: string;
  recurrentActivation: string;
  T: number;
  B: number;
  units: number;
  goBackwards: boolean;
  xw: Float32Array;
  recurrentKernel: Float32Array;
  /** GRU reset_after: the recurrent bias row */
  recurrentBias: Float32Array | null;
  /** by position, 0 = padding */
  mask: Uint8Array | null;
  /** [(T+1)·B × u] with h[0] set (filled) */
  h: Float32Array;
  c: Float32Array | null;
  gates: Float32Array;
  extra: Float32Array | null;
}

const PAGE = 65536;
/** bytes of resident weights kept before the cache starts over (the bundled models need ~8 MB) */
const RESIDENT_BUDGET = 64 * 1024 * 1024;

const align16 = (bytes: number) => (bytes + 15) & ~15;

export class WasmKernels {
  private heap: Float32Array;
  /** arrays that may be kept resident (their contents never change while marked) */
  private residentAllowed = new WeakSet<Float32Array>();
  /** byte address of each resident array's copy */
  private resident = new WeakMap<Float32Array, number>();
  private residentEnd = 0;
  /** how many times the resident cache was dropped (addresses from before are stale) */
  private generation = 0;
  /** where this call's scratch copies go (after the resident copies) */
  private scratch = 0;

  private constructor(private readonly exports: Exports) {
    this.heap = new Float32Array(exports.memory.buffer);
  }

  /** null where WebAssembly SIMD is not available (the JavaScript kernels are used then). */
  static create(): WasmKernels | null {
    try {
      // atob, not Buffer: the same code runs in a browser's web worker extension host
      const bytes = Uint8Array.from(atob(KERNELS_WASM_BASE64), (c) => c.charCodeAt(0));
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
      return new WasmKernels(instance.exports as unknown as Exports);
    } catch {
      return null;
    }
  }

  keepResident(array: Float32Array): void {
    this.residentAllowed.add(array);
  }

  release(array: Float32Array): void {
    this.residentAllowed.delete(array);
    this.resident.delete(array);
  }

  /** C[m×n] (+)= A[m×k]·B[k×n] */
  gemmNN(m: number, n: number, k: number, A: MatrixView, B: MatrixView, C: MatrixView, accumulate: boolean): void {
    this.product(m, n, A, [m, k], B, [k, n], C, accumulate, (a, b, c) => this.exports.gemmAB(m, n, k, a, A.ld, 1, b, B.ld, c, C.ld, accumulate ? 1 : 0));
  }

  /** C[m×n] (+)= Aᵀ·B with A stored [k×m], B [k×n] */
  gemmTN(m: number, n: number, k: number, A: MatrixView, B: MatrixView, C: MatrixView, accumulate: boolean): void {
    this.product(m, n, A, [k, m], B, [k, n], C, accumulate, (a, b, c) => this.exports.gemmAB(m, n, k, a, 1, A.ld, b, B.ld, c, C.ld, accumulate ? 1 : 0));
  }

  /** C[m×n] (+)= A[m×k]·Bᵀ with B stored [n×k] */
  gemmNT(m: number, n: number, k: number, A: MatrixView, B: MatrixView, C: MatrixView, accumulate: boolean): void {
    this.product(m, n, A, [m, k], B, [n, k], C, accumulate, (a, b, c) => this.exports.gemmNT(m, n, k, a, A.ld, b, B.ld, c, C.ld, accumulate ? 1 : 0));
  }

  /** Operands in (stored as rows × cols of their views), the kernel, the product out. */
  private product(
    m: number,
    n: number,
    A: MatrixView,
    [aRows, aCols]: [number, number],
    B: MatrixView,
    [bRows, bCols]: [number, number],
    C: MatrixView,
    accumulate: boolean,
    kernel: (a: number, b: number, c: number) => void,
  ): void {
    if (m === 0 || n === 0) return;
    this.begin(A, B);
    const a = this.place(A, aRows, aCols);
    const b = this.place(B, bRows, bCols);
    const c = this.placeOutput(C, m, n, accumulate);
    kernel(a, b, c);
    this.copyOut(C, m, n, c);
  }

  /** In place, as the recurrent kernels activate (tests compare it with the JavaScript activations). */
  activate(activation: string, x: Float32Array): void {
    this.begin();
    const at = this.copyIn(view(x, 0, x.length), 1, x.length);
    this.exports.activateArray(ACTIVATION_CODES[activation], at, x.length & ~3);
    this.copyOut(view(x, 0, x.length), 1, x.length & ~3, at);
  }

  /** Whether recurrentForward takes this layer (units a multiple of 4, known activations). */
  static canRunRecurrent(units: number, activation: string, recurrentActivation: string): boolean {
    return units % 4 === 0 && activation in ACTIVATION_CODES && recurrentActivation in ACTIVATION_CODES;
  }

  recurrentForward(job: RecurrentForwardJob): void {
    const { T, B, units: u } = job;
    const gu = job.gates.length / Math.max(1, T * B);
    this.begin(view(job.recurrentKernel, 0, gu));
    const U = this.place(view(job.recurrentKernel, 0, gu), u, gu);
    const xw = this.copyIn(view(job.xw, 0, gu), T * B, gu);
    const recBias = job.recurrentBias ? this.copyIn(view(job.recurrentBias, 0, gu), 1, gu) : 0;
    let mask = 0;
    if (job.mask) {
      mask = this.scratch;
      this.scratch = align16(mask + job.mask.length);
      this.reserve(this.scratch);
      new Uint8Array(this.exports.memory.buffer, mask, job.mask.length).set(job.mask);
    }
    const h = this.copyIn(view(job.h, 0, u), B, u); // h[0]; the rest is written
    this.scratch = align16(h + job.h.length * 4);
    let c = 0;
    if (job.c) {
      c = this.copyIn(view(job.c, 0, u), B, u);
      this.scratch = align16(c + job.c.length * 4);
    }
    const gates = this.alloc(job.gates.length);
    const extra = job.extra ? this.alloc(job.extra.length) : 0;
    const temp = this.alloc(B * gu);
    this.exports.recurrentForward(
      CELL_CODES[job.cell],
      ACTIVATION_CODES[job.activation],
      ACTIVATION_CODES[job.recurrentActivation],
      T,
      B,
      u,
      job.goBackwards ? 1 : 0,
      xw,
      U,
      recBias,
      mask,
      h,
      c,
      gates,
      extra,
      temp,
    );
    this.copyOut(view(job.h, 0, job.h.length), 1, job.h.length, h);
    if (job.c) this.copyOut(view(job.c, 0, job.c.length), 1, job.c.length, c);
    this.copyOut(view(job.gates, 0, job.gates.length), 1, job.gates.length, gates);
    if (job.extra) this.copyOut(view(job.extra, 0, job.extra.length), 1, job.extra.length, extra);
  }

  private alloc(floats: number): number {
    const at = this.scratch;
    this.scratch = align16(at + floats * 4);
    this.reserve(this.scratch);
    return at;
  }

  private begin(...operands: MatrixView[]): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      const generation = this.generation;
      for (const v of operands) if (this.residentAllowed.has(v.data)) this.makeResident(v.data);
      if (generation === this.generation) break;
    }
    this.scratch = align16(this.residentEnd);
  }

  /** Bytes from `at` on must exist; growing the memory replaces its buffer, so the view is renewed. */
  private reserve(end: number): void {
    const memory = this.exports.memory;
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
    if (this.heap.buffer !== memory.buffer) this.heap = new Float32Array(memory.buffer);
  }

  /** Byte address of the operand's first element in wasm memory: resident, or copied to scratch. */
  private place(v: MatrixView, rows: number, cols: number): number {
    const resident = this.resident.get(v.data);
    return resident !== undefined ? resident + v.offset * 4 : this.copyIn(v, rows, cols);
  }

  private copyIn(v: MatrixView, rows: number, cols: number): number {
    const length = rows > 0 && cols > 0 ? (rows - 1) * v.ld + cols : 0;
    const at = this.scratch;
    this.scratch = align16(at + length * 4);
    this.reserve(this.scratch);
    this.heap.set(v.data.subarray(v.offset, v.offset + length), at / 4);
    return at;
  }

  /** Scratch for the product; its span is copied in when the kernel adds to it or when it has gaps
   *  between rows (other columns of the same array, which the copy back must not overwrite). */
  private placeOutput(v: MatrixView, rows: number, cols: number, accumulate: boolean): number {
    if (accumulate || (v.ld !== cols && rows > 1)) return this.copyIn(v, rows, cols);
    const at = this.scratch;
    this.scratch = align16(at + rows * cols * 4);
    this.reserve(this.scratch);
    return at;
  }

  private copyOut(v: MatrixView, rows: number, cols: number, at: number): void {
    const length = (rows - 1) * v.ld + cols;
    v.data.set(this.heap.subarray(at / 4, at / 4 + length), v.offset);
  }

  private makeResident(array: Float32Array): void {
    if (this.resident.has(array) || array.byteLength > RESIDENT_BUDGET / 2) return;
    if (this.residentEnd + array.byteLength > RESIDENT_BUDGET) {
      this.resident = new WeakMap();
      this.residentEnd = 0;
      this.generation++;
    }
    const at = align16(this.residentEnd);
    this.residentEnd = align16(at + array.byteLength);
    this.reserve(this.residentEnd);
    this.heap.set(array, at / 4);
    this.resident.set(array, at);
  }
}

// A matrix inside a Float32Array, as BLAS passes one: (array, offset, leading dimension), so a
// kernel can read a column block of a larger matrix (GRU's candidate columns) without a copy.

export interface MatrixView {
  data: Float32Array;
  offset: number;
  /** row stride (the "leading dimension") */
  ld: number;
}

export const view = (data: Float32Array, offset: number, ld: number): MatrixView => ({ data, offset, ld });

// The TensorFlow.js layers format on disk: model.json (Keras topology + weightsManifest) and
// binary weight shards, float32 or quantized (uint8/uint16 affine, float16).
//
// Reading and writing are by hand because the engine runs without tfjs, and tfjs's JS API
// cannot write quantized weights (only its Python converter does). The unit tests load what
// this writes with stock tf.loadLayersModel.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { diskReader } from './disk-reader';
import type { ModelFileReader } from './file-reader';

export class ModelFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'ModelFileError';
  }
}

export type Quantization = 'float32' | 'float16' | 'uint16' | 'uint8';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number; original_dtype?: string };
}

export interface WeightsManifestGroup {
  paths: string[];
  weights: WeightSpec[];
}

export interface ModelJson {
  modelTopology: KerasTopology;
  weightsManifest: WeightsManifestGroup[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  userDefinedMetadata?: Record<string, unknown>;
}

export interface KerasLayerJson {
  class_name: string;
  // a Keras layer's config as JSON: each layer's reader checks the keys it uses
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  config: Record<string, any>;
}

export interface KerasTopology {
  class_name: string;
  config: { name?: string; layers: KerasLayerJson[] } | KerasLayerJson[];
  keras_version?: string;
  backend?: string;
}

export interface NamedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

function bytesPerElement(spec: WeightSpec): number {
  const q = spec.quantization?.dtype;
  return q === 'uint8' ? 1 : q === 'uint16' || q === 'float16' ? 2 : 4;
}

function elementCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

// IEEE 754 half -> float; hand-written since Node 20 has no Float16Array.
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function floatToHalf(f: number): number {
  const buf = new DataView(new ArrayBuffer(4));
  buf.setFloat32(0, f);
  const x = buf.getUint32(0);
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  let mant = x & 0x7fffff;
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant = (mant | 0x800000) >> (1 - exp);
    return sign | ((mant + 0x1000) >> 13);
  }
  if (exp >= 31) return sign | 0x7c00;
  const half = sign | (exp << 10) | (mant >> 13);
  return mant & 0x1000 ? half + 1 : half; // round to nearest
}

/** A manifest group's weight entries as the format defines them, before any arithmetic on them. */
function checkSpecs(specs: unknown, file: string): asserts specs is WeightSpec[] {
  if (!Array.isArray(specs)) throw new ModelFileError(file, 'a weightsManifest group has no "weights" list');
  for (const s of specs as Array<Partial<WeightSpec>>) {
    if (!s || typeof s !== 'object' || typeof s.name !== 'string') throw new ModelFileError(file, 'a weight entry has no name');
    if (!Array.isArray(s.shape) || !s.shape.every((d) => Number.isInteger(d) && d >= 0 && d <= 1 << 28))
      throw new ModelFileError(file, `weight ${s.name}: shape ${JSON.stringify(s.shape)} is not a list of sizes`);
    if (elementCount(s.shape) > 1 << 28) throw new ModelFileError(file, `weight ${s.name}: shape ${JSON.stringify(s.shape)} is too large`);
  }
}

/** Decodes the concatenated shard bytes of one manifest group. */
export function decodeWeights(specs: WeightSpec[], bytes: Uint8Array, file: string): NamedWeight[] {
  checkSpecs(specs, file);
  const expected = specs.reduce((n, s) => n + elementCount(s.shape) * bytesPerElement(s), 0);
  if (bytes.byteLength !== expected) {
    const how = bytes.byteLength < expected ? 'truncated' : 'too long';
    throw new ModelFileError(file, `weight data is ${how}: the manifest describes ${expected} bytes, the file has ${bytes.byteLength}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: NamedWeight[] = [];
  let offset = 0;
  for (const spec of specs) {
    const n = elementCount(spec.shape);
    const values = new Float32Array(n);
    const q = spec.quantization;
    if (q?.dtype === 'uint8' || q?.dtype === 'uint16') {
      if (typeof q.scale !== 'number' || typeof q.min !== 'number') throw new ModelFileError(file, `weight ${spec.name}: quantization needs scale and min`);
      for (let i = 0; i < n; i++) {
        const v = q.dtype === 'uint8' ? view.getUint8(offset + i) : view.getUint16(offset + 2 * i, true);
        values[i] = v * q.scale + q.min;
      }
    } else if (q?.dtype === 'float16') {
      for (let i = 0; i < n; i++) values[i] = halfToFloat(view.getUint16(offset + 2 * i, true));
    } else if (spec.dtype === 'int32') {
      for (let i = 0; i < n; i++) values[i] = view.getInt32(offset + 4 * i, true);
    } else if (spec.dtype === 'float32') {
      for (let i = 0; i < n; i++) values[i] = view.getFloat32(offset + 4 * i, true);
    } else {
      throw new ModelFileError(file, `weight ${spec.name}: unsupported dtype ${String(spec.dtype)}`);
    }
    // a NaN or infinite weight would give NaN verdicts ("positive": null) with no word of why
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(values[i])) throw new ModelFileError(file, `weight ${spec.name}: value ${values[i]} at index ${i} is not a finite number`);
    offset += n * bytesPerElement(spec);
    out.push({ name: spec.name, shape: spec.shape, values });
  }
  return out;
}

/** Encodes weights as one shard, optionally quantized (affine per tensor for uint8/uint16). */
export function encodeWeights(weights: NamedWeight[], quantization: Quantization = 'float32'): { specs: WeightSpec[]; bytes: Uint8Array } {
  const specs: WeightSpec[] = [];
  const chunks: Uint8Array[] = [];
  for (const w of weights) {
    const n = w.values.length;
    const spec: WeightSpec = { name: w.name, shape: w.shape, dtype: 'float32' };
    let chunk: Uint8Array;
    if (quantization === 'float32') {
      chunk = new Uint8Array(Float32Array.from(w.values).buffer);
    } else if (quantization === 'float16') {
      const h = new Uint16Array(n);
      for (let i = 0; i < n; i++) h[i] = floatToHalf(w.values[i]);
      chunk = new Uint8Array(h.buffer);
      spec.quantization = { dtype: 'float16' };
    } else {
      let min = Infinity,
        max = -Infinity;
      for (const v of w.values) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const levels = quantization === 'uint8' ? 255 : 65535;
      // like tfjs's converter: make sure 0 stays exactly representable
      min = Math.min(min, 0);
      max = Math.max(max, 0);
      const scale = (max - min) / levels || 1;
      const zero = Math.round(-min / scale);
      min = -zero * scale;
      const q = quantization === 'uint8' ? new Uint8Array(n) : new Uint16Array(n);
      for (let i = 0; i < n; i++) q[i] = Math.max(0, Math.min(levels, Math.round((w.values[i] - min) / scale)));
      chunk = new Uint8Array(q.buffer);
      spec.quantization = { dtype: quantization, scale, min, original_dtype: 'float32' };
    }
    specs.push(spec);
    chunks.push(chunk);
  }
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    bytes.set(c, o);
    o += c.byteLength;
  }
  return { specs, bytes };
}

function readJson(file: string, reader: ModelFileReader = diskReader): unknown {
  let bytes: Uint8Array | null;
  try {
    bytes = reader.read(file);
  } catch (e) {
    throw new ModelFileError(file, `cannot read: ${(e as Error).message}`);
  }
  if (!bytes) throw new ModelFileError(file, 'file is missing');
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new ModelFileError(file, `not valid JSON (${(e as Error).message})`);
  }
}

export function parseModelJson(json: unknown, file: string): ModelJson {
  const m = json as ModelJson;
  if (!m || typeof m !== 'object' || !m.modelTopology) throw new ModelFileError(file, 'has no modelTopology: not a TensorFlow.js layers model');
  if (!Array.isArray(m.weightsManifest)) throw new ModelFileError(file, 'has no weightsManifest');
  return m;
}

/**
 * The weights of one manifest group, its files read from `dir` (the folder of the JSON file that
 * names them, `namedIn`); errors name the file at fault.
 */
export function readWeightGroup(dir: string, group: WeightsManifestGroup, namedIn: string, reader: ModelFileReader = diskReader): NamedWeight[] {
  if (!group || typeof group !== 'object' || !Array.isArray(group.paths) || !group.paths.every((p) => typeof p === 'string'))
    throw new ModelFileError(namedIn, 'a weightsManifest group has no "paths" list of weight files');
  checkSpecs(group.weights, namedIn);
  const parts: Uint8Array[] = [];
  const expected = group.weights.reduce((n, s) => n + elementCount(s.shape) * bytesPerElement(s), 0);
  const modelsFolder = reader.dirname(dir);
  let total = 0;
  for (const p of group.paths) {
    const file = reader.join(dir, p);
    // a weight file is the model's own or in a sibling folder (a shared table), never elsewhere
    if (reader.isAbsolute(p) || !reader.inside(modelsFolder, file)) throw new ModelFileError(namedIn, `weight path "${p}" leaves the models folder`);
    const missing = () => new ModelFileError(file, `weight file is missing (named in ${reader.basename(namedIn)})`);
    try {
      // nor through a link: where it really is must be inside the models folder too, and its size
      // must be what the manifest promises before it is read
      if (reader.size(file) === null) throw missing();
      const real = reader.real(file);
      if (!reader.inside(reader.real(modelsFolder), real)) throw new ModelFileError(file, `is a link to ${real}, outside the models folder`);
      total += reader.size(real) ?? 0;
      if (total > expected) throw new ModelFileError(file, `weight data is too long: the manifest describes ${expected} bytes`);
      const bytes = reader.read(real);
      if (!bytes) throw missing();
      parts.push(bytes);
    } catch (e) {
      if (e instanceof ModelFileError) throw e;
      throw new ModelFileError(file, `cannot read: ${(e as Error).message}`);
    }
  }
  const bytes = new Uint8Array(parts.reduce((n, b) => n + b.byteLength, 0));
  parts.reduce((at, b) => (bytes.set(b, at), at + b.byteLength), 0);
  return decodeWeights(group.weights, bytes, reader.join(dir, group.paths.join('+')));
}

/** Reads model.json and every shard it names; errors name the file at fault. */
export function readModelJsonFile(modelJsonPath: string, reader: ModelFileReader = diskReader): { modelJson: ModelJson; weights: NamedWeight[] } {
  const modelJson = parseModelJson(readJson(modelJsonPath, reader), modelJsonPath);
  const dir = reader.dirname(modelJsonPath);
  const weights = modelJson.weightsManifest.flatMap((group) => readWeightGroup(dir, group, modelJsonPath, reader));
  return { modelJson, weights };
}

/**
 * A shared group and the model's own, the larger file first. Stock tfjs (4.22) reads the weight
 * files of a manifest as the shards its converter writes: all of one size but the last, which may
 * be smaller; it finds a byte's file by dividing by the first file's size, so a larger file after a
 * smaller one is read from the wrong place (test/unit/shared-table.test.ts loads both orders).
 */
function sharded(shared: WeightsManifestGroup, own: WeightsManifestGroup): WeightsManifestGroup[] {
  const size = (g: WeightsManifestGroup) => g.weights.reduce((n, w) => n + elementCount(w.shape) * bytesPerElement(w), 0);
  return size(own) > size(shared) ? [own, shared] : [shared, own];
}

export function writeModelFiles(
  dir: string,
  topology: KerasTopology,
  weights: NamedWeight[],
  quantization: Quantization,
  metadata?: Record<string, unknown>,
  shared?: WeightsManifestGroup,
): { bytes: number } {
  fs.mkdirSync(dir, { recursive: true });
  // weights another folder holds (a table several models share) are named in the manifest with
  // that folder's path, not written again
  const elsewhere = new Set(shared?.weights.map((w) => w.name));
  const { specs, bytes } = encodeWeights(
    weights.filter((w) => !elsewhere.has(w.name)),
    quantization,
  );
  const shard = 'group1-shard1of1.bin';
  const modelJson: ModelJson = {
    format: 'layers-model',
    generatedBy: 'rnn-lens',
    convertedBy: null,
    modelTopology: topology,
    weightsManifest: shared ? sharded(shared, { paths: [shard], weights: specs }) : [{ paths: [shard], weights: specs }],
    ...(metadata ? { userDefinedMetadata: metadata } : {}),
  };
  const json = JSON.stringify(modelJson);
  fs.writeFileSync(path.join(dir, 'model.json'), json);
  fs.writeFileSync(path.join(dir, shard), bytes);
  return { bytes: json.length + bytes.byteLength };
}

export { readJson };

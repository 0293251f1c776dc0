// Builds models in stock TensorFlow.js and hands them to the engine through the same
// layers-format artifacts that model.json files hold: the reference the engine is checked against.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { decodeWeights, encodeWeights, KerasTopology, NamedWeight, Quantization, WeightSpec } from '../../../src/core/model/model-files';
import { SequentialModel } from '../../../src/core/model/model';

export { tf };

export interface Artifacts {
  modelTopology: KerasTopology;
  weightSpecs: WeightSpec[];
  weightData: ArrayBuffer;
}

export async function artifactsOf(model: tf.LayersModel): Promise<Artifacts> {
  let saved: Artifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = {
        modelTopology: a.modelTopology as unknown as KerasTopology,
        weightSpecs: a.weightSpecs as WeightSpec[],
        weightData: a.weightData as ArrayBuffer,
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

export function engineFrom(a: Artifacts): SequentialModel {
  const weights = decodeWeights(a.weightSpecs, new Uint8Array(a.weightData), 'memory');
  return SequentialModel.fromTopology(a.modelTopology, weights);
}

/** Loads engine-written topology + weights into stock tfjs, as tf.loadLayersModel would from disk. */
export async function tfjsFrom(topology: KerasTopology, weights: NamedWeight[], quantization: Quantization = 'float32'): Promise<tf.LayersModel> {
  const { specs, bytes } = encodeWeights(weights, quantization);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: topology as unknown as tf.io.ModelJSON['modelTopology'],
      weightSpecs: specs as tf.io.WeightsManifestEntry[],
      weightData: buffer,
    }),
  );
}

/** Random ids in [1, vocab) with optional trailing padding (0) per row: batch-major [B][T]. */
export function randomIds(B: number, T: number, vocab: number, seed: number, padRows = false): number[][] {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: B }, (_, b) => {
    const len = padRows ? Math.max(1, T - (b % 3)) : T;
    return Array.from({ length: T }, (_, t) => (t < len ? 1 + Math.floor(rand() * (vocab - 1)) : 0));
  });
}

/** Batch-major rows -> the engine's time-major layout. */
export function timeMajor(rows: number[][]): Int32Array {
  const B = rows.length,
    T = rows[0].length;
  const out = new Int32Array(T * B);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) out[t * B + b] = rows[b][t];
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * tf.loadLayersModel over HTTP, as a browser (or the webview) fetches a model folder: tfjs itself
 * joins each weight path (a shared table's "../<table>/embedding.bin" too) to model.json's URL and
 * reads the files as it reads them there; the fetch answers from the folder's parent on disk.
 */
export async function loadTfjsModelDir(dir: string): Promise<tf.LayersModel> {
  const root = path.dirname(path.resolve(dir));
  return tf.loadLayersModel(
    tf.io.http(`http://models.test/${path.basename(dir)}/model.json`, {
      fetchFunc: async (url: string | URL | Request) =>
        new Response(fs.readFileSync(path.join(root, decodeURIComponent(new URL(url instanceof Request ? url.url : url).pathname)))),
    }),
  );
}

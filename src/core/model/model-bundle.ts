// A bundled model: a folder with model.json + weights (TensorFlow.js layers format), the
// vocabulary (vocab.json: array of words, index = id) and a model card (card.json).

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CellClassName } from '../layers/cells';
import { SequentialModel } from './model';
import {
  encodeWeights,
  ModelFileError,
  Quantization,
  readJson,
  readModelJsonFile,
  readWeightGroup,
  WeightsManifestGroup,
  writeModelFiles,
} from './model-files';
import { Vocabulary } from '../text/vocabulary';
import { TOKENIZERS } from '../text/model-tokenizer';
import { memoryOf, type MemoryFile, type WordMemory } from './word-memory';
import { diskReader } from './disk-reader';
import type { ModelFileReader } from './file-reader';
export type { WordMemory };

export type Task = 'sentiment' | 'language-model';

export interface ModelCard {
  id: string;
  task: Task;
  cell: CellClassName;
  bidirectional: boolean;
  /** this task's default model */
  default?: boolean;
  description: string;
  architecture: string;
  parameters: number;
  /** bytes on disk: model.json + weights + vocab.json */
  bytes: number;
  quantization: string;
  data: string;
  tokenization: string;
  metrics: Record<string, unknown>;
  training: Record<string, unknown>;
  reproduce: string;
  /** where the initial word vectors came from, when not random */
  embeddingsFrom?: string;
  /** a model trained on the user's text: the model it started from */
  fineTunedFrom?: string;
  /** the name the user gave it (Manage Trained Models renames it) */
  name?: string;
  /** how text is cut into tokens (model-tokenizer.ts); absent: "ptb-1", src/core/text/tokenizer.ts */
  tokenizer?: string;
  /**
   * the folder beside this one whose word table (vocab.json + embedding rows) this model shares
   * with others; its model.json names those rows by that folder's path. Absent: its own.
   */
  embeddingTable?: string;
  /** language models: ghost text as calibrated for this model on dev (completion-defaults.ts minProbabilityFor) */
  completion?: {
    minProbability: number;
    /** the document cache's share and its pairs' share where they were tuned for this model (the Korean one) */
    cacheWeight?: number;
    pairShare?: number;
  };
  /** sentiment models: the band around 0.5 where the model says it is unsure (npm run eval:unsure, unsure.ts) */
  calibration?: { unsureBelow: number; [measured: string]: number | string };
}

/** A model for each language (sentiment routes sentences by it); without a Korean one everything is read by the English one. */
export interface SentimentModels<M = LoadedModel> {
  en: M;
  ko?: M;
}

export interface LoadedModel {
  card: ModelCard;
  vocabulary: Vocabulary;
  model: SequentialModel;
  dir: string;
  /** language models: how words are usually written ("react" → "React"), from casing.json if the model has one */
  casing?: ReadonlyMap<string, string>;
  /** language models trained on the user's text: the counts of that text, from memory.json */
  memory?: WordMemory;
}

export function readCard(dir: string, reader: ModelFileReader = diskReader): ModelCard {
  const file = reader.join(dir, 'card.json');
  const card = readJson(file, reader) as ModelCard;
  for (const key of ['id', 'task', 'cell'] as const) {
    if (typeof card?.[key] !== 'string') throw new ModelFileError(file, `model card has no "${key}"`);
  }
  if (card.task !== 'sentiment' && card.task !== 'language-model') throw new ModelFileError(file, `unknown task "${card.task}"`);
  if (card.tokenizer !== undefined && !(TOKENIZERS as readonly string[]).includes(card.tokenizer))
    throw new ModelFileError(file, `unknown tokenizer "${card.tokenizer}" (this version reads ${TOKENIZERS.join(', ')})`);
  return card;
}

/** `inflections`: see Vocabulary (on for sentiment models). */
/** The largest vocab.json read: a 32,000-word vocabulary is ~300 KB; 16 MB is ~1.5M words. */
export const VOCABULARY_FILE_LIMIT = 16 * 1024 * 1024;

export function readVocabulary(dir: string, options: { inflections?: boolean } = {}, reader: ModelFileReader = diskReader): Vocabulary {
  const file = reader.join(dir, 'vocab.json');
  // refused from its size before it is parsed (a 10M-word file took 12 s and 1.7 GB)
  const size = reader.size(file) ?? 0;
  if (size > VOCABULARY_FILE_LIMIT)
    throw new ModelFileError(
      file,
      `is ${(size / 1024 / 1024).toFixed(0)} MB: larger than any vocabulary a model here can use (${VOCABULARY_FILE_LIMIT / 1024 / 1024} MB)`,
    );
  const words = readJson(file, reader);
  if (!Array.isArray(words) || !words.every((w) => typeof w === 'string')) throw new ModelFileError(file, 'vocabulary must be a JSON array of strings');
  try {
    return new Vocabulary(words, options);
  } catch (e) {
    throw new ModelFileError(file, (e as Error).message);
  }
}

/** The folder holding a model's vocab.json: its own, or the shared table's it names. */
export function vocabularyDir(dir: string, card: ModelCard, reader: ModelFileReader = diskReader): string {
  if (card.embeddingTable === undefined) return dir;
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(card.embeddingTable))
    throw new ModelFileError(reader.join(dir, 'card.json'), `embeddingTable "${card.embeddingTable}" is not a folder name`);
  return reader.join(reader.dirname(dir), card.embeddingTable);
}

/** A model's vocabulary, from its own folder or the table it shares. */
export function modelVocabulary(dir: string, card: ModelCard, reader: ModelFileReader = diskReader): Vocabulary {
  return readVocabulary(vocabularyDir(dir, card, reader), { inflections: card.task === 'sentiment' && card.tokenizer === undefined }, reader);
}

/** A model folder read whole and checked: card, vocabulary, topology and weights, casing and memory. */
export function loadModelDir(dir: string, reader: ModelFileReader = diskReader): LoadedModel {
  const card = readCard(dir, reader);
  const vocabulary = modelVocabulary(dir, card, reader);
  const modelFile = reader.join(dir, 'model.json');
  const { modelJson, weights } = readModelJsonFile(modelFile, reader);
  let model: SequentialModel;
  try {
    model = SequentialModel.fromTopology(modelJson.modelTopology, weights, modelFile);
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    throw new ModelFileError(modelFile, (e as Error).message);
  }
  if (model.embedding.inputDim !== vocabulary.size) {
    throw new ModelFileError(
      reader.join(vocabularyDir(dir, card, reader), 'vocab.json'),
      `has ${vocabulary.size} words but the model's Embedding expects ${model.embedding.inputDim}`,
    );
  }
  const casingFile = reader.join(dir, 'casing.json');
  const casing = reader.size(casingFile) !== null ? (readJson(casingFile, reader) as Record<string, string>) : undefined;
  if (
    casing !== undefined &&
    (typeof casing !== 'object' || casing === null || Array.isArray(casing) || Object.values(casing).some((v) => typeof v !== 'string'))
  )
    throw new ModelFileError(casingFile, 'must be an object of words to how they are written');
  const memoryFile = reader.join(dir, 'memory.json');
  const memory = reader.size(memoryFile) !== null ? (readJson(memoryFile, reader) as MemoryFile) : undefined;
  if (
    memory !== undefined &&
    (memory?.version !== 1 || typeof memory.words !== 'object' || typeof memory.pairs !== 'object' || typeof memory.total !== 'number')
  )
    throw new ModelFileError(memoryFile, 'must be a version 1 word memory: {"version": 1, "total", "words", "pairs"}');
  // a Map, not the object: a word like "constructor" must not find Object.prototype's
  return {
    card,
    vocabulary,
    model,
    dir,
    ...(casing ? { casing: new Map(Object.entries(casing)) } : {}),
    ...(memory ? { memory: memoryOf(memory) } : {}),
  };
}

export function directoryBytes(dir: string): number {
  return fs
    .readdirSync(dir)
    .filter((f) => f !== 'card.json')
    .reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
}

/**
 * Every model folder under root (a folder with a card.json), with its card. Cards only: cheap.
 * `skipBroken`: a folder whose card cannot be read is left out and told to it (folders of trained
 * models, which a crash or a hand may have damaged), instead of failing the whole list.
 */
export function listModels(
  root: string,
  skipBroken?: (dir: string, e: Error) => void,
  reader: ModelFileReader = diskReader,
): Array<{ dir: string; card: ModelCard }> {
  const entries = reader.list(root) ?? [];
  // a link is not followed (it may loop, or lead out of the folder), and is said, not passed over
  for (const d of entries)
    if (d.kind === 'link' && !d.name.startsWith('.'))
      skipBroken?.(reader.join(root, d.name), new Error('is a link: a model folder is read where it is, not through a link'));
  return (
    entries
      // a dot-folder is a training being written (trained-models.ts): not a model yet
      .filter((d) => d.kind === 'folder' && !d.name.startsWith('.') && reader.size(reader.join(reader.join(root, d.name), 'card.json')) !== null)
      .flatMap((d) => {
        const dir = reader.join(root, d.name);
        try {
          return [{ dir, card: readCard(dir, reader) }];
        } catch (e) {
          if (!skipBroken) throw e;
          skipBroken(dir, e as Error);
          return [];
        }
      })
      .sort((a, b) => a.card.id.localeCompare(b.card.id))
  );
}

/**
 * Writes model.json + weights, vocab.json and card.json; fills in the card's parameters and bytes.
 * With a `table`, the model's embedding must be that table's rows: model.json names them in the
 * table's folder, and the vocabulary is the table's (no vocab.json of its own).
 */
export function writeModelDir(
  dir: string,
  model: SequentialModel,
  vocabulary: Vocabulary,
  card: ModelCard,
  quantization: Quantization,
  table?: EmbeddingTable,
): ModelCard {
  let shared: WeightsManifestGroup | undefined;
  if (table) {
    const rows = model.embedding.embeddings.value;
    if (rows.length !== table.values.length || rows.some((v, i) => v !== table.values[i]))
      throw new Error(`${card.id}: its embedding is not the rows of the table ${table.name}, so it cannot share them`);
    // the card names the table by its folder's name, so it must be this folder's sibling
    if (path.resolve(path.dirname(table.dir)) !== path.resolve(path.dirname(dir)))
      throw new Error(`${card.id}: the table ${table.dir} must be beside ${dir} for the model to share it`);
    shared = { paths: table.group.paths.map((p) => `../${table.name}/${p}`), weights: table.group.weights };
  }
  writeModelFiles(dir, model.topology(card.id.replace(/[^a-z0-9_]/gi, '_')), model.namedWeights(), quantization, undefined, shared);
  if (!table) fs.writeFileSync(path.join(dir, 'vocab.json'), JSON.stringify(vocabulary.words));
  else fs.rmSync(path.join(dir, 'vocab.json'), { force: true });
  const full: ModelCard = { ...card, embeddingTable: table?.name, parameters: model.parameterCount, bytes: directoryBytes(dir), quantization };
  writeCard(dir, full);
  return full;
}

/**
 * A word table several models share: models/<name>/ with vocab.json (the words, index = row),
 * embedding.bin (the rows, quantized like any weight) and table.json (the manifest entry each
 * model.json repeats, and where the rows came from). No card.json: it is not a model.
 */
export interface EmbeddingTable {
  name: string;
  dir: string;
  vocabulary: Vocabulary;
  /** rows × dim, exactly what a model loading the table reads (quantized and back) */
  values: Float32Array;
  dim: number;
  /** the manifest group, its paths relative to the table's folder */
  group: WeightsManifestGroup;
}

const TABLE_WEIGHT = 'embedding/embeddings';
const TABLE_FILE = 'embedding.bin';

export function readEmbeddingTable(dir: string, reader: ModelFileReader = diskReader): EmbeddingTable {
  const file = reader.join(dir, 'table.json');
  const about = readJson(file, reader) as { group?: WeightsManifestGroup };
  const spec = about?.group?.weights?.[0];
  if (!spec || spec.shape?.length !== 2 || !Array.isArray(about.group?.paths)) throw new ModelFileError(file, 'must name one 2-D weight and its file');
  const vocabulary = readVocabulary(dir, { inflections: true }, reader);
  if (spec.shape[0] !== vocabulary.size) throw new ModelFileError(file, `has ${spec.shape[0]} rows, vocab.json ${vocabulary.size} words`);
  const [w] = readWeightGroup(dir, { paths: about.group!.paths, weights: [spec] }, file, reader);
  return { name: reader.basename(dir), dir, vocabulary, values: w.values, dim: spec.shape[1], group: about.group! };
}

/** Writes a shared table (rows quantized as given) and returns it as models will read it. */
export function writeEmbeddingTable(
  dir: string,
  words: readonly string[],
  rows: Float32Array,
  quantization: Quantization,
  about: Record<string, unknown>,
): EmbeddingTable {
  const dim = rows.length / words.length;
  if (!Number.isInteger(dim)) throw new Error(`${rows.length} values do not make ${words.length} rows`);
  fs.mkdirSync(dir, { recursive: true });
  const { specs, bytes } = encodeWeights([{ name: TABLE_WEIGHT, shape: [words.length, dim], values: rows }], quantization);
  fs.writeFileSync(path.join(dir, TABLE_FILE), bytes);
  fs.writeFileSync(path.join(dir, 'vocab.json'), JSON.stringify(words));
  fs.writeFileSync(path.join(dir, 'table.json'), JSON.stringify({ ...about, group: { paths: [TABLE_FILE], weights: specs } }, null, 2) + '\n');
  return readEmbeddingTable(dir);
}

export function writeCard(dir: string, card: ModelCard): void {
  fs.writeFileSync(path.join(dir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
}

// A bundled model: a folder with model.json + weights (TensorFlow.js layers format), the
// vocabulary (vocab.json: array of words, index = id) and a model card (card.json).

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CellClassName } from './layers/cells';
import { SequentialModel } from './model';
import { ModelFileError, Quantization, readJson, readModelJsonFile, writeModelFiles } from './model-files';
import { Vocabulary } from './vocabulary';
import { TOKENIZERS } from './model-tokenizer';
import { memoryOf, type MemoryFile, type WordMemory } from './training/memory';
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
  /** how text is cut into tokens (model-tokenizer.ts); absent: "ptb-1", src/core/tokenizer.ts */
  tokenizer?: string;
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

export function readCard(dir: string): ModelCard {
  const file = path.join(dir, 'card.json');
  const card = readJson(file) as ModelCard;
  for (const key of ['id', 'task', 'cell'] as const) {
    if (typeof card?.[key] !== 'string') throw new ModelFileError(file, `model card has no "${key}"`);
  }
  if (card.task !== 'sentiment' && card.task !== 'language-model') throw new ModelFileError(file, `unknown task "${card.task}"`);
  if (card.tokenizer !== undefined && !(TOKENIZERS as readonly string[]).includes(card.tokenizer))
    throw new ModelFileError(file, `unknown tokenizer "${card.tokenizer}" (this version reads ${TOKENIZERS.join(', ')})`);
  return card;
}

/** `inflections`: see Vocabulary (on for sentiment models). */
export function readVocabulary(dir: string, options: { inflections?: boolean } = {}): Vocabulary {
  const file = path.join(dir, 'vocab.json');
  const words = readJson(file);
  if (!Array.isArray(words) || !words.every((w) => typeof w === 'string')) throw new ModelFileError(file, 'vocabulary must be a JSON array of strings');
  try {
    return new Vocabulary(words, options);
  } catch (e) {
    throw new ModelFileError(file, (e as Error).message);
  }
}

export function loadModelDir(dir: string): LoadedModel {
  const card = readCard(dir);
  const vocabulary = readVocabulary(dir, { inflections: card.task === 'sentiment' && card.tokenizer === undefined });
  const modelFile = path.join(dir, 'model.json');
  const { modelJson, weights } = readModelJsonFile(modelFile);
  let model: SequentialModel;
  try {
    model = SequentialModel.fromTopology(modelJson.modelTopology, weights, modelFile);
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    throw new ModelFileError(modelFile, (e as Error).message);
  }
  if (model.embedding.inputDim !== vocabulary.size) {
    throw new ModelFileError(path.join(dir, 'vocab.json'), `has ${vocabulary.size} words but the model's Embedding expects ${model.embedding.inputDim}`);
  }
  const casingFile = path.join(dir, 'casing.json');
  const casing = fs.existsSync(casingFile) ? (readJson(casingFile) as Record<string, string>) : undefined;
  if (
    casing !== undefined &&
    (typeof casing !== 'object' || casing === null || Array.isArray(casing) || Object.values(casing).some((v) => typeof v !== 'string'))
  )
    throw new ModelFileError(casingFile, 'must be an object of words to how they are written');
  const memoryFile = path.join(dir, 'memory.json');
  const memory = fs.existsSync(memoryFile) ? (readJson(memoryFile) as MemoryFile) : undefined;
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
export function listModels(root: string, skipBroken?: (dir: string, e: Error) => void): Array<{ dir: string; card: ModelCard }> {
  if (!fs.existsSync(root)) return [];
  return (
    fs
      .readdirSync(root, { withFileTypes: true })
      // a dot-folder is a training being written (trained-models.ts): not a model yet
      .filter((d) => d.isDirectory() && !d.name.startsWith('.') && fs.existsSync(path.join(root, d.name, 'card.json')))
      .flatMap((d) => {
        const dir = path.join(root, d.name);
        try {
          return [{ dir, card: readCard(dir) }];
        } catch (e) {
          if (!skipBroken) throw e;
          skipBroken(dir, e as Error);
          return [];
        }
      })
      .sort((a, b) => a.card.id.localeCompare(b.card.id))
  );
}

/** Writes model.json + weights, vocab.json and card.json; fills in the card's parameters and bytes. */
export function writeModelDir(dir: string, model: SequentialModel, vocabulary: Vocabulary, card: ModelCard, quantization: Quantization): ModelCard {
  writeModelFiles(dir, model.topology(card.id.replace(/[^a-z0-9_]/gi, '_')), model.namedWeights(), quantization);
  fs.writeFileSync(path.join(dir, 'vocab.json'), JSON.stringify(vocabulary.words));
  const full: ModelCard = { ...card, parameters: model.parameterCount, bytes: directoryBytes(dir), quantization };
  writeCard(dir, full);
  return full;
}

export function writeCard(dir: string, card: ModelCard): void {
  fs.writeFileSync(path.join(dir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
}

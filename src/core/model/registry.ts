// The bundled models: cards are listed cheaply; a model's weights are read on first use and
// kept. A broken model folder fails on its own, with an error naming the file.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { keepResident } from '../kernels/kernels';
import { listModels, loadModelDir, LoadedModel, ModelCard, Task } from './model-bundle';
import { diskReader } from './disk-reader';
import type { ModelFileReader } from './file-reader';
import { languageOf } from '../text/model-tokenizer';
import type { SentimentModels } from './model-bundle';
import type { Language } from '../text/model-tokenizer';

export class ModelRegistry {
  private cards: Array<{ dir: string; card: ModelCard }> | null = null;
  private readonly loaded = new Map<string, LoadedModel>();
  /** every folder read, the primary first: its defaults.json and its cards win */
  readonly roots: string[];

  /**
   * `root`: the primary folder (the bundled models, or `--models DIR`). `more`: folders of trained
   * models (the extension's global and workspace storage), listed after it.
   */
  constructor(
    readonly root: string,
    more: string[] = [],
    /** told about a model folder that cannot be read, which is then left out of the list; without
     *  it a broken folder among the primary's fails the list (folders of `more` are always skipped) */
    private readonly onBroken?: (dir: string, e: Error) => void,
    /** where the files come from (a browser host: files fetched from the extension's URI) */
    private readonly reader: ModelFileReader = diskReader,
  ) {
    this.roots = [root, ...more];
  }

  private entries(): Array<{ dir: string; card: ModelCard }> {
    if (!this.cards) {
      const seen = new Set<string>();
      this.cards = this.roots
        .flatMap((r, i) => listModels(r, i ? (this.onBroken ?? (() => {})) : this.onBroken, this.reader))
        .filter((e) => !seen.has(e.card.id) && seen.add(e.card.id));
    }
    return this.cards;
  }

  list(): ModelCard[] {
    return this.entries().map((c) => c.card);
  }

  /** Reads the folders again (a model was trained, renamed or deleted); models still there stay loaded. */
  refresh(): void {
    this.cards = null;
    const dirs = new Set(this.entries().map((e) => e.dir));
    for (const [id, m] of this.loaded) if (!dirs.has(m.dir) || this.dirOf(id) !== m.dir) this.loaded.delete(id);
  }

  /**
   * The task's default for a language: the primary folder's defaults.json ("sentiment", or
   * "sentiment:ko" for Korean), else the card marked default, else the first of the task in that
   * language. English is the default language; a folder without English models gives any of the task.
   */
  defaultId(task: Task, language: Language = 'en'): string {
    const id = this.defaultIfAny(task, language) ?? (language === 'en' ? this.list().find((c) => c.task === task)?.id : undefined);
    if (!id) throw new Error(`no ${language === 'ko' ? 'Korean ' : ''}${task} model in ${this.roots.join(', ')}`);
    return id;
  }

  /** The default for a language, or undefined when no model of the task reads it (no Korean model here). */
  defaultIfAny(task: Task, language: Language = 'en'): string | undefined {
    const cards = this.list().filter((c) => c.task === task && languageOf(c) === language);
    const chosen = readDefaults(this.root, this.reader)[language === 'en' ? task : `${task}:${language}`];
    return (cards.find((c) => c.id === chosen) ?? cards.find((c) => c.default) ?? cards[0])?.id;
  }

  card(id: string): ModelCard {
    const card = this.list().find((c) => c.id === id);
    if (!card)
      throw new Error(
        `unknown model "${id}"; available: ${
          this.list()
            .map((c) => c.id)
            .join(', ') || 'none'
        }`,
      );
    return card;
  }

  /** The folder a model is read from. */
  dirOf(id: string): string {
    this.card(id);
    return this.entries().find((c) => c.card.id === id)!.dir;
  }

  /** the models whose weights have been read so far (activation reads none) */
  loadedIds(): string[] {
    return [...this.loaded.keys()];
  }

  load(id: string): LoadedModel {
    const hit = this.loaded.get(id);
    if (hit) return hit;
    const model = loadModelDir(this.dirOf(id), this.reader);
    // loaded for inference: its weights never change, so the wasm kernels may keep a copy
    keepResident(model.model.params.map((p) => p.value));
    this.loaded.set(id, model);
    return model;
  }

  /** The default sentiment model of each language there is one for: routing.ts sends each sentence to its language's. */
  sentimentModels(): SentimentModels {
    const ko = this.defaultIfAny('sentiment', 'ko');
    return { en: this.loadFor('sentiment'), ...(ko ? { ko: this.loadFor('sentiment', ko) } : {}) };
  }

  loadFor(task: Task, id?: string): LoadedModel {
    const model = this.load(id ?? this.defaultId(task));
    if (model.card.task !== task) throw new Error(`model "${model.card.id}" is a ${model.card.task} model, not a ${task} model`);
    return model;
  }
}

/** A models folder's defaults.json: which model each task uses when none is named (written by `--out DIR`). */
export function readDefaults(root: string, reader: ModelFileReader = diskReader): Partial<Record<string, string>> {
  try {
    const value = JSON.parse(new TextDecoder().decode(reader.read(reader.join(root, 'defaults.json')) ?? new Uint8Array())) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Partial<Record<string, string>>) : {};
  } catch {
    return {};
  }
}

/** models/ beside the package: found upwards from this file (src/core, dist/) or from RNN_LENS_MODELS. */
export function defaultModelsRoot(from = __dirname): string {
  if (process.env.RNN_LENS_MODELS) return path.resolve(process.env.RNN_LENS_MODELS);
  let dir = from;
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'models')) && fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'models');
    dir = path.dirname(dir);
  }
  return path.resolve(from, '..', 'models');
}

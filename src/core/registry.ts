// The bundled models: cards are listed cheaply; a model's weights are read on first use and
// kept. A broken model folder fails on its own, with an error naming the file.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { keepResident } from './kernels';
import { listModels, loadModelDir, LoadedModel, ModelCard, Task } from './model-bundle';

export class ModelRegistry {
  private cards: Array<{ dir: string; card: ModelCard }> | null = null;
  private readonly loaded = new Map<string, LoadedModel>();

  constructor(readonly root: string) {}

  list(): ModelCard[] {
    this.cards ??= listModels(this.root);
    return this.cards.map((c) => c.card);
  }

  /** The task's default: the card marked default, else the first of the task. */
  defaultId(task: Task): string {
    const cards = this.list().filter((c) => c.task === task);
    const id = (cards.find((c) => c.default) ?? cards[0])?.id;
    if (!id) throw new Error(`no ${task} model in ${this.root}`);
    return id;
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

  load(id: string): LoadedModel {
    const hit = this.loaded.get(id);
    if (hit) return hit;
    this.card(id);
    const dir = this.cards!.find((c) => c.card.id === id)!.dir;
    const model = loadModelDir(dir);
    // loaded for inference: its weights never change, so the wasm kernels may keep a copy
    keepResident(model.model.params.map((p) => p.value));
    this.loaded.set(id, model);
    return model;
  }

  loadFor(task: Task, id?: string): LoadedModel {
    const model = this.load(id ?? this.defaultId(task));
    if (model.card.task !== task) throw new Error(`model "${model.card.id}" is a ${model.card.task} model, not a ${task} model`);
    return model;
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

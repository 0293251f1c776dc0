// Models trained on the user's text, in a folder of their own (`--out DIR`, the extension's global
// or workspace storage). A model is written into a dot-folder beside its final place and renamed
// into it when complete: a cancelled training, a crash or a reload mid-write leaves no model
// folder, only a dot-folder that listing ignores and the next save sweeps away.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ModelCard, readCard, writeCard } from './model-bundle';
import { languageOf } from '../text/model-tokenizer';
import { readDefaults } from './registry';

const STAGING = '.training-';

/**
 * An id not yet used in root: the name's letters and digits in lower case, dashes between, then
 * -2, -3… if taken. Accents go ("Café" → "cafe"); other scripts stay ("리뷰 메모" → "리뷰-메모"):
 * the id names a folder, a setting's value and `--model`, all of which take any letter.
 */
export function freeId(root: string, name: string, taken: (id: string) => boolean = () => false): string {
  const base =
    [
      ...name
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        // Hangul came apart into jamo: back into syllables
        .normalize('NFC')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, '-')
        .replace(/^-+|-+$/g, ''),
    ]
      .slice(0, 40)
      .join('')
      .replace(/-+$/, '') || 'my-model';
  let id = base;
  for (let n = 2; fs.existsSync(path.join(root, id)) || taken(id); n++) id = `${base}-${n}`;
  return id;
}

/** Removes dot-folders that trainings left behind (killed, or the editor reloaded mid-write). */
export function sweepStaging(root: string, olderThanMs = 0): void {
  if (!fs.existsSync(root)) return;
  for (const d of fs.readdirSync(root, { withFileTypes: true })) {
    if (!d.isDirectory() || !d.name.startsWith(STAGING)) continue;
    const dir = path.join(root, d.name);
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs >= olderThanMs) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // another process's training may be writing it right now: leave it
    }
  }
}

/**
 * Writes a model with `write(dir)` into a staging folder, then renames it to root/id. Throws (and
 * leaves nothing) if writing fails; an existing root/id is not replaced.
 */
export function saveTrainedModel(root: string, id: string, write: (dir: string) => void): string {
  let staging: string;
  const final = path.join(root, id);
  try {
    fs.mkdirSync(root, { recursive: true });
    sweepStaging(root, 24 * 3600 * 1000);
    if (fs.existsSync(final)) throw new Error(`${final} already exists`);
    staging = fs.mkdtempSync(path.join(root, `${STAGING}${id}-`));
    // mkdtemp makes it private (0700); a model folder is as readable as any other file the user writes
    fs.chmodSync(staging, 0o755);
  } catch (e) {
    throw new Error(`cannot write the model to ${root}: ${(e as Error).message}`);
  }
  try {
    write(staging);
    fs.renameSync(staging, final);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  return final;
}

/** The key of defaults.json a model is the default under: its task, or "sentiment:ko" for a Korean sentiment model. */
export function defaultsKey(card: Pick<ModelCard, 'task' | 'tokenizer'>): string {
  return card.task === 'sentiment' && languageOf(card) === 'ko' ? 'sentiment:ko' : card.task;
}

/** Makes `id` root's default under `key` (a task, or defaultsKey(card)): `rnn-lens … --models root` without --model uses it. */
export function setDefault(root: string, key: string, id: string | undefined): void {
  const defaults = readDefaults(root);
  if (id) defaults[key] = id;
  else delete defaults[key];
  const file = path.join(root, 'defaults.json');
  const staging = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(staging, JSON.stringify(defaults, null, 2) + '\n');
  fs.renameSync(staging, file);
}

/** Gives a trained model another name (its id, and so the settings that point at it, stay). */
export function renameTrainedModel(root: string, id: string, name: string): void {
  const dir = path.join(root, id);
  const card = readCard(dir);
  writeCard(dir, { ...card, name: name.trim() || card.name });
}

/** Deletes a trained model's folder; root's defaults stop pointing at it. */
export function deleteTrainedModel(root: string, id: string): void {
  const dir = path.join(root, id);
  const card = readCard(dir);
  // renamed away first, so a half-deleted folder is never listed as a model
  const doomed = path.join(root, `${STAGING}deleted-${id}-${process.pid}`);
  fs.renameSync(dir, doomed);
  fs.rmSync(doomed, { recursive: true, force: true });
  if (readDefaults(root)[defaultsKey(card)] === id) setDefault(root, defaultsKey(card), undefined);
}

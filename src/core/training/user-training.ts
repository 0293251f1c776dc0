// Training on the user's own text, start to finish, for both the `rnn-lens train-lm` /
// `train-sentiment` commands and the extension's training worker: read what to learn from, fine-tune
// the base model, and save the result in TensorFlow.js layers format with a card that records
// counts and measures, never the text (written whole or not at all: trained-models.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadModelDir, ModelCard, Task, writeCard, directoryBytes, writeModelDir } from '../model/model-bundle';
import { defaultsKey, freeId, saveTrainedModel, setDefault } from '../model/trained-models';
import { FineTuneLmOptions, fineTuneLanguageModel, FineTuneProgress, fineTunedCard, FineTuneLmResult } from './fine-tune-lm';
import { FineTuneSentimentOptions, fineTuneSentiment, fineTunedSentimentCard, FineTuneSentimentResult, SentimentTuneProgress } from './fine-tune-sentiment';
import { describeSkipped, LabelledFile, readLabelledText, type SkippedRows } from './labelled-file';
import { corpusDocument, tokenCount } from './text-corpus';
import { expandPaths, readTextFiles, SkippedFile, TEXT_EXTENSIONS } from './text-files';
import { fill, inEnglish, say, type Message } from '../messages';
import { languageOf } from '../text/model-tokenizer';
import { TRAINING_MESSAGES } from './training-messages';

export interface TrainingTarget {
  /** the model to start from (a model folder) */
  baseDir: string;
  /** where the trained model's folder goes */
  outRoot: string;
  /** what the user calls it (the id is made from it) */
  name?: string;
  /** ids that are taken elsewhere (the bundled models, when saving beside them in the extension) */
  taken?: (id: string) => boolean;
  /** make it outRoot's default for its task (defaults.json) */
  makeDefault?: boolean;
}

export interface LmTrainingRequest extends TrainingTarget {
  files: string[];
  options?: Partial<FineTuneLmOptions>;
}

export interface SentimentTrainingRequest extends TrainingTarget {
  file: string;
  textColumn?: string;
  labelColumn?: string;
  options?: Partial<FineTuneSentimentOptions>;
}

export type TrainingEvent =
  | FineTuneProgress
  | SentimentTuneProgress
  | { kind: 'files'; read: number; skipped: SkippedFile[]; capped: boolean; tokens?: number }
  | { kind: 'rows'; format: string; textColumn: string; labelColumn: string; labelRule: Message; rows: number; skipped: SkippedRows };

export interface TrainingOutcome {
  id: string;
  task: Task;
  dir: string;
  card: ModelCard;
}

export interface LmTrainingOutcome extends TrainingOutcome {
  result: Omit<FineTuneLmResult, 'model' | 'vocabulary' | 'casing' | 'memory'>;
  skipped: SkippedFile[];
}

export interface SentimentTrainingOutcome extends TrainingOutcome {
  result: Omit<FineTuneSentimentResult, 'model' | 'vocabulary'>;
  file: Pick<LabelledFile, 'format' | 'textColumn' | 'labelColumn' | 'labelRule' | 'skipped'>;
}

function save(target: TrainingTarget, task: Task, fallbackName: string, write: (dir: string, id: string, name: string) => ModelCard): TrainingOutcome {
  const name = target.name?.trim() || fallbackName;
  const id = freeId(target.outRoot, name, target.taken);
  let card: ModelCard | undefined;
  const dir = saveTrainedModel(target.outRoot, id, (staging) => (card = write(staging, id, name)));
  if (target.makeDefault) setDefault(target.outRoot, defaultsKey(card!), id);
  return { id, task, dir, card: card! };
}

export function trainLanguageModelOnFiles(
  request: LmTrainingRequest,
  onEvent: (e: TrainingEvent) => void = () => {},
  shouldStop?: () => boolean,
): LmTrainingOutcome {
  const base = loadModelDir(request.baseDir);
  if (base.card.task !== 'language-model') throw new Error(`${base.card.id} is a ${base.card.task} model, not a language model`);
  // training on your text reads it as English words (text-corpus.ts) and measures it on the English typing simulation
  if (languageOf(base.card) !== 'en')
    throw new Error(`${base.card.id} reads Korean pieces, and training on your text reads English words: start from an English language model`);
  // files as given, folders walked for their text files, globs expanded
  const { files, missing } = expandPaths(request.files);
  const read = readTextFiles(files);
  read.skipped.unshift(...missing.map((p) => ({ path: p, reason: say(TRAINING_MESSAGES.skippedMissing) })));
  if (!read.files.length)
    throw new Error(
      files.length
        ? `none of the ${files.length} files could be read as text (${read.skipped
            .map((s) => `${path.basename(s.path)}: ${inEnglish(s.reason)}`)
            .slice(0, 5)
            .join('; ')})`
        : `no text files (${TEXT_EXTENSIONS.map((e) => `.${e}`).join(', ')}) to learn from in ${request.files.slice(0, 3).join(', ')}`,
    );
  const docs = read.files.map((f) => corpusDocument(f.path, f.text));
  const tokens = tokenCount(docs);
  onEvent({ kind: 'files', read: read.files.length, skipped: read.skipped, capped: read.capped, tokens });
  const r = fineTuneLanguageModel(base, docs, request.options, onEvent, shouldStop);
  const outcome = save(request, 'language-model', `${base.card.id}-tuned`, (dir, id, name) => {
    const card = fineTunedCard(base.card, id, name, r, { files: read.files.length });
    const written = writeModelDir(dir, r.model, r.vocabulary, card, 'uint8');
    fs.writeFileSync(path.join(dir, 'casing.json'), JSON.stringify(r.casing) + '\n');
    if (r.memory.total) fs.writeFileSync(path.join(dir, 'memory.json'), JSON.stringify(r.memory) + '\n');
    const full = { ...card, parameters: written.parameters, bytes: directoryBytes(dir) };
    writeCard(dir, full);
    return full;
  });
  const { model: _m, vocabulary: _v, casing: _c, memory: _mem, ...result } = r;
  return { ...outcome, result, skipped: read.skipped };
}

/** The largest labelled file read (SST-2's training file is 4 MB; 20 MB is several times the largest such set). */
export const LABELLED_FILE_LIMIT_MB = 20;

/** A labelled file's text: UTF-8 (a byte-order mark dropped) or UTF-16 with its mark; anything else with NUL bytes is binary. */
export function decodeLabelled(bytes: Buffer, name: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.subarray(0, 8192).includes(0)) throw new Error(fill(TRAINING_MESSAGES.binaryLabelled, name));
  return new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
}

export function trainSentimentOnFile(
  request: SentimentTrainingRequest,
  onEvent: (e: TrainingEvent) => void = () => {},
  shouldStop?: () => boolean,
): SentimentTrainingOutcome {
  const base = loadModelDir(request.baseDir);
  if (base.card.task !== 'sentiment') throw new Error(`${base.card.id} is a ${base.card.task} model, not a sentiment model`);
  // refused from its size alone, before a byte is read (a 200 MB file took gigabytes to parse)
  const size = fs.statSync(request.file).size;
  if (size > LABELLED_FILE_LIMIT_MB * 1024 * 1024)
    throw new Error(fill(TRAINING_MESSAGES.labelledTooLarge, request.file, (size / 1024 / 1024).toFixed(0), LABELLED_FILE_LIMIT_MB));
  const file = readLabelledText(decodeLabelled(fs.readFileSync(request.file), request.file), request.file, {
    textColumn: request.textColumn,
    labelColumn: request.labelColumn,
  });
  onEvent({
    kind: 'rows',
    format: file.format,
    textColumn: file.textColumn,
    labelColumn: file.labelColumn,
    labelRule: file.labelRule,
    rows: file.rows.length,
    skipped: file.skipped,
  });
  const r = fineTuneSentiment(base, file.rows, request.options, onEvent, shouldStop);
  const outcome = save(request, 'sentiment', `${base.card.id}-tuned`, (dir, id, name) => {
    const card = fineTunedSentimentCard(base.card, id, name, r, file);
    return writeModelDir(dir, r.model, r.vocabulary, card, 'uint8');
  });
  const { model: _m, vocabulary: _v, ...result } = r;
  return {
    ...outcome,
    result,
    file: { format: file.format, textColumn: file.textColumn, labelColumn: file.labelColumn, labelRule: file.labelRule, skipped: file.skipped },
  };
}

export { describeSkipped };

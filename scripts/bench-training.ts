// npm run bench:training: the trainers' speed, JavaScript against WebAssembly kernels and one
// thread against two (a worker thread computing half of every batch on the second core), in the
// same process on the same data (scripts/training-speed.ts). Prints JSON: tokens per second,
// seconds per epoch of the full training set, and the ratios to the first run.
// Then a language model's validation perplexity on one core against both (the gradient worker
// reads half of the rows).
//   EXAMPLES=6400 LM_TOKENS=150000 VALID_TOKENS=20000 npm run bench:training

import * as os from 'node:os';
import { KernelChoice } from '../src/core/kernels/kernels';
import { lmTrainingSpeed, sentimentTrainingSpeed, validationSpeed } from './training-speed';

const EXAMPLES = Number(process.env.EXAMPLES ?? 3200);
const LM_TOKENS = Number(process.env.LM_TOKENS ?? 60_000);
const VALID_TOKENS = Number(process.env.VALID_TOKENS ?? 20_000);
const RUNS: Array<{ kernels: KernelChoice; workers: number }> = [
  { kernels: 'js', workers: 1 },
  { kernels: 'js', workers: 2 },
  { kernels: 'wasm', workers: 1 },
  { kernels: 'wasm', workers: 2 },
];

function withRatios<T extends { runs: Array<{ tokensPerSecond: number }> }>(r: T) {
  const base = r.runs[0].tokensPerSecond;
  return { ...r, runs: r.runs.map((run) => ({ ...run, ratio: Number((run.tokensPerSecond / base).toFixed(2)) })) };
}

process.stdout.write(
  JSON.stringify(
    {
      machine: { node: process.version, cpus: os.cpus().length },
      sentiment: withRatios(sentimentTrainingSpeed(EXAMPLES, RUNS)),
      languageModel: withRatios(lmTrainingSpeed(LM_TOKENS, RUNS)),
      validation: validationSpeed(VALID_TOKENS),
    },
    null,
    2,
  ) + '\n',
);

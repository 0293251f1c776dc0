// npm run bench:training: the trainer's speed on the default sentiment architecture (Embedding
// 15,000×64 → GRU 128 → GRU 128 → Dense), one thread against two (a worker thread computing half
// of every batch on the second core), on the same SST-2 examples in the same process.
// Prints JSON: tokens per second and seconds per epoch of the full training set, and the ratio.

import * as os from 'node:os';
import { Vocabulary } from '../src/core/vocabulary';
import { createModel } from '../src/core/training/initialize';
import { trainSentiment } from '../src/core/training/sentiment-trainer';
import { sentimentTrainingTexts } from '../src/training/sentiment-data';

const EXAMPLES = Number(process.env.EXAMPLES ?? 6400);

const texts = sentimentTrainingTexts();
const counts = new Map<string, number>();
for (const t of texts) for (const w of t.tokens) counts.set(w, (counts.get(w) ?? 0) + 1);
const vocabulary = Vocabulary.fromCounts(counts, 15000, undefined, 2);
const all = texts.filter((t) => t.tokens.length).map((t) => ({ ids: vocabulary.encode(t.tokens), label: t.label }));
const tokensPerEpoch = all.reduce((n, e) => n + Math.min(80, e.ids.length), 0);
// a spread of lengths like the whole set's: every k-th example
const sample = all.filter((_, i) => i % Math.floor(all.length / EXAMPLES) === 0).slice(0, EXAMPLES);

function run(workers: number) {
  const model = createModel({ vocabularySize: vocabulary.size, embeddingDim: 64, cell: 'gru', units: 128, bidirectional: false, perStepOutput: false, outputUnits: 1, outputActivation: 'sigmoid', dropout: 0.5, embeddingDropout: 0.4, depth: 2 }, 1);
  const [report] = trainSentiment(model, sample, sample.slice(0, 64), { epochs: 1, batchSize: 64, learningRate: 0.002, clipNorm: 5, maxLength: 80, seed: 1, average: 0.999, workers });
  return { tokensPerSecond: Math.round(report.tokensPerSecond), secondsPerFullEpoch: Math.round(tokensPerEpoch / report.tokensPerSecond), trainingAccuracy: Number(report.accuracy.toFixed(3)) };
}

const one = run(1);
const two = run(2);
process.stdout.write(JSON.stringify({
  machine: { node: process.version, cpus: os.cpus().length },
  examples: sample.length,
  fullEpoch: { examples: all.length, tokens: tokensPerEpoch },
  oneThread: one,
  twoThreads: two,
  speedup: Number((two.tokensPerSecond / one.tokensPerSecond).toFixed(2)),
}, null, 2) + '\n');

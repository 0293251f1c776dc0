// The second core's half of data-parallel training (see parallel.ts): a replica of the model on
// the shared weights computes the gradient of the half batch it is sent and leaves it in the
// shared gradient buffer.

import { countsTarget } from './gradient-jobs';
import { parentPort, workerData } from 'node:worker_threads';
import type { RecurrentState } from '../layers/layer';
import { SequentialModel } from '../model/model';
import { Rng } from '../random';
import { lmTrainBatch, NegativeSampler, rowsNll } from './lm-trainer';
import type { GradientJob, LanguageModelPerplexityJob, LanguageModelSetup } from './gradient-jobs';
import { GradientReply, weightViews, WorkerSetup } from './parallel';
import { trainBatch } from './sentiment-trainer';

const setup = workerData as WorkerSetup;
const model = SequentialModel.fromTopology(setup.topology, weightViews(setup.weights, setup.layout));
const gradients = weightViews(setup.gradients, setup.layout).map((w) => w.values);
const signal = new Int32Array(setup.signal);

// language model: the sampler, and the carried states of this thread's streams
let sampler: NegativeSampler | null = null;
let states: RecurrentState[][] | undefined;

/** This thread's half of the batch: forward, backward, the gradient left in the model's params. */
function compute(job: GradientJob): { loss: number; correct: number; counted: number } {
  if (job.kind !== 'language-model') return { ...trainBatch(model, job.batch, new Rng(job.seed), job.wordDropout, job.scale), counted: job.batch.B };
  if (!sampler) throw new Error('a language-model job came before the sampler setup');
  if (job.reset) states = undefined;
  const r = lmTrainBatch(model, job.batch, states, new Rng(job.seed), () => ({ ids: job.negatives, draws: job.draws }), sampler, job.normalizer);
  states = r.finalStates;
  return r;
}

function reply(r: GradientReply): void {
  setup.replies.postMessage(r);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

parentPort!.on('message', (job: GradientJob | LanguageModelSetup | LanguageModelPerplexityJob) => {
  if (job.kind === 'language-model-setup') {
    sampler = new NegativeSampler(job.counts, job.power, job.excluded);
    return;
  }
  Atomics.load(signal, 0); // orders this thread's reads of the weights after the trainer's update
  if (job.kind === 'language-model-perplexity') {
    // no gradient: the log-likelihood of its rows, in the reply's loss
    try {
      const r = rowsNll(model, job.rows, 64, countsTarget(job.targets));
      reply({ loss: r.nll, correct: 0, counted: r.count, rows: [] });
    } catch (e) {
      reply({ loss: NaN, correct: 0, counted: 0, rows: [], error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
    return;
  }
  let answer: GradientReply;
  try {
    const r = compute(job);
    const rows = model.params.map((p, i) => {
      const g = gradients[i];
      if (!p.touchedRows) {
        g.set(p.grad);
        p.grad.fill(0);
        return null;
      }
      const width = p.shape[1];
      const touched = [...p.touchedRows];
      for (const row of touched) {
        g.set(p.grad.subarray(row * width, (row + 1) * width), row * width);
        p.grad.fill(0, row * width, (row + 1) * width);
      }
      p.touchedRows = new Set();
      return touched;
    });
    answer = { loss: r.loss, correct: r.correct, counted: r.counted, rows };
  } catch (e) {
    answer = { loss: NaN, correct: 0, counted: 0, rows: [], error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  reply(answer);
});

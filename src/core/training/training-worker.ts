// Training on the user's text runs here, in a worker thread, so the extension host never waits on
// it (a fine-tuning is seconds to minutes of arithmetic) and the command line still hears Ctrl+C. It posts every progress event; the host's
// Cancel sets a shared flag the trainer reads after every batch, and the model is then not saved.

import { parentPort, workerData } from 'node:worker_threads';
import { CANCELLED, Channel, ChannelError } from '../channel';
import { nodePort } from '../node-port';
import { TrainingCancelled } from './fine-tune-lm';
import { AmbiguousColumnsError } from './labelled-file';
import { trainLanguageModelOnFiles, trainSentimentOnFile } from './user-training';
import { AMBIGUOUS_COLUMNS, type TrainingOwnerSide, type TrainingWorkerData, type TrainingWorkerSide } from './training-worker-protocol';

const { cancel } = workerData as TrainingWorkerData;
const flag = new Int32Array(cancel);
const shouldStop = () => Atomics.load(flag, 0) === 1;

new Channel<TrainingWorkerSide, TrainingOwnerSide>(nodePort(parentPort!)).onRequest('train', (job, { progress }) => {
  const taken = new Set(job.taken);
  try {
    return job.kind === 'language-model'
      ? trainLanguageModelOnFiles({ ...job.request, taken: (id) => taken.has(id) }, progress, shouldStop)
      : trainSentimentOnFile({ ...job.request, taken: (id) => taken.has(id) }, progress, shouldStop);
  } catch (e) {
    if (e instanceof TrainingCancelled) throw new ChannelError(CANCELLED, e.message);
    if (e instanceof AmbiguousColumnsError) throw new ChannelError(AMBIGUOUS_COLUMNS, e.message, { columns: e.columns, which: e.which });
    throw e;
  }
});

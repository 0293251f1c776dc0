// Training on the user's text runs here, in a worker thread, so the extension host never waits on
// it (a fine-tuning is seconds to minutes of arithmetic) and the command line still hears Ctrl+C. It posts every progress event; the host's
// Cancel sets a shared flag the trainer reads after every batch, and the model is then not saved.

import { parentPort, workerData } from 'node:worker_threads';
import { TrainingCancelled } from './fine-tune-lm';
import { AmbiguousColumnsError } from './labelled-file';
import { trainLanguageModelOnFiles, TrainingEvent, trainSentimentOnFile } from './user-training';
import type { TrainingReply, TrainingWorkerData } from './training-worker-protocol';

const { job, cancel } = workerData as TrainingWorkerData;
const flag = new Int32Array(cancel);
const post = (m: TrainingReply) => parentPort!.postMessage(m);
const onEvent = (event: TrainingEvent) => post({ type: 'event', event });
const shouldStop = () => Atomics.load(flag, 0) === 1;
const taken = new Set(job.taken);

try {
  const outcome =
    job.kind === 'language-model'
      ? trainLanguageModelOnFiles({ ...job.request, taken: (id) => taken.has(id) }, onEvent, shouldStop)
      : trainSentimentOnFile({ ...job.request, taken: (id) => taken.has(id) }, onEvent, shouldStop);
  post({ type: 'done', outcome });
} catch (e) {
  if (e instanceof TrainingCancelled) post({ type: 'cancelled' });
  else if (e instanceof AmbiguousColumnsError) post({ type: 'error', message: e.message, ambiguous: { columns: e.columns, which: e.which } });
  else post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}

// The second core's share of `rnn-lens classify` (see classify-pool.ts): loads the same model
// and answers each list of lines with their verdicts.

import { parentPort, workerData } from 'node:worker_threads';
import { classifyLines } from './classify-lines';
import type { ClassifyJob, ClassifyReply, ClassifyWorkerSetup } from './classify-pool';
import { keepResident } from '../kernels/kernels';
import { loadModelDir } from '../model/model-bundle';

const setup = workerData as ClassifyWorkerSetup;
const english = loadModelDir(setup.modelDir);
const korean = setup.koreanDir ? loadModelDir(setup.koreanDir) : undefined;
for (const m of [english, korean]) if (m) keepResident(m.model.params.map((p) => p.value));
const loaded = setup.koreanDir ? { en: english, ko: korean } : english;

parentPort!.on('message', (job: ClassifyJob) => {
  let reply: ClassifyReply;
  try {
    reply = { id: job.id, verdicts: classifyLines(loaded, job.lines) };
  } catch (e) {
    reply = { id: job.id, error: (e as Error).message };
  }
  parentPort!.postMessage(reply);
});

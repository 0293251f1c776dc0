// The second core's share of `rnn-lens classify` (see classify-pool.ts): loads the same model
// and answers each list of lines with their verdicts.

import { parentPort, workerData } from 'node:worker_threads';
import { Channel } from '../channel';
import { nodePort } from '../node-port';
import { classifyLines } from './classify-lines';
import type { ClassifyPoolSide, ClassifyWorkerSetup, ClassifyWorkerSide } from './classify-pool';
import { keepResident } from '../kernels/kernels';
import { loadModelDir } from '../model/model-bundle';

const setup = workerData as ClassifyWorkerSetup;
const english = loadModelDir(setup.modelDir);
const korean = setup.koreanDir ? loadModelDir(setup.koreanDir) : undefined;
for (const m of [english, korean]) if (m) keepResident(m.model.params.map((p) => p.value));
const loaded = setup.koreanDir ? { en: english, ko: korean } : english;

new Channel<ClassifyWorkerSide, ClassifyPoolSide>(nodePort(parentPort!)).onRequest('classify', ({ lines }) => classifyLines(loaded, lines));

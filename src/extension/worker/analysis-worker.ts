// A worker thread that does the extension's long computations, so the extension host (which
// runs every extension's code) never waits on them: the inspector's trace (up to 2,000 tokens
// through a two-layer model, ~0.5 s) and the sentiment of long selections (up to 1 MB).
// It keeps its own copy of each model it has read; the trace goes back as float32 matrices
// whose buffers are transferred, not copied.

import { parentPort } from 'node:worker_threads';
import { analyzeLongText } from '../../core/sentiment/long-text';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { keepResident } from '../../core/kernels/kernels';
import { loadModelDir, LoadedModel } from '../../core/model/model-bundle';
import { traceText } from '../../core/trace/trace';
import { packTrace, traceBuffers } from '../../core/trace/trace-transfer';
import { packSentiment, WorkerReply, WorkerRequest } from './protocol';

// by folder and the card's time: a trained model deleted and trained again under the same id is read afresh
const models = new Map<string, LoadedModel>();
const load = (dir: string): LoadedModel => {
  const key = `${dir}\0${fs.statSync(path.join(dir, 'card.json')).mtimeMs}`;
  let m = models.get(key);
  if (!m) {
    m = loadModelDir(dir);
    keepResident(m.model.params.map((p) => p.value));
    models.set(key, m);
  }
  return m;
};

const port = parentPort!;
const reply = (m: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

port.on('message', (m: WorkerRequest) => {
  const start = performance.now();
  try {
    const loaded = load(m.dir);
    if (m.type === 'trace') {
      const trace = packTrace(traceText(loaded, m.text, { maxTokens: m.maxTokens }));
      reply({ id: m.id, type: 'trace', trace, ms: performance.now() - start }, traceBuffers(trace));
    } else {
      const models = m.koreanDir ? { en: loaded, ko: load(m.koreanDir) } : loaded;
      const result = analyzeLongText(models, m.text, (fraction) => (reply({ id: m.id, type: 'progress', fraction }), true))!;
      const { packed, transfer } = packSentiment(result);
      reply({ id: m.id, type: 'sentiment', result: packed, ms: performance.now() - start }, transfer);
    }
  } catch (e) {
    reply({ id: m.id, type: 'error', message: e instanceof Error ? `${e.name === 'EmptyInputError' ? 'EmptyInputError: ' : ''}${e.message}` : String(e) });
  }
});

// A worker thread that does the extension's long computations, so the extension host (which
// runs every extension's code) never waits on them: the inspector's trace (up to 2,000 tokens
// through a two-layer model, ~0.5 s) and the sentiment of long selections (up to 1 MB).
// It keeps its own copy of each model it has read; the trace goes back as float32 matrices
// whose buffers are transferred, not copied.

import { parentPort } from 'node:worker_threads';
import { analyzeLongText } from '../../core/sentiment/long-text';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Channel, ChannelError, withTransfer } from '../../core/channel';
import { nodePort } from '../../core/node-port';
import { keepResident } from '../../core/kernels/kernels';
import { loadModelDir, LoadedModel } from '../../core/model/model-bundle';
import { EmptyInputError } from '../../core/sentiment/sentiment';
import { traceText } from '../../core/trace/trace';
import { packTrace, traceBuffers } from '../../core/trace/trace-transfer';
import { AnalysisHostSide, AnalysisWorkerSide, EMPTY_INPUT, packSentiment } from './protocol';

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

new Channel<AnalysisWorkerSide, AnalysisHostSide>(nodePort(parentPort!))
  .onRequest('trace', ({ dir, text, maxTokens }) => {
    const start = performance.now();
    const trace = packTrace(traceText(load(dir), text, { maxTokens }));
    return withTransfer({ trace, ms: performance.now() - start }, traceBuffers(trace));
  })
  .onRequest('sentiment', ({ dir, koreanDir, text }, { progress }) => {
    const start = performance.now();
    const loaded = load(dir);
    const models = koreanDir ? { en: loaded, ko: load(koreanDir) } : loaded;
    let result;
    try {
      result = analyzeLongText(models, text, (fraction) => (progress(fraction), true))!;
    } catch (e) {
      throw e instanceof EmptyInputError ? new ChannelError(EMPTY_INPUT, e.message) : e;
    }
    const { packed, transfer } = packSentiment(result);
    return withTransfer({ result: packed, ms: performance.now() - start }, transfer);
  });

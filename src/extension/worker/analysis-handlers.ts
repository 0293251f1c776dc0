// What the analysis worker answers, whichever thread runs it: a Node worker thread beside the
// desktop extension host (analysis-worker.ts, models read from disk) or a Web Worker beside the
// browser's (web-analysis-worker.ts, models' files handed over by the host). Only where a model's
// files come from differs.

import { analyzeLongText } from '../../core/sentiment/long-text';
import { Channel, ChannelError, Port, withTransfer } from '../../core/channel';
import type { LoadedModel } from '../../core/model/model-bundle';
import { EmptyInputError } from '../../core/sentiment/sentiment';
import { traceText } from '../../core/trace/trace';
import { packTrace, traceBuffers } from '../../core/trace/trace-transfer';
import { AnalysisHostSide, AnalysisWorkerSide, EMPTY_INPUT, packSentiment } from './protocol';

export interface AnalysisModels {
  /** the model of a folder (kept once read) */
  load(dir: string): LoadedModel;
  /** files the host hands over (a browser's worker has no disk); absent where the worker reads its own */
  provide?(files: Array<[string, Uint8Array]>): void;
}

export function serveAnalysis(port: Port, models: AnalysisModels): Channel<AnalysisWorkerSide, AnalysisHostSide> {
  return new Channel<AnalysisWorkerSide, AnalysisHostSide>(port)
    .onRequest('provide', ({ files }) => {
      if (!models.provide) throw new Error('this worker reads model files itself');
      models.provide(files);
      return null;
    })
    .onRequest('trace', ({ dir, text, maxTokens }) => {
      const start = performance.now();
      const trace = packTrace(traceText(models.load(dir), text, { maxTokens }));
      return withTransfer({ trace, ms: performance.now() - start }, traceBuffers(trace));
    })
    .onRequest('sentiment', ({ dir, koreanDir, text }, { progress }) => {
      const start = performance.now();
      const loaded = models.load(dir);
      const both = koreanDir ? { en: loaded, ko: models.load(koreanDir) } : loaded;
      let result;
      try {
        result = analyzeLongText(both, text, (fraction) => (progress(fraction), true))!;
      } catch (e) {
        throw e instanceof EmptyInputError ? new ChannelError(EMPTY_INPUT, e.message) : e;
      }
      const { packed, transfer } = packSentiment(result);
      return withTransfer({ result: packed, ms: performance.now() - start }, transfer);
    });
}

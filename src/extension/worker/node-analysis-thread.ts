// The analysis worker on the desktop: a Node worker thread running dist/analysis-worker.js, which
// reads the models from disk itself.

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { nodePort } from '../../core/node-port';
import type { AnalysisThreadStarter } from './analysis-client';

export function nodeAnalysisThreads(extensionPath: string): AnalysisThreadStarter {
  return {
    start: async () => {
      const thread = new Worker(path.join(extensionPath, 'dist', 'analysis-worker.js'));
      // the host may exit while the worker runs
      thread.unref();
      return {
        port: nodePort(thread),
        onFailure: (fail) => {
          thread.on('error', fail);
          thread.on('exit', (code) => fail(new Error(`the analysis worker exited (code ${code})`)));
        },
        terminate: () => void thread.terminate(),
      };
    },
  };
}

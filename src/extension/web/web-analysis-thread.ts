// The analysis worker of VS Code for the Web: a Web Worker started by the browser's extension
// host. Where the extension is served from a server, a worker cannot be made from its
// vscode-remote: or https: URI, so the host fetches the worker's bundle once and starts it from a
// blob: URL. The worker has no disk: each model's files are handed to it (fetchedModelFiles).

import * as vscode from 'vscode';
import { fetchedModelFiles } from '../../core/model/fetched-models';
import type { FileMapReader } from '../../core/model/file-reader';
import type { AnalysisThreadStarter } from '../worker/analysis-client';
import { webWorkerPort, type WorkerLike } from './web-worker-port';

/** What this floor knows of a browser's Worker (its project has no DOM types). */
interface BrowserWorker extends WorkerLike {
  terminate(): void;
  onerror: ((event: { message?: string }) => void) | null;
}
type WorkerConstructor = new (url: string, options?: { name?: string }) => BrowserWorker;

export function webAnalysisThreads(script: vscode.Uri, reader: FileMapReader): AnalysisThreadStarter {
  let url: Thenable<string> | undefined;
  return {
    start: async () => {
      const Worker = (globalThis as { Worker?: WorkerConstructor }).Worker;
      if (!Worker) throw new Error('this browser cannot start a Web Worker here, so the long analyses cannot run');
      url ??= vscode.workspace.fs.readFile(script).then((bytes) => URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' })));
      const worker = new Worker(await url, { name: 'RNN Lens analysis' });
      return {
        port: webWorkerPort(worker),
        onFailure: (fail) => {
          worker.onerror = (event) => fail(new Error(event.message || 'the analysis worker failed'));
        },
        terminate: () => worker.terminate(),
      };
    },
    filesFor: (dir) => fetchedModelFiles(reader, dir),
  };
}

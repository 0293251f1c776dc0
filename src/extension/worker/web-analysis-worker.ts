// The analysis worker of VS Code for the Web: a Web Worker the browser's extension host starts
// from a blob: URL of this bundle (dist/web/analysis-worker.js). It has no disk: the host hands it
// each model's files once (the same bytes the host fetched), and it loads them through the same
// reader and checks as everywhere else. The requests: analysis-handlers.ts.

import { keepResident } from '../../core/kernels/kernels';
import { FileMapReader } from '../../core/model/file-reader';
import { loadModelDir, LoadedModel } from '../../core/model/model-bundle';
import { webWorkerPort, type WorkerLike } from '../web/web-worker-port';
import { serveAnalysis } from './analysis-handlers';

const reader = new FileMapReader();
const models = new Map<string, LoadedModel>();
// the worker's global scope posts and hears messages as a Worker does (no DOM types on this floor)
serveAnalysis(webWorkerPort(globalThis as unknown as WorkerLike), {
  provide: (files) => {
    for (const [file, bytes] of files) reader.set(file, bytes);
    // a model handed over again (trained afresh under its id) is read again
    for (const dir of models.keys()) if (files.some(([f]) => reader.dirname(f) === dir)) models.delete(dir);
  },
  load: (dir) => {
    let m = models.get(dir);
    if (!m) {
      m = loadModelDir(dir, reader);
      keepResident(m.model.params.map((p) => p.value));
      models.set(dir, m);
    }
    return m;
  },
});

// A worker thread that does the desktop extension's long computations, so the extension host
// (which runs every extension's code) never waits on them: the inspector's trace (up to 2,000
// tokens through a two-layer model, ~0.5 s) and the sentiment of long selections (up to 1 MB).
// It keeps its own copy of each model it has read, from disk; the trace goes back as float32
// matrices whose buffers are transferred, not copied. The requests: analysis-handlers.ts.

import { parentPort } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodePort } from '../../core/node-port';
import { keepResident } from '../../core/kernels/kernels';
import { loadModelDir, LoadedModel } from '../../core/model/model-bundle';
import { serveAnalysis } from './analysis-handlers';

// by folder and the card's time: a trained model deleted and trained again under the same id is read afresh
const models = new Map<string, LoadedModel>();
serveAnalysis(nodePort(parentPort!), {
  load: (dir) => {
    const key = `${dir}\0${fs.statSync(path.join(dir, 'card.json')).mtimeMs}`;
    let m = models.get(key);
    if (!m) {
      m = loadModelDir(dir);
      keepResident(m.model.params.map((p) => p.value));
      models.set(key, m);
    }
    return m;
  },
});

// The desktop's models: the extension's models folder read from disk, the analysis worker a Node
// worker thread.

import * as path from 'node:path';
import { diskReader } from '../core/model/disk-reader';
import type { ModelSource } from './model-source';
import { nodeAnalysisThreads } from './worker/node-analysis-thread';

export function diskModelSource(extensionPath: string): ModelSource {
  return { root: path.join(extensionPath, 'models'), reader: diskReader, threads: nodeAnalysisThreads(extensionPath) };
}

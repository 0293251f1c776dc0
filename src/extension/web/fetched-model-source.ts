// The models of VS Code for the Web: fetched from the extension's own URI through
// vscode.workspace.fs (no disk, no `fs`) into memory, the cards on first use and each model's
// files before a feature first reads it; the analysis worker a Web Worker (web-analysis-thread.ts).
// A browser cannot list a folder served over HTTP, so the model folders' names come from the index
// the build writes (dist/web/model-folders.json, esbuild.mjs).

import * as vscode from 'vscode';
import { type AsyncFileSource, fetchCards, fetchModel } from '../../core/model/fetched-models';
import { FileMapReader } from '../../core/model/file-reader';
import type { ModelSource } from '../model-source';
import { webAnalysisThreads } from './web-analysis-thread';

/** The build's list of the bundled model folders. */
export const MODEL_FOLDERS_INDEX = 'dist/web/model-folders.json';

export function fetchedModelSource(extensionUri: vscode.Uri): ModelSource {
  const reader = new FileMapReader();
  const base = extensionUri.path.replace(/\/$/, '');
  const root = `${base}/models`;
  const uriOf = (file: string) => extensionUri.with({ path: file });
  const read = async (file: string): Promise<Uint8Array | null> => {
    try {
      return await vscode.workspace.fs.readFile(uriOf(file));
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return null;
      throw e;
    }
  };
  const source: AsyncFileSource = {
    read,
    list: async (dir) => {
      if (dir !== root) return null;
      const index = await read(`${base}/${MODEL_FOLDERS_INDEX}`);
      if (!index) return null;
      const names = JSON.parse(new TextDecoder().decode(index)) as unknown;
      if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw new Error(`${MODEL_FOLDERS_INDEX} is not a list of folder names`);
      return (names as string[]).map((name) => ({ name, kind: 'folder' as const }));
    },
  };
  return {
    root,
    reader,
    fetchCards: async (roots) => {
      await Promise.all(roots.map((r) => fetchCards(source, reader, r)));
    },
    fetchModel: (dir) => fetchModel(source, reader, dir),
    threads: webAnalysisThreads(uriOf(`${base}/dist/web/analysis-worker.js`), reader),
  };
}

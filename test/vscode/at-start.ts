// What the extension had done when the extension-host suites began, before any test opened a
// document or ran a command. Activation must stay cheap: it reads no model's weights and starts
// no worker thread (models are read on first use). Recorded once by index.ts, read by a test.

import * as vscode from 'vscode';
import type { RnnLensApi } from '../../src/extension/extension';

export interface AtStart {
  loadedModels: string[];
  workerStarted: boolean;
}

// on globalThis: esbuild bundles index.ts and each suite apart, each with its own copy of this module
const KEY = Symbol.for('rnnLens.test.atStart');
const store = globalThis as { [KEY]?: AtStart };

/** Activates the extension (if VS Code has not yet) and notes what that did. */
export async function recordAtStart(): Promise<void> {
  const api = await vscode.extensions.getExtension<RnnLensApi>('rnn-lens.rnn-lens')!.activate();
  store[KEY] = { loadedModels: api.models.registry.loadedIds(), workerStarted: api.models.worker.started };
}

export function atStart(): AtStart | undefined {
  return store[KEY];
}

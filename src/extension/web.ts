// RNN Lens in VS Code for the Web (package.json "browser"): the same features as the desktop
// entry (extension.ts) — Analyze Sentiment, ghost text, the inspector, Korean routing and UI, the
// walkthrough — in a browser's web worker extension host, where there is no Node.js: the models
// are fetched from the extension's URI (web/fetched-model-source.ts) and the long work runs in a
// Web Worker. Training is not offered here (it reads the workspace's files with Node and trains
// in worker threads); its commands are hidden by the `rnnLens.canTrain` context key, which only
// the desktop entry sets.

import * as vscode from 'vscode';
import { InspectorPanel } from './inspector-panel';
import { log, registerLog } from './log';
import { ModelService } from './model-service';
import { fetchedModelSource } from './web/fetched-model-source';
import { describeHost, type HostFacts } from './web/host-facts';
import { classifyLines, type LineVerdict } from '../core/sentiment/classify-lines';
import { completionServiceFor } from '../core/completion/ghost-text';
import { languageFor } from '../core/sentiment/routing';
import { type FeaturesApi, registerFeatures } from './features';

export interface RnnLensWebApi extends FeaturesApi {
  /** where this entry runs (the end-to-end tests check it is a browser's worker) */
  host: HostFacts;
  /** what `rnn-lens classify TEXT` answers, computed here (the tests compare the two) */
  classify: (text: string) => Promise<LineVerdict>;
  /** what `rnn-lens complete TEXT` answers (a fresh completer: no document read before) */
  complete: (text: string, options: { words: number; k: number }) => Promise<Array<{ text: string; p: number }>>;
}

export function activate(context: vscode.ExtensionContext): RnnLensWebApi {
  registerLog(context);
  const host = describeHost();
  log.info(`host: ${host.summary}`);
  const models = new ModelService(fetchedModelSource(context.extensionUri));
  const features = registerFeatures(context, models);
  const classify = async (text: string) => {
    await models.ready(() => Object.values(models.sentimentIds()));
    const ids = models.sentimentIds();
    const en = models.load('sentiment', ids.en);
    return classifyLines(ids.ko ? { en, ko: models.load('sentiment', ids.ko) } : en, [text])[0];
  };
  const complete = async (text: string, options: { words: number; k: number }) => {
    const language = languageFor('language-model', text, 'cursor') ?? 'en';
    const id = () => models.selectedId('language-model', language) ?? models.selectedId('language-model');
    await models.ready(() => [id()]);
    return completionServiceFor(models.load('language-model', id()))
      .complete(text, options)
      .completions.map((c) => ({ text: c.text, p: c.p }));
  };
  return { ...features, host, classify, complete };
}

export function deactivate(): void {
  InspectorPanel.current?.dispose();
}

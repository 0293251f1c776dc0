// RNN Lens: activation wires the features to VS Code. No model is read here: each feature
// loads its model on first use, so activation stays cheap.

import * as vscode from 'vscode';
import { registerCompletion, RnnInlineCompletionProvider } from './completion-provider';
import { INSPECTOR_LIMITS, InspectorPanel, registerInspector } from './inspector-panel';
import type { AnswerOf } from '../shared/inspector-protocol';
import { AnalysisRequest, answer } from './inspector-requests';
import { registerLog } from './log';
import { ModelService } from './model-service';
import { registerSentimentCommands, SentimentDecorations } from './sentiment-command';
import { registerStatusBar } from './status-bar';
import { registerTrainingCommands, TrainingCommands, workspaceTextFiles } from './training/training-commands';
import { TrainingPanel } from './training/training-panel';
import { registerWalkthrough } from './walkthrough';
import { diskModelSource } from './disk-model-source';
import * as path from 'node:path';

export interface RnnLensApi {
  models: ModelService;
  decorations: SentimentDecorations;
  completionProvider: RnnInlineCompletionProvider;
  inspector: () => InspectorPanel | undefined;
  training: TrainingCommands;
  trainingPanel: () => TrainingPanel | undefined;
  /** the files Train Language Model on Workspace… learns from */
  workspaceTextFiles: typeof workspaceTextFiles;
  /** answers one of the inspector webview's questions about `text`, as the panel does */
  ask: <R extends AnalysisRequest>(request: R, text: string, stale?: () => boolean) => Promise<AnswerOf[R['type']]>;
}

export function activate(context: vscode.ExtensionContext): RnnLensApi {
  registerLog(context);
  // trained models live in the extension's storage: global, and (when a folder is open) this workspace's
  const models = new ModelService(diskModelSource(context.extensionPath), {
    global: path.join(context.globalStorageUri.fsPath, 'models'),
    ...(context.storageUri ? { workspace: path.join(context.storageUri.fsPath, 'models') } : {}),
  });
  const decorations = new SentimentDecorations();
  context.subscriptions.push(models, decorations);
  registerSentimentCommands(context, models, decorations);
  const completionProvider = registerCompletion(context, models);
  registerInspector(context, models);
  registerStatusBar(context, models);
  const training = registerTrainingCommands(context, models);
  // training reads the workspace with Node and trains in worker threads: its commands and
  // walkthrough step show only where this entry runs (not in VS Code for the Web, web.ts)
  void vscode.commands.executeCommand('setContext', 'rnnLens.canTrain', true);
  registerWalkthrough(context);
  // the API lets the extension-host tests look inside; users never need it
  const ask = <R extends AnalysisRequest>(request: R, text: string, stale?: () => boolean) => answer(request, models, text, undefined, INSPECTOR_LIMITS, stale);
  return {
    models,
    decorations,
    completionProvider,
    inspector: () => InspectorPanel.current,
    ask,
    training,
    trainingPanel: () => TrainingPanel.current,
    workspaceTextFiles,
  };
}

export function deactivate(): void {
  InspectorPanel.current?.dispose();
  TrainingPanel.current?.dispose();
}

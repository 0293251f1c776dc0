// RNN Lens: activation wires the features to VS Code. No model is read here: each feature
// loads its model on first use, so activation stays cheap. VS Code for the Web has its own entry
// (web.ts) with the same features (features.ts) and no training.

import * as vscode from 'vscode';
import * as path from 'node:path';
import { InspectorPanel } from './inspector-panel';
import { registerLog } from './log';
import { ModelService } from './model-service';
import { registerTrainingCommands, TrainingCommands, workspaceTextFiles } from './training/training-commands';
import { TrainingPanel } from './training/training-panel';
import { diskModelSource } from './disk-model-source';
import { type FeaturesApi, registerFeatures } from './features';

export interface RnnLensApi extends FeaturesApi {
  training: TrainingCommands;
  trainingPanel: () => TrainingPanel | undefined;
  /** the files Train Language Model on Workspace… learns from */
  workspaceTextFiles: typeof workspaceTextFiles;
}

export function activate(context: vscode.ExtensionContext): RnnLensApi {
  registerLog(context);
  // trained models live in the extension's storage: global, and (when a folder is open) this workspace's
  const models = new ModelService(diskModelSource(context.extensionPath), {
    global: path.join(context.globalStorageUri.fsPath, 'models'),
    ...(context.storageUri ? { workspace: path.join(context.storageUri.fsPath, 'models') } : {}),
  });
  const training = registerTrainingCommands(context, models);
  // training reads the workspace with Node and trains in worker threads: its commands and
  // walkthrough step show only where this entry runs (not in VS Code for the Web, web.ts)
  void vscode.commands.executeCommand('setContext', 'rnnLens.canTrain', true);
  const features = registerFeatures(context, models);
  return { ...features, training, trainingPanel: () => TrainingPanel.current, workspaceTextFiles };
}

export function deactivate(): void {
  InspectorPanel.current?.dispose();
  TrainingPanel.current?.dispose();
}

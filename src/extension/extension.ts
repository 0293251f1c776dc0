// RNN Lens: activation wires the features to VS Code. No model is read here: each feature
// loads its model on first use, so activation stays cheap.

import * as vscode from 'vscode';
import { registerCompletion } from './completion-provider';
import { InspectorPanel, registerInspector } from './inspector-panel';
import { ModelService } from './model-service';
import { registerSentimentCommands, SentimentDecorations } from './sentiment-command';
import { registerStatusBar } from './status-bar';

export interface RnnLensApi {
  models: ModelService;
  decorations: SentimentDecorations;
  inspector: () => InspectorPanel | undefined;
}

export function activate(context: vscode.ExtensionContext): RnnLensApi {
  const models = new ModelService(context.extensionPath);
  const decorations = new SentimentDecorations();
  context.subscriptions.push(models, decorations);
  registerSentimentCommands(context, models, decorations);
  registerCompletion(context, models);
  registerInspector(context, models);
  registerStatusBar(context, models);
  // the API lets the extension-host tests look inside; users never need it
  return { models, decorations, inspector: () => InspectorPanel.current };
}

export function deactivate(): void {
  InspectorPanel.current?.dispose();
}

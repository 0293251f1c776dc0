// RNN Lens: activation wires the features to VS Code. No model is read here: each feature
// loads its model on first use, so activation stays cheap.

import * as vscode from 'vscode';
import { registerCompletion, RnnInlineCompletionProvider } from './completion-provider';
import { InspectorPanel, registerInspector } from './inspector-panel';
import { ModelService } from './model-service';
import { registerSentimentCommands, SentimentDecorations } from './sentiment-command';
import { registerStatusBar } from './status-bar';

export interface RnnLensApi {
  models: ModelService;
  decorations: SentimentDecorations;
  completionProvider: RnnInlineCompletionProvider;
  inspector: () => InspectorPanel | undefined;
  /** fires when the inspector's webview has drawn a trace: its token and column counts */
  onDidRender: vscode.Event<{ tokens: number; columns: number }>;
}

export function activate(context: vscode.ExtensionContext): RnnLensApi {
  const models = new ModelService(context.extensionPath);
  const decorations = new SentimentDecorations();
  context.subscriptions.push(models, decorations);
  registerSentimentCommands(context, models, decorations);
  const completionProvider = registerCompletion(context, models);
  registerInspector(context, models);
  registerStatusBar(context, models);
  // the API lets the extension-host tests look inside; users never need it
  return { models, decorations, completionProvider, inspector: () => InspectorPanel.current, onDidRender: InspectorPanel.onDidRender };
}

export function deactivate(): void {
  InspectorPanel.current?.dispose();
}

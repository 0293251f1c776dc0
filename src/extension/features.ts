// The features both entries offer — Analyze Sentiment, ghost text, the inspector, the status bar
// item and the walkthrough — wired to a model service, whichever host made it: the desktop entry
// (extension.ts, models on disk) and VS Code for the Web's (web.ts, models fetched).

import * as vscode from 'vscode';
import { registerCompletion, RnnInlineCompletionProvider } from './completion-provider';
import { INSPECTOR_LIMITS, InspectorPanel, registerInspector } from './inspector-panel';
import type { AnswerOf } from '../shared/inspector-protocol';
import { AnalysisRequest, answer } from './inspector-requests';
import { ModelService } from './model-service';
import { registerSentimentCommands, SentimentDecorations } from './sentiment-command';
import { registerStatusBar } from './status-bar';
import { registerWalkthrough } from './walkthrough';

/** What the tests may look inside (users never need it). */
export interface FeaturesApi {
  models: ModelService;
  decorations: SentimentDecorations;
  completionProvider: RnnInlineCompletionProvider;
  inspector: () => InspectorPanel | undefined;
  /** answers one of the inspector webview's questions about `text`, as the panel does */
  ask: <R extends AnalysisRequest>(request: R, text: string, stale?: () => boolean) => Promise<AnswerOf[R['type']]>;
}

export function registerFeatures(context: vscode.ExtensionContext, models: ModelService): FeaturesApi {
  const decorations = new SentimentDecorations();
  context.subscriptions.push(models, decorations);
  registerSentimentCommands(context, models, decorations);
  const completionProvider = registerCompletion(context, models);
  registerInspector(context, models);
  registerStatusBar(context, models);
  registerWalkthrough(context);
  return {
    models,
    decorations,
    completionProvider,
    inspector: () => InspectorPanel.current,
    ask: (request, text, stale) => answer(request, models, text, undefined, INSPECTOR_LIMITS, stale),
  };
}

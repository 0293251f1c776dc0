// The status bar shows the models in use, sentiment and ghost text; clicking one opens its picker.
// Trained models show by the name the user gave them.

import * as vscode from 'vscode';
import { ModelCard } from '../core/model-bundle';
import { COMMAND } from './config';
import { ModelService } from './model-service';

const nameOf = (c: ModelCard) => c.name ?? `${c.bidirectional ? 'Bi-' : ''}${c.cell}`;

function accuracy(card: ModelCard): string {
  const m = card.metrics as { sst2Test?: number };
  return typeof m.sst2Test === 'number' ? `SST-2 test ${(100 * m.sst2Test).toFixed(1)}%` : '';
}

export function registerStatusBar(context: vscode.ExtensionContext, models: ModelService): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('rnnLens.model', vscode.StatusBarAlignment.Right, 100);
  item.name = 'RNN Lens model';
  item.command = COMMAND.selectSentimentModel;
  const refresh = () => {
    try {
      const card = models.registry.card(models.selectedId('sentiment'));
      item.text = `$(pulse) ${nameOf(card)}`;
      item.tooltip = `RNN Lens sentiment model: ${card.id}${accuracy(card) ? ` (${accuracy(card)})` : ''}. Click to switch.`;
    } catch (e) {
      item.text = '$(warning) RNN Lens';
      item.tooltip = `RNN Lens: ${(e as Error).message}`;
    }
    item.show();
  };
  refresh();
  const lm = vscode.window.createStatusBarItem('rnnLens.languageModel', vscode.StatusBarAlignment.Right, 99);
  lm.name = 'RNN Lens ghost-text model';
  lm.command = COMMAND.selectLanguageModel;
  const refreshLm = () => {
    try {
      const card = models.registry.card(models.selectedId('language-model'));
      lm.text = `$(sparkle) ${card.name ?? card.id}`;
      lm.tooltip = `RNN Lens ghost text: ${card.name ? `${card.name} (${card.id}, trained from ${card.fineTunedFrom})` : card.id}. Click to switch.`;
    } catch (e) {
      lm.text = '$(warning) ghost text';
      lm.tooltip = `RNN Lens: ${(e as Error).message}`;
    }
    lm.show();
  };
  refreshLm();
  const pickModel = async (task: 'sentiment' | 'language-model') => {
    const current = models.selectedId(task);
    const picks = models.cards(task).map((c) => ({
      label: `${c.id === current ? '$(check) ' : ''}${c.name ?? c.id}`,
      description: [c.bidirectional ? 'bidirectional' : '', c.cell, c.default ? 'default' : '', c.fineTunedFrom ? `trained from ${c.fineTunedFrom}` : '']
        .filter(Boolean)
        .join(' · '),
      detail: [accuracy(c), `${(c.bytes / 1e6).toFixed(1)} MB`, `${c.parameters.toLocaleString('en-US')} parameters`].filter(Boolean).join(' · '),
      id: c.id,
    }));
    const pick = await vscode.window.showQuickPick(picks, {
      title: task === 'sentiment' ? 'RNN Lens: sentiment model' : 'RNN Lens: ghost-text model',
      placeHolder: task === 'sentiment' ? 'Pick the model Analyze Sentiment and the inspector use' : 'Pick the model ghost text and the inspector use',
    });
    if (pick) await models.select(task, pick.id);
    return pick?.id;
  };
  context.subscriptions.push(
    item,
    lm,
    models.onDidChangeModel((task) => (task === 'sentiment' ? refresh() : refreshLm())),
    vscode.commands.registerCommand(COMMAND.selectLanguageModel, () => pickModel('language-model')),
    vscode.commands.registerCommand(COMMAND.selectSentimentModel, () => pickModel('sentiment')),
  );
  return item;
}

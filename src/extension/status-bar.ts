// The status bar shows the active sentiment model; clicking it opens the model picker.

import * as vscode from 'vscode';
import { ModelCard } from '../core/model-bundle';
import { COMMAND } from './config';
import { ModelService } from './model-service';

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
      item.text = `$(pulse) ${card.bidirectional ? 'Bi-' : ''}${card.cell}`;
      item.tooltip = `RNN Lens sentiment model: ${card.id}${accuracy(card) ? ` (${accuracy(card)})` : ''}. Click to switch.`;
    } catch (e) {
      item.text = '$(warning) RNN Lens';
      item.tooltip = `RNN Lens: ${(e as Error).message}`;
    }
    item.show();
  };
  refresh();
  context.subscriptions.push(
    item,
    models.onDidChangeModel((task) => task === 'sentiment' && refresh()),
    vscode.commands.registerCommand(COMMAND.selectSentimentModel, async () => {
      const current = models.selectedId('sentiment');
      const picks = models.cards('sentiment').map((c) => ({
        label: `${c.id === current ? '$(check) ' : ''}${c.id}`,
        description: [c.bidirectional ? 'bidirectional' : '', c.cell, c.default ? 'default' : ''].filter(Boolean).join(' · '),
        detail: [accuracy(c), `${(c.bytes / 1e6).toFixed(1)} MB`, `${c.parameters.toLocaleString('en-US')} parameters`].filter(Boolean).join(' · '),
        id: c.id,
      }));
      const pick = await vscode.window.showQuickPick(picks, {
        title: 'RNN Lens: sentiment model',
        placeHolder: 'Pick the model Analyze Sentiment and the inspector use',
      });
      if (pick) await models.select('sentiment', pick.id);
      return pick?.id;
    }),
  );
  return item;
}

// The status bar shows the models in use, sentiment and ghost text; clicking one opens its picker.
// Trained models show by the name the user gave them.

import * as vscode from 'vscode';
import { ModelCard } from '../core/model-bundle';
import { COMMAND } from './config';
import { languageOf } from '../core/model-tokenizer';
import { measuredQuality } from '../core/model-quality';
import { ModelService } from './model-service';

const nameOf = (c: ModelCard) => c.name ?? `${c.bidirectional ? 'Bi-' : ''}${c.cell}`;

const LANGUAGE_NAME = { en: () => vscode.l10n.t('English'), ko: () => vscode.l10n.t('Korean (한국어)') } as const;

export function registerStatusBar(context: vscode.ExtensionContext, models: ModelService): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('rnnLens.model', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('RNN Lens sentiment model');
  item.command = COMMAND.selectSentimentModel;
  const refresh = () => {
    try {
      const ids = models.sentimentIds();
      const card = models.registry.card(ids.en);
      const korean = ids.ko ? models.registry.card(ids.ko) : undefined;
      // English, and Korean when a Korean model is there to read Hangul sentences
      item.text = `$(pulse) ${nameOf(card)}${korean ? ` · 한 ${nameOf(korean)}` : ''}`;
      const line = (c: ModelCard) => {
        const quality = measuredQuality(c);
        return quality ? `${c.id} (${quality})` : c.id;
      };
      item.tooltip = korean
        ? vscode.l10n.t('RNN Lens sentiment models: English {0}; Korean {1}, for sentences mostly in Hangul. Click to switch.', line(card), line(korean))
        : vscode.l10n.t('RNN Lens sentiment model: {0}. Click to switch.', line(card));
    } catch (e) {
      item.text = '$(warning) RNN Lens';
      item.tooltip = `RNN Lens: ${(e as Error).message}`;
    }
    item.show();
  };
  refresh();
  const lm = vscode.window.createStatusBarItem('rnnLens.languageModel', vscode.StatusBarAlignment.Right, 99);
  lm.name = vscode.l10n.t('RNN Lens ghost-text model');
  lm.command = COMMAND.selectLanguageModel;
  const refreshLm = () => {
    try {
      const card = models.registry.card(models.selectedId('language-model'));
      lm.text = `$(sparkle) ${card.name ?? card.id}`;
      lm.tooltip = vscode.l10n.t(
        'RNN Lens ghost text: {0}. Click to switch.',
        card.name ? vscode.l10n.t('{0} ({1}, trained from {2})', card.name, card.id, card.fineTunedFrom ?? '') : card.id,
      );
    } catch (e) {
      lm.text = `$(warning) ${vscode.l10n.t('ghost text')}`;
      lm.tooltip = `RNN Lens: ${(e as Error).message}`;
    }
    lm.show();
  };
  refreshLm();
  const pickModel = async (task: 'sentiment' | 'language-model') => {
    // sentiment: a choice per language, each under its heading; the check marks what each uses
    const current = new Set((['en', 'ko'] as const).map((l) => models.selectedId(task, l)).filter((id): id is string => !!id));
    const languages = (['en', 'ko'] as const).filter((l) => models.cards(task).some((c) => languageOf(c) === l));
    const toPick = (c: ModelCard) => ({
      label: `${current.has(c.id) ? '$(check) ' : ''}${c.name ?? c.id}`,
      description: [c.bidirectional ? 'bidirectional' : '', c.cell, c.default ? 'default' : '', c.fineTunedFrom ? `trained from ${c.fineTunedFrom}` : '']
        .filter(Boolean)
        .join(' · '),
      detail: [measuredQuality(c), `${(c.bytes / 1e6).toFixed(1)} MB`, `${c.parameters.toLocaleString('en-US')} parameters`].filter(Boolean).join(' · '),
      id: c.id,
    });
    const picks: Array<vscode.QuickPickItem & { id?: string }> = languages.flatMap((l) => [
      ...(languages.length > 1 ? [{ label: LANGUAGE_NAME[l](), kind: vscode.QuickPickItemKind.Separator }] : []),
      ...models
        .cards(task)
        .filter((c) => languageOf(c) === l)
        .map(toPick),
    ]);
    const pick = await vscode.window.showQuickPick(picks, {
      title: task === 'sentiment' ? vscode.l10n.t('RNN Lens: sentiment model') : vscode.l10n.t('RNN Lens: ghost-text model'),
      placeHolder:
        task === 'sentiment'
          ? vscode.l10n.t('Pick the model Analyze Sentiment and the inspector use (one for English, one for Korean)')
          : vscode.l10n.t('Pick the model ghost text and the inspector use (one for English, one for Korean)'),
    });
    if (pick?.id) await models.select(task, pick.id);
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

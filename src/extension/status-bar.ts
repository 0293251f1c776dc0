// One status-bar item for RNN Lens (the UX guidelines ask for one where possible): the sentiment
// models in use and whether ghost text is on in this editor; a click opens a menu with the toggles,
// both model pickers, Clear and the log. Trained models show by the name the user gave them.

import * as vscode from 'vscode';
import { ModelCard } from '../core/model/model-bundle';
import { COMMAND, completionSettings, inlineVerdict } from './config';
import { completionMode } from './completion-provider';
import { languageOf } from '../core/text/model-tokenizer';
import { measuredQuality } from '../core/model/model-quality';
import { ModelService } from './model-service';
import { describeError, log } from './log';

const nameOf = (c: ModelCard) => c.name ?? `${c.bidirectional ? 'Bi-' : ''}${c.cell}`;

const LANGUAGE_NAME = { en: () => vscode.l10n.t('English'), ko: () => vscode.l10n.t('Korean (한국어)') } as const;

/** Where ghost text is offered in the active editor, in words for the tooltip and the screen reader. */
function ghostTextState(): { on: boolean; offered: boolean; where: string } {
  const document = vscode.window.activeTextEditor?.document;
  const s = completionSettings(document);
  const language = document?.languageId;
  const mode = language ? completionMode(language, s) : 'none';
  const where =
    mode === 'prose'
      ? vscode.l10n.t('in {0}', language!)
      : mode === 'comments'
        ? vscode.l10n.t('in {0} comments', language!)
        : language
          ? vscode.l10n.t('not offered for {0}', language)
          : vscode.l10n.t('no editor');
  return { on: s.enabled && mode !== 'none', offered: mode !== 'none', where };
}

export function registerStatusBar(context: vscode.ExtensionContext, models: ModelService): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('rnnLens.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'RNN Lens';
  item.command = COMMAND.menu;
  const refresh = () => {
    const ghost = ghostTextState();
    const enabled = completionSettings(vscode.window.activeTextEditor?.document).enabled;
    const ghostIcon = ghost.offered ? (ghost.on ? ' $(sparkle)' : ' $(circle-slash)') : '';
    const ghostWords = enabled ? vscode.l10n.t('RNN Lens ghost text on, {0}', ghost.where) : vscode.l10n.t('RNN Lens ghost text off, {0}', ghost.where);
    // a browser host fetches the models' cards first (the change event then refreshes the item)
    const fetching = models.ready();
    if (fetching) {
      item.text = `$(loading~spin) RNN Lens${ghostIcon}`;
      item.tooltip = vscode.l10n.t('RNN Lens: reading the list of models…');
      item.accessibilityInformation = { label: `${vscode.l10n.t('RNN Lens: reading the list of models…')} ${ghostWords}` };
      item.show();
      fetching.catch((e: unknown) => {
        item.text = `$(warning) RNN Lens${ghostIcon}`;
        item.tooltip = `RNN Lens: ${describeError(e)}`;
        log.error('the list of models could not be read', e);
      });
      return;
    }
    try {
      const ids = models.sentimentIds();
      const card = models.registry.card(ids.en);
      const korean = ids.ko ? models.registry.card(ids.ko) : undefined;
      // English, and Korean when a Korean model is there to read Hangul sentences
      item.text = `$(pulse) ${nameOf(card)}${korean ? ` · 한 ${nameOf(korean)}` : ''}${ghostIcon}`;
      const line = (c: ModelCard) => {
        const quality = measuredQuality(c);
        return quality ? `${c.id} (${quality})` : c.id;
      };
      const lms = (['en', 'ko'] as const).map((l) => models.selectedId('language-model', l)).filter((id): id is string => !!id);
      item.tooltip = [
        korean
          ? vscode.l10n.t('RNN Lens sentiment models: English {0}; Korean {1}, for sentences mostly in Hangul.', line(card), line(korean))
          : vscode.l10n.t('RNN Lens sentiment model: {0}.', line(card)),
        vscode.l10n.t('Ghost text: {0} ({1}).', lms.join(', '), enabled ? vscode.l10n.t('on, {0}', ghost.where) : vscode.l10n.t('off, {0}', ghost.where)),
        vscode.l10n.t('Click for settings, models and the log.'),
      ].join('\n');
      item.accessibilityInformation = { label: `${vscode.l10n.t('RNN Lens sentiment model: {0}.', card.id)} ${ghostWords}` };
    } catch (e) {
      item.text = `$(warning) RNN Lens${ghostIcon}`;
      item.tooltip = `RNN Lens: ${(e as Error).message}`;
      item.accessibilityInformation = { label: `RNN Lens: ${(e as Error).message}. ${ghostWords}` };
    }
    item.show();
  };
  refresh();
  const pickModel = async (task: 'sentiment' | 'language-model') => {
    await models.ready();
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
  /** The menu behind the item: what a user changes often, each one click away. */
  const menu = async () => {
    const document = vscode.window.activeTextEditor?.document;
    const ghost = ghostTextState();
    const enabled = completionSettings(document).enabled;
    type Entry = vscode.QuickPickItem & { run: () => Thenable<unknown> };
    const entries: Entry[] = [
      {
        label: enabled ? vscode.l10n.t('$(circle-slash) Turn ghost text off') : vscode.l10n.t('$(sparkle) Turn ghost text on'),
        description: ghost.where,
        run: () => vscode.commands.executeCommand(COMMAND.toggleCompletion),
      },
      {
        label: inlineVerdict() ? vscode.l10n.t('$(eye-closed) Hide verdicts at line ends') : vscode.l10n.t('$(eye) Show verdicts at line ends'),
        run: () => vscode.workspace.getConfiguration('rnnLens.sentiment').update('inlineVerdict', !inlineVerdict(), vscode.ConfigurationTarget.Global),
      },
      { label: vscode.l10n.t('$(pulse) Sentiment model…'), run: () => pickModel('sentiment') },
      { label: vscode.l10n.t('$(sparkle) Ghost-text model…'), run: () => pickModel('language-model') },
      { label: vscode.l10n.t('$(clear-all) Clear sentiment marks'), run: () => vscode.commands.executeCommand(COMMAND.clearSentiment) },
      { label: vscode.l10n.t('$(output) Show log'), run: () => vscode.commands.executeCommand(COMMAND.showLog) },
      { label: vscode.l10n.t('$(gear) Settings'), run: () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:rnn-lens.rnn-lens') },
    ];
    const pick = await vscode.window.showQuickPick(entries, { title: 'RNN Lens', placeHolder: vscode.l10n.t('Toggles, models and the log') });
    await pick?.run();
  };
  context.subscriptions.push(
    item,
    models.onDidChangeModel(refresh),
    vscode.window.onDidChangeActiveTextEditor(refresh),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('rnnLens') && refresh()),
    vscode.commands.registerCommand(COMMAND.menu, menu),
    vscode.commands.registerCommand(COMMAND.selectLanguageModel, () => pickModel('language-model')),
    vscode.commands.registerCommand(COMMAND.selectSentimentModel, () => pickModel('sentiment')),
  );
  return item;
}

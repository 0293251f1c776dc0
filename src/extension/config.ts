// Settings and command ids in one place. The defaults live only in package.json
// (`contributes.configuration`): VS Code returns them for any key the user has not set, so
// nothing here restates them.

import * as vscode from 'vscode';
import type { Task } from '../core/model/model-bundle';
import type { Language } from '../core/sentiment/routing';

export const COMMAND = {
  analyzeSentiment: 'rnnLens.analyzeSentiment',
  clearSentiment: 'rnnLens.clearSentiment',
  inspect: 'rnnLens.inspect',
  selectSentimentModel: 'rnnLens.selectSentimentModel',
  selectLanguageModel: 'rnnLens.selectLanguageModel',
  toggleCompletion: 'rnnLens.toggleCompletion',
  showLog: 'rnnLens.showLog',
  menu: 'rnnLens.menu',
} as const;

export interface CompletionSettings {
  enabled: boolean;
  words: number;
  /** the user's threshold; undefined where none is set: then each model's own (minProbabilityFor) */
  minProbability: number | undefined;
  languages: string[];
  commentLanguages: string[];
}

/** `rnnLens.completion.*` as they apply to `document` (`enabled` may be set per language). */
export function completionSettings(document?: vscode.TextDocument): CompletionSettings {
  const c = vscode.workspace.getConfiguration('rnnLens.completion', document);
  return {
    enabled: c.get<boolean>('enabled')!,
    words: c.get<number>('words')!,
    minProbability: isSet(c.inspect('minProbability')) ? c.get<number>('minProbability') : undefined,
    languages: c.get<string[]>('languages')!,
    commentLanguages: c.get<string[]>('commentLanguages')!,
  };
}

/** The setting that names the chosen model of a task (empty: the task's default); Korean has its own of each. */
export function modelSetting(task: Task, language: Language = 'en'): 'sentimentModel' | 'koreanSentimentModel' | 'languageModel' | 'koreanLanguageModel' {
  if (task === 'language-model') return language === 'ko' ? 'koreanLanguageModel' : 'languageModel';
  return language === 'ko' ? 'koreanSentimentModel' : 'sentimentModel';
}

export function chosenModel(task: Task, language: Language = 'en'): string {
  return vscode.workspace.getConfiguration('rnnLens').get<string>(modelSetting(task, language)) ?? '';
}

/** Chooses a task's model in the user settings (the model picker). */
export async function setChosenModel(task: Task, id: string, workspace = false, language: Language = 'en'): Promise<void> {
  await vscode.workspace
    .getConfiguration('rnnLens')
    .update(modelSetting(task, language), id, workspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
}

export const followSelection = () => vscode.workspace.getConfiguration('rnnLens.inspector').get<boolean>('followSelection')!;
export const inlineVerdict = () => vscode.workspace.getConfiguration('rnnLens.sentiment').get<boolean>('inlineVerdict')!;

/** Where a setting's value in effect comes from, most specific first (VS Code's precedence:
 *  a language-specific value beats any value that is not, then folder > workspace > user). */
const SCOPES = [
  ['workspaceFolderLanguageValue', vscode.ConfigurationTarget.WorkspaceFolder, true],
  ['workspaceLanguageValue', vscode.ConfigurationTarget.Workspace, true],
  ['globalLanguageValue', vscode.ConfigurationTarget.Global, true],
  ['workspaceFolderValue', vscode.ConfigurationTarget.WorkspaceFolder, false],
  ['workspaceValue', vscode.ConfigurationTarget.Workspace, false],
  ['globalValue', vscode.ConfigurationTarget.Global, false],
] as const;

/** Whether the user (or the workspace, for any language) set a value, rather than leaving the default. */
function isSet(inspected: Partial<Record<(typeof SCOPES)[number][0], unknown>> | undefined): boolean {
  return SCOPES.some(([field]) => inspected?.[field] !== undefined);
}

export interface SettingScope {
  target: vscode.ConfigurationTarget;
  /** the value is the language-specific one (`"[markdown]": {…}`) */
  language: boolean;
}

/** The scope whose value of `section.key` is in effect for `document` (user settings if none is set). */
export function effectiveScope(section: string, key: string, document?: vscode.TextDocument): SettingScope {
  const inspected = vscode.workspace.getConfiguration(section, document).inspect(key);
  for (const [field, target, language] of SCOPES) {
    if (inspected?.[field] !== undefined) return { target, language };
  }
  return { target: vscode.ConfigurationTarget.Global, language: false };
}

/**
 * Writes `value` where the value in effect comes from, so the change takes effect: writing to
 * user settings while a workspace (or a language-specific) value overrides them would change
 * nothing the user sees. `forLanguage` writes a language-specific value instead.
 */
export async function updateInEffect(section: string, key: string, value: unknown, document?: vscode.TextDocument, forLanguage = false): Promise<SettingScope> {
  let scope = effectiveScope(section, key, document);
  if (forLanguage && !scope.language) scope = { target: vscode.ConfigurationTarget.Global, language: true };
  await vscode.workspace.getConfiguration(section, document).update(key, value, scope.target, scope.language || undefined);
  return scope;
}

// What the core says to the user (why a text gets no verdict, what a training is doing or why it
// cannot train), in the user's language. The core words each sentence once, in English, with its
// values in {0}, {1}, … (core/messages.ts, listed in extension/message-catalog.ts): that template is the
// key of its translation in l10n/, and the name of a script ("Hangul", "Japanese") is translated
// too. Any other text is shown as it is.

import * as vscode from 'vscode';
import { CORE_MESSAGES, isTranslatedValue } from './message-catalog';
import { parseMessage } from '../core/messages';

export function localMessage(text: string): string {
  const parsed = parseMessage(text, CORE_MESSAGES);
  if (!parsed) return text;
  return vscode.l10n.t(parsed.template, ...parsed.values.map((v, i) => (isTranslatedValue(parsed.template, i) ? vscode.l10n.t(v) : v)));
}

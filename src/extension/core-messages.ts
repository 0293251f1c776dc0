// What the core says to the user (why a text gets no verdict, what a training is doing or why it
// cannot train), in the user's language. The core hands its sentences out as data (core/messages.ts:
// a template, worded once in English, and its values); the template is the key of its translation
// in l10n/, and the name of a script ("Hangul", "Japanese") is translated too. An error's sentence
// is read back into its template first (parseMessage); any other text is shown as it is.

import * as vscode from 'vscode';
import { CORE_MESSAGES, isTranslatedValue } from './message-catalog';
import { parseMessage, type Message } from '../core/messages';

export function localMessage(said: string | Message): string {
  const m = typeof said === 'string' ? parseMessage(said, CORE_MESSAGES) : { template: said.key, values: said.values.map(String) };
  if (!m) return said as string;
  return vscode.l10n.t(m.template, ...m.values.map((v, i) => (isTranslatedValue(m.template, i) ? vscode.l10n.t(v) : v)));
}

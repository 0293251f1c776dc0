// What the core says to the user (a reason for no verdict, a training's stage), in the user's
// language. The core words each sentence once, in English, with its values in {0}, {1}, …
// (core/messages.ts): that template is the key of its translation in l10n/, and the name of a
// script ("Hangul", "Japanese") is translated too. Any other text is shown as it is.

import * as vscode from 'vscode';
import { parseMessage } from '../core/messages';
import { REASONS } from '../core/readability';
import { SENTIMENT_MESSAGES } from '../core/sentiment';
import { TRAINING_MESSAGES } from '../core/training/training-messages';

/** every template the core fills (the l10n test checks each has Korean) */
export const CORE_MESSAGES: readonly string[] = [...Object.values(REASONS), ...Object.values(SENTIMENT_MESSAGES), ...Object.values(TRAINING_MESSAGES)];

export function localMessage(text: string): string {
  const parsed = parseMessage(text, CORE_MESSAGES);
  if (!parsed) return text;
  const values = parsed.template === REASONS.script ? [vscode.l10n.t(parsed.values[0]), ...parsed.values.slice(1)] : parsed.values;
  return vscode.l10n.t(parsed.template, ...values);
}

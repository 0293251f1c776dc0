// A "no verdict" reason in the user's language. The core words each reason once, in English, with
// its values in {0}, {1}, … (core/readability.ts REASONS): that template is the key of its
// translation in l10n/, and a script's name ("Hangul", "Japanese") is translated too.

import * as vscode from 'vscode';
import { parseReason, REASONS } from '../core/readability';

export function localReason(reason: string): string {
  const parsed = parseReason(reason);
  if (!parsed) return reason;
  const values = parsed.template === REASONS.script ? [vscode.l10n.t(parsed.values[0]), ...parsed.values.slice(1)] : parsed.values;
  return vscode.l10n.t(parsed.template, ...values);
}

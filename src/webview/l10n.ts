// The pages' words in the language VS Code speaks: the extension writes it into <html lang> and
// the translations VS Code gave it (vscode.l10n.bundle, from l10n/bundle.l10n.ko.json: one Korean
// bundle for everything the user reads) into the page (webview-page.ts). English is the source and
// the key, as in vscode.l10n; Korean uses the terms Korean learners of RNNs know (은닉 상태, 셀 상태,
// 망각 게이트, …). A webview cannot call vscode.l10n itself.

import { fill } from '../core/messages';

/** The translations VS Code handed the extension (vscode.l10n.bundle), written into the page by webview-page.ts. */
function bundle(): Record<string, string> {
  const json = typeof document !== 'undefined' ? document.getElementById('rnn-lens-l10n')?.textContent : undefined;
  try {
    const parsed: unknown = json ? JSON.parse(json) : {};
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}
const KO = bundle();

const korean = typeof document !== 'undefined' && document.documentElement.lang === 'ko';

/** `message` in the page's language, `{0}`, `{1}`… replaced by `args`. */
export function t(message: string, ...args: Array<string | number>): string {
  return fill(korean ? (KO[message] ?? message) : message, ...args);
}

/** the page speaks Korean */
export const isKorean = (): boolean => korean;

/** A gate's name, in words the bundle has (each spelled out, so the bundle test sees every one). */
export function gateLabel(gate: string): string {
  switch (gate) {
    case 'input':
      return t('input gate');
    case 'forget':
      return t('forget gate');
    case 'output':
      return t('output gate');
    case 'update':
      return t('update gate');
    case 'reset':
      return t('reset gate');
    case 'candidate':
      return t('candidate gate');
    default:
      return `${gate} gate`;
  }
}

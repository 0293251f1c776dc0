// The page every RNN Lens webview starts from: a strict Content-Security-Policy (nothing but the
// extension's own script, by nonce, and its own stylesheet), one script and one stylesheet from
// dist/webview/, and an empty <main id="app"> the script fills. <html lang> is VS Code's display
// language (Korean or English), which the page's words follow (src/webview/l10n.ts), with the
// translations VS Code loaded for it as a JSON data block (not run: it is not JavaScript).

import * as vscode from 'vscode';

/** VS Code's translations for its display language, for the page's t() (none in English); `<` escaped so no text closes the script element. */
const translations = () => JSON.stringify(vscode.l10n.bundle ?? {}).replace(/</g, '\\u003c');

/** A script nonce for the page's Content-Security-Policy, from the system's secure random source
 *  (Web Crypto: there in Node and in a browser's extension host alike). */
const nonce = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18)))).replace(/[+/=]/g, (c) => (c === '+' ? '-' : c === '/' ? '_' : ''));

export function webviewPage(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  page: { script: string; style: string; title: string; images?: boolean },
): string {
  const n = nonce();
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file));
  const images = page.images ? ` img-src ${webview.cspSource} data:;` : '';
  return `<!DOCTYPE html>
<html lang="${vscode.env.language.toLowerCase().startsWith('ko') ? 'ko' : 'en'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none';${images} style-src ${webview.cspSource}; script-src 'nonce-${n}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${asset(page.style)}" rel="stylesheet">
<title>${page.title}</title>
</head>
<body>
<main id="app"></main>
<script type="application/json" id="rnn-lens-l10n" nonce="${n}">${translations()}</script>
<script nonce="${n}" src="${asset(page.script)}"></script>
</body>
</html>`;
}

// The channel's Port inside a webview page: out through the VS Code API's postMessage, in from
// the window's message events (a webview cannot transfer buffers, so transfer lists are dropped).

import type { Port } from '../core/channel';

export function pagePort(vscode: { postMessage(message: unknown): void }): Port {
  return {
    post: (message) => vscode.postMessage(message),
    listen: (receive) => {
      const listener = (event: MessageEvent) => receive(event.data);
      window.addEventListener('message', listener);
      return () => window.removeEventListener('message', listener);
    },
  };
}

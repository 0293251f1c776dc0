// The "RNN Lens" output channel (a LogOutputChannel: levels, timestamps, the user's log-level
// setting). Errors land here with their details, and the longer work with its timing, so a user
// reporting a problem has something to paste. `RNN Lens: Show Log` opens it.

import * as vscode from 'vscode';
import { COMMAND } from './config';

let channel: vscode.LogOutputChannel | undefined;

export function registerLog(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  channel = vscode.window.createOutputChannel('RNN Lens', { log: true });
  context.subscriptions.push(
    channel,
    vscode.commands.registerCommand(COMMAND.showLog, () => channel?.show(true)),
  );
  return channel;
}

const detail = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

export const log = {
  info: (message: string) => channel?.info(message),
  warn: (message: string) => channel?.warn(message),
  error: (message: string, e?: unknown) => (e === undefined ? channel?.error(message) : channel?.error(message, detail(e))),
  /** runs `work` and logs how long it took */
  async timed<T>(what: string, work: () => Promise<T> | T): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      channel?.info(`${what}: ${(performance.now() - start).toFixed(0)} ms`);
    }
  },
};

/** A message for the user from an error (model-file errors already name the file). */
export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

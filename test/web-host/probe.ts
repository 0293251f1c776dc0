// A test extension for the end-to-end suite of VS Code for the Web (test/e2e/web.test.mjs): it
// runs in the same browser web worker extension host as RNN Lens, calls RNN Lens's API there and
// writes what it saw into the workspace (web-host-report.json), for the suite to compare with the
// CLI's answers. Not part of the VSIX.

import * as vscode from 'vscode';

interface WebApi {
  host: { node: boolean; worker: boolean; kernels: string; summary: string };
  classify(text: string): Promise<unknown>;
  complete(text: string, options: { words: number; k: number }): Promise<Array<{ text: string; p: number }>>;
  inspector(): { refresh(): Promise<void> } | undefined;
}

/** The longest pause of a 5 ms timer on this host while `work` runs. */
async function longestGap<T>(work: () => Thenable<T> | Promise<T>): Promise<{ gap: number; result: T; ms: number; gaps: number[][] }> {
  let last = performance.now();
  let gap = 0;
  const gaps: number[][] = [];
  const start = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    if (now - last > 15) gaps.push([Math.round(last - start), Math.round(now - last)]);
    last = now;
  }, 5);
  try {
    const result = await work();
    return { gap, result, ms: performance.now() - start, gaps };
  } finally {
    clearInterval(timer);
  }
}

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rnnLensWebProbe.report', async () => {
      const folder = vscode.workspace.workspaceFolders![0].uri;
      const asked = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'web-host-request.json'));
      const request = JSON.parse(new TextDecoder().decode(asked)) as { classify: string[]; complete: string[]; long: string };
      const extension = vscode.extensions.getExtension<WebApi>('rnn-lens.rnn-lens');
      if (!extension) throw new Error('RNN Lens is not installed');
      const api = await extension.activate();
      const classify = [];
      for (const text of request.classify) classify.push(await api.classify(text));
      const complete = [];
      for (const text of request.complete) complete.push(await api.complete(text, { words: 3, k: 3 }));
      // long work beside a timer: a long selection analysed (in the Web Worker), then traced by the inspector
      const document = await vscode.workspace.openTextDocument({ content: request.long, language: 'plaintext' });
      const editor = await vscode.window.showTextDocument(document);
      editor.selection = new vscode.Selection(0, 0, document.lineCount, 0);
      const sentiment = await longestGap(() =>
        vscode.commands.executeCommand<Array<{ result?: { sentences: unknown[] }; error?: string }>>('rnnLens.analyzeSentiment'),
      );
      editor.selection = new vscode.Selection(0, 0, 20, 0);
      // the inspector traces in the Web Worker: the panel's refresh settles once the trace is drawn
      const inspect = await longestGap(async () => {
        await vscode.commands.executeCommand('rnnLens.inspect');
        await api.inspector()?.refresh();
      });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      const report = {
        probe: { process: typeof process, worker: typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope },
        host: api.host,
        classify,
        complete,
        sentiment: {
          gap: sentiment.gap,
          ms: sentiment.ms,
          sentences: sentiment.result?.[0]?.result?.sentences.length ?? 0,
          gaps: sentiment.gaps,
          error: sentiment.result?.[0]?.error ?? null,
        },
        inspect: { gap: inspect.gap, ms: inspect.ms },
      };
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'web-host-report.json'), new TextEncoder().encode(JSON.stringify(report, null, 2)));
      return report;
    }),
  );
}

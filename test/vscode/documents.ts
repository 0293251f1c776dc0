// Opening a test document in an editor, as every extension-host suite does, with the waits
// code-server needs: right after a multi-megabyte document it can answer with the editor it is
// leaving, a just-opened document can briefly hold less than its text (seen once: lineAt(2) of a
// three-line document threw), and an untitled document can come back with an earlier test's text
// (an untitled name reused while the closed document still lives) — then a new one is opened.

import * as vscode from 'vscode';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function openDocument(content: string, language = 'plaintext'): Promise<vscode.TextEditor> {
  let held = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const doc = await vscode.workspace.openTextDocument({ content, language });
    let editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    for (let i = 0; editor.document !== doc && i < 200; i++) {
      editor = vscode.window.visibleTextEditors.find((e) => e.document === doc) ?? editor;
      if (editor.document !== doc) await pause(50);
    }
    if (editor.document !== doc) throw new Error('the test document did not open in an editor');
    for (let i = 0; doc.getText() !== content && i < 60; i++) await pause(50);
    if (doc.getText() === content) return editor;
    held = doc.getText();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  throw new Error(`the test document holds ${JSON.stringify(held.slice(0, 200))}, not the text asked for`);
}

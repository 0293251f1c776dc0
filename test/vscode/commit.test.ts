// Ghost text in a commit message reads the repository's earlier messages first (through VS Code's
// Git extension), so a word the team's log uses is proposed though the message has not used it.

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RnnLensApi } from '../../src/extension/extension';

let api: RnnLensApi;

interface GitRepository {
  readonly rootUri: vscode.Uri;
}
interface GitApi {
  openRepository(root: vscode.Uri): Promise<GitRepository | null>;
  getRepository(uri: vscode.Uri): GitRepository | null;
}

describe('RNN Lens ghost text in a commit message', function () {
  this.timeout(120_000);

  before(async () => {
    api = await vscode.extensions.getExtension<RnnLensApi>('rnn-lens.rnn-lens')!.activate();
  });

  it("proposes a word of the repository's log that the message itself has not used", async () => {
    const root = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'commit-repo');
    fs.mkdirSync(root, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: root });
    git('init', '-q');
    for (const message of ['Teach the zorblatt parser to skip blank lines', 'Speed up the zorblatt cache', 'Document the zorblatt options']) {
      git('commit', '-q', '--allow-empty', '-m', message);
    }
    const extension = vscode.extensions.getExtension<{ getAPI(v: 1): GitApi }>('vscode.git');
    assert.ok(extension, 'VS Code ships its Git extension');
    const gitApi = (await extension.activate()).getAPI(1);
    await gitApi.openRepository(vscode.Uri.file(root));
    const file = vscode.Uri.file(path.join(root, '.git', 'COMMIT_EDITMSG'));
    fs.writeFileSync(file.fsPath, 'Make the zorb\n# Please enter the commit message for your changes.\n');
    const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(file), 'git-commit');
    const editor = await vscode.window.showTextDocument(doc);
    const position = new vscode.Position(0, 'Make the zorb'.length);
    const ask = async () =>
      (
        await api.completionProvider.provideInlineCompletionItems(
          editor.document,
          position,
          { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: undefined },
          new vscode.CancellationTokenSource().token,
        )
      ).map((i) => String(i.insertText));
    for (let i = 0; i < 100 && !gitApi.getRepository(file); i++) await new Promise((r) => setTimeout(r, 100));
    const repository = api.completionProvider.commitLog.repositoryOf(editor.document);
    assert.ok(repository, 'the commit message is found to belong to the repository');
    const first = await ask(); // answers at once, and starts reading the log in the background
    assert.ok(!first.some((t) => t.startsWith('zorblatt')), `before the log is read, the message alone: ${JSON.stringify(first)}`);
    await api.completionProvider.commitLog.read(repository);
    const items = await ask();
    assert.ok(
      items.some((t) => t.startsWith('zorblatt')),
      `the log's word is proposed: ${JSON.stringify(items)}`,
    );
    // on git's own comment lines, nothing
    const onComment = await api.completionProvider.provideInlineCompletionItems(
      editor.document,
      new vscode.Position(1, 10),
      { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: undefined },
      new vscode.CancellationTokenSource().token,
    );
    assert.deepEqual(onComment, []);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

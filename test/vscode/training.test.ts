// Training on your own text inside VS Code: the workspace files it reads, a language model trained
// for seconds from the command that ghost text then uses, Cancel, one training at a time, a
// sentiment model from a labelled file, and Manage Trained Models' delete.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RnnLensApi } from '../../src/extension/extension';

let api: RnnLensApi;

/** A team's notes about their own service, with words no bundled model knows. */
const NOTE = (i: number) =>
  Array.from(
    { length: 30 },
    (_, k) =>
      [
        'The frobnicator restarts the widget cache every night.',
        'When the frobnicator fails, the on-call engineer checks the widget cache.',
        'Deploy the frobnicator before the zorkbridge migration.',
        'The zorkbridge keeps a copy of the widget cache.',
      ][(k + i) % 4],
  ).join(' ');

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the extension-host tests run with a folder open');
  return folder.uri.fsPath;
}

async function ghostAfter(text: string): Promise<string[]> {
  const doc = await vscode.workspace.openTextDocument({ content: text, language: 'markdown' });
  const editor = await vscode.window.showTextDocument(doc);
  const items = await api.completionProvider.provideInlineCompletionItems(
    editor.document,
    editor.document.positionAt(text.length),
    { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: undefined },
    new vscode.CancellationTokenSource().token,
  );
  return items.map((i) => String(i.insertText));
}

describe('RNN Lens training on your own text', function () {
  this.timeout(240_000);
  let docs = '';

  before(async () => {
    api = await vscode.extensions.getExtension<RnnLensApi>('rnn-lens.rnn-lens')!.activate();
    const root = workspaceRoot();
    docs = path.join(root, 'team-docs');
    fs.mkdirSync(docs, { recursive: true });
    for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(docs, `note-${i}.md`), `# Note ${i}\n\n${NOTE(i)}\n`);
    fs.mkdirSync(path.join(root, 'build'), { recursive: true });
    fs.writeFileSync(path.join(root, 'build', 'generated.md'), 'generated, ignored by git');
    fs.writeFileSync(path.join(root, '.gitignore'), 'build/\n');
    fs.mkdirSync(path.join(root, 'node_modules', 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules', 'pkg', 'README.md'), 'a dependency');
    fs.writeFileSync(path.join(root, 'secret.txt'), 'excluded by files.exclude');
    await vscode.workspace.getConfiguration('files').update('exclude', { '**/secret.txt': true }, vscode.ConfigurationTarget.Workspace);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.workspace.getConfiguration('files').update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('rnnLens').update('languageModel', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('rnnLens').update('languageModel', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('rnnLens').update('sentimentModel', undefined, vscode.ConfigurationTarget.Global);
  });

  it("reads the workspace's Markdown and text files, leaving out what .gitignore, files.exclude and node_modules leave out", async () => {
    const files = (await api.workspaceTextFiles()).map((f) => path.relative(workspaceRoot(), f).split(path.sep).join('/'));
    for (let i = 0; i < 3; i++) assert.ok(files.includes(`team-docs/note-${i}.md`), files.join(', '));
    assert.ok(!files.some((f) => f.startsWith('build/')), '.gitignore');
    assert.ok(!files.some((f) => f.startsWith('node_modules/')), 'node_modules');
    assert.ok(!files.includes('secret.txt'), 'files.exclude');
  });

  it('trains a language model for seconds from the command; it is listed, ghost text uses it, and Manage deletes it', async () => {
    const before = await ghostAfter('Tonight the frobnic');
    assert.ok(!before.some((t) => t.startsWith('frobnicator')), `the bundled model cannot know the word: ${before}`);
    const result = (await vscode.commands.executeCommand('rnnLens.trainLanguageModel', {
      files: [docs],
      name: 'Team notes',
      scope: 'workspace',
      epochs: 2,
      use: true,
    })) as { status: string; id: string };
    assert.equal(result.status, 'done', JSON.stringify(result));
    assert.equal(result.id, 'team-notes');
    const listed = api.models.trainedModels().find((t) => t.card.id === 'team-notes');
    assert.ok(listed, 'listed among the trained models');
    assert.equal(listed.scope, 'workspace');
    assert.equal(listed.card.name, 'Team notes');
    assert.ok(!JSON.stringify(listed.card).includes('frobnicator restarts'), 'the card holds counts, never the text');
    assert.equal(api.models.selectedId('language-model'), 'team-notes', 'chosen for ghost text (in the workspace settings)');
    assert.equal(vscode.workspace.getConfiguration('rnnLens').inspect('languageModel')?.workspaceValue, 'team-notes');
    const after = await ghostAfter('Tonight the frobnic');
    assert.ok(
      after.some((t) => t.startsWith('frobnicator')),
      `ghost text now knows the team's word: ${after}`,
    );
    // the Training view showed the run: a curve, and the before/after on held-out files
    const state = api.trainingPanel()?.lastPosted;
    assert.equal(state?.status, 'done');
    assert.ok((state?.curves.final.length ?? 0) > 0, 'a loss curve');
    assert.ok(state?.comparison.some((r) => /keystroke savings/.test(r.label)));
    // the inspector traces it too (in its worker, from the trained model's folder) and knows the new word
    await vscode.commands.executeCommand('rnnLens.inspect', { text: 'Tonight the frobnicator restarts', task: 'language-model' });
    for (const end = Date.now() + 60_000; api.inspector()?.lastTrace?.model !== 'team-notes';) {
      if (Date.now() > end) throw new Error(`the inspector traced ${api.inspector()?.lastTrace?.model}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // the words' columns (the trace also reads an <eos> before the sentence, as the ghost text does)
    const word = api.inspector()?.lastTrace?.tokens.filter((t) => !t.endOfSentence)[2];
    assert.equal(word?.norm, 'frobnicator');
    assert.ok(word?.known, 'a word of the trained vocabulary, not <unk>');
    api.inspector()?.dispose();
    await api.training.delete('team-notes');
    assert.ok(!api.models.trainedModels().some((t) => t.card.id === 'team-notes'), 'deleted');
    assert.notEqual(api.models.selectedId('language-model'), 'team-notes', 'ghost text went back to a bundled model');
    assert.equal(vscode.workspace.getConfiguration('rnnLens').inspect('languageModel')?.workspaceValue, undefined);
  });

  it('Cancel stops the training and saves nothing; a second training while one runs is refused', async () => {
    const storage = api.models.trained.global!;
    const listed = () => (fs.existsSync(storage) ? fs.readdirSync(storage).filter((f) => !f.startsWith('.') && f !== 'defaults.json') : []);
    const before = listed();
    const first = vscode.commands.executeCommand('rnnLens.trainLanguageModel', { files: [docs], name: 'Never saved', scope: 'global', epochs: 8 }) as Thenable<{
      status: string;
    }>;
    const started = Date.now();
    while (!api.training.running?.events.some((e) => e.kind === 'batch') && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 50));
    assert.ok(api.training.running, 'training is running');
    const second = (await vscode.commands.executeCommand('rnnLens.trainSentimentModel', { file: path.join(docs, 'note-0.md'), name: 'x' })) as {
      status: string;
      message: string;
    };
    assert.equal(second.status, 'error');
    assert.match(second.message, /another training/);
    api.training.running!.cancel();
    const result = await first;
    assert.equal(result.status, 'cancelled');
    assert.deepEqual(listed(), before, 'no model folder was written');
    assert.equal(api.trainingPanel()?.lastPosted?.status, 'cancelled');
  });

  it('trains a sentiment model from a labelled CSV; its held-out accuracy is reported beside the starting model', async () => {
    const file = path.join(workspaceRoot(), 'labelled.csv');
    const rows = Array.from({ length: 80 }, (_, i) => (i % 2 ? `"The zorkbridge is great, ""really"" great",5` : `"The frobnicator broke again,\nawful",1`));
    fs.writeFileSync(file, 'review,stars\n' + rows.join('\n') + '\n');
    const result = (await vscode.commands.executeCommand('rnnLens.trainSentimentModel', {
      file,
      name: 'Support tickets',
      scope: 'global',
      epochs: 2,
      use: true,
    })) as {
      status: string;
      id: string;
    };
    assert.equal(result.status, 'done', JSON.stringify(result));
    assert.equal(api.models.selectedId('sentiment'), result.id);
    const state = api.trainingPanel()?.lastPosted;
    assert.ok(
      state?.facts.some((f) => /text "review", label "stars"/.test(f)),
      JSON.stringify(state?.facts),
    );
    assert.match(state?.comparison[0]?.label ?? '', /accuracy on held-out rows/);
    await api.training.delete(result.id);
    assert.notEqual(api.models.selectedId('sentiment'), result.id);
  });
});

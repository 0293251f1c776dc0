// The extension in a real VS Code: real commands, the real inline provider, the real webview.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RnnLensApi } from '../../src/extension/extension';
import type { AnalysisOutcome } from '../../src/extension/sentiment-command';
import type { TokenAttribution } from '../../src/core/trace/analysis';
import { tokenize } from '../../src/core/text/tokenizer';
import { openDocument } from './documents';
import { inEnglish } from '../../src/core/messages';

const EXTENSION_ID = 'rnn-lens.rnn-lens';
let api: RnnLensApi;

function select(editor: vscode.TextEditor, ...lines: number[]): void {
  editor.selections = lines.map((l) => new vscode.Selection(l, 0, l, editor.document.lineAt(l).text.length));
}

const analyze = () => vscode.commands.executeCommand<AnalysisOutcome[]>('rnnLens.analyzeSentiment');

/** Waits until the inspector's webview reports having drawn a trace of `text`. */
async function rendering(text: string, ms = 60_000): Promise<{ tokens: number; columns: number }> {
  const end = Date.now() + ms;
  for (;;) {
    const p = api.inspector();
    if (
      p?.lastRendered &&
      p.lastTrace &&
      p.lastTrace.tokens
        .filter((t) => !t.endOfSentence)
        .map((t) => t.text)
        .join('') ===
        tokenize(text)
          .map((t) => text.slice(t.start, t.end))
          .join('')
    )
      return p.lastRendered;
    if (Date.now() > end)
      throw new Error(
        `the inspector did not draw within ${ms} ms (panel ${p ? `visible ${p.panel.visible}, ready ${p.isReady}, traced ${!!p.lastTrace}, drawn ${JSON.stringify(p.lastRendered)}, trace ${p.lastTrace?.tokens.map((t) => t.text).join('|')}` : 'missing'})`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('RNN Lens in VS Code', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension<RnnLensApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    api = await ext.activate();
    await vscode.workspace.getConfiguration('rnnLens').update('sentimentModel', '', vscode.ConfigurationTarget.Global);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Analyze Sentiment labels known positive and negative sentences, each selection on its own', async () => {
    const editor = await openDocument(
      'I loved this movie, the acting was wonderful and the story moving.\nThis was a terrible, boring waste of time and money.\n',
    );
    select(editor, 0, 1);
    const outcomes = await analyze();
    assert.equal(outcomes.length, 2);
    assert.equal(outcomes[0].result?.label, 'positive', JSON.stringify(outcomes[0]));
    assert.equal(outcomes[1].result?.label, 'negative', JSON.stringify(outcomes[1]));
    assert.ok(outcomes[0].result!.confidence > 0.5);
  });

  it('with nothing selected it analyses the current line; multi-sentence text gets decorations that clear on edit', async () => {
    const editor = await openDocument('Great battery and a bright screen. The speaker broke after a week, awful.\n');
    editor.selection = new vscode.Selection(0, 3, 0, 3);
    const [outcome] = await analyze();
    assert.equal(outcome.result?.sentences.length, 2);
    assert.deepEqual(
      outcome.result?.sentences.map((s) => s.label),
      ['positive', 'negative'],
    );
    assert.equal(api.decorations.count, 1);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'Edited. '));
    assert.equal(api.decorations.count, 0, 'decorations clear when the text changes');
  });

  it('empty lines, junk, emoji and other scripts give a clear message, never an exception', async () => {
    const editor = await openDocument('   \n\u0000\u0001\u0002\n😀😀 🎉\n這部電影很好看\n');
    for (const line of [0, 1]) {
      select(editor, line);
      const [o] = await analyze();
      assert.match(o.error ?? '', /nothing to analyse/);
    }
    select(editor, 2);
    const [emoji] = await analyze();
    assert.equal(emoji.result?.label, 'positive', 'emoji are read as the words they stand for');
    select(editor, 3);
    const [chinese] = await analyze();
    assert.ok(chinese.result, chinese.error);
    assert.equal(chinese.result!.label, null, 'no verdict without evidence');
    assert.match(chinese.result!.reason ? inEnglish(chinese.result!.reason) : '', /Han script/);
  });

  it('a 5 MB selection is refused at once; a 200 KB one is analysed in bounded chunks', async () => {
    const big = 'This product is great and works well. '.repeat(140_000);
    const editor = await openDocument(big);
    editor.selection = new vscode.Selection(editor.document.positionAt(0), editor.document.positionAt(big.length));
    const t0 = Date.now();
    const [refused] = await analyze();
    assert.match(refused.error ?? '', /analyses at most 1,000,000/);
    assert.ok(Date.now() - t0 < 5000);
    editor.selection = new vscode.Selection(editor.document.positionAt(0), editor.document.positionAt(200_000));
    const [done] = await analyze();
    assert.equal(done.result?.label, 'positive');
    assert.ok(done.result!.sentences.length > 5000);
    // the next tests need not share the host with a 5.6 MB document
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('the inline provider finishes a partial word and proposes next words in Markdown', async () => {
    const editor = await openDocument('# Notes\n\nThe committee said that the governmen', 'markdown');
    const end = editor.document.positionAt(editor.document.getText().length);
    const provider = api.completionProvider;
    const items = await provider.provideInlineCompletionItems(
      editor.document,
      end,
      { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: undefined },
      new vscode.CancellationTokenSource().token,
    );
    const list = items;
    assert.ok(list.length > 0, 'a completion is proposed');
    const text = String(list[0].insertText);
    assert.match(text, /^governmen[a-z]+( [a-z']+)*$/, text);
    // the item replaces the typed letters of the word: from its start to the cursor
    assert.ok(list[0].range?.end.isEqual(end));
    assert.equal(editor.document.getText(list[0].range), 'governmen');
    const cancelled = new vscode.CancellationTokenSource();
    cancelled.cancel();
    const none = await provider.provideInlineCompletionItems(
      editor.document,
      end,
      { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: undefined },
      cancelled.token,
    );
    assert.deepEqual(none, [], 'a cancelled request returns nothing');
  });

  it('the inspector opens and its webview renders one column per token of the text', async () => {
    const text = "The movie wasn't good, although the first half was brilliant.";
    await vscode.commands.executeCommand('rnnLens.inspect', { text, task: 'sentiment' });
    const r = await rendering(text);
    assert.equal(r.tokens, tokenize(text).length);
    assert.equal(r.columns, r.tokens, 'one heatmap column per token');
    assert.equal(api.inspector()?.lastTrace?.tokens.length, tokenize(text).length);
    await vscode.commands.executeCommand('rnnLens.inspect', { text: 'the cat sat on the', task: 'language-model' });
    // a language model reads <eos> before the text, as the ghost text does: a column of its own
    const lm = await rendering('the cat sat on the');
    assert.equal(lm.tokens, 6);
    assert.equal(lm.columns, 6);
    assert.equal(api.inspector()?.lastTrace?.tokens[0].endOfSentence, true);
    assert.equal(api.inspector()?.lastTrace?.outputs[0].next?.length, 5);
  });

  it("the Why tab's occlusion gives the extension host back while it works, and stops when the text changes", async () => {
    const text = 'The actors were not good , but the story was great fun . '.repeat(11); // 143 tokens
    const T = tokenize(text).length;
    const model = api.models.selectedId('sentiment');
    // a timer that only fires when the event loop is free
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = Date.now();
    const a = (await api.ask({ type: 'occlusion', model }, text)) as { occlusion: number[] };
    const ms = Date.now() - started;
    clearInterval(timer);
    assert.equal(a.occlusion.length, T);
    assert.ok(
      a.occlusion.some((v) => Math.abs(v) > 1e-4),
      'occluding words moves the decision',
    );
    assert.ok(ticks >= Math.min(20, ms / 100), `the event loop ran ${ticks} times during ${ms} ms of analysis`);
    // past the limit: no occlusion, and the view is told why; the gradients still come
    assert.deepEqual(await api.ask({ type: 'occlusion', model }, text + text), { limit: 150 });
    const long = (await api.ask({ type: 'attribution', model }, text + text)) as TokenAttribution;
    assert.equal(long.gradient.length, 2 * T);
    // the inspector moved on to other text: the work stops at its next pause
    let pauses = 0;
    await assert.rejects(
      api.ask({ type: 'occlusion', model }, text, () => ++pauses > 2),
      /text changed/,
    );
    await assert.rejects(
      api.ask({ type: 'compare' }, text, () => true),
      /text changed/,
    );
  });

  it("ghost text shows at the model's own calibrated threshold until the user sets rnnLens.completion.minProbability", async () => {
    const editor = await openDocument('# Notes\n\nThe committee said that the gove', 'markdown');
    const end = editor.document.positionAt(editor.document.getText().length);
    const ask = () =>
      api.completionProvider.provideInlineCompletionItems(
        editor.document,
        end,
        { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: undefined },
        new vscode.CancellationTokenSource().token,
      );
    const service = api.models.completion();
    const card = service.runner.loaded.card;
    const [top] = service.complete(editor.document.getText(), { minProbability: 0 }).completions;
    assert.ok(top && top.pFirst > 0.05 && top.pFirst < 0.99, `a proposal neither sure nor hopeless: ${top?.pFirst}`);
    const calibrated = card.completion;
    const config = vscode.workspace.getConfiguration('rnnLens.completion');
    try {
      // unset: the card's threshold decides
      card.completion = { minProbability: top.pFirst + 0.01 };
      assert.deepEqual(await ask(), [], 'above the calibrated threshold: nothing shown');
      card.completion = { minProbability: top.pFirst - 0.01 };
      assert.ok((await ask()).length > 0, 'below it: shown');
      // set: the user's value wins over the card's
      await config.update('minProbability', top.pFirst + 0.01, vscode.ConfigurationTarget.Global);
      assert.deepEqual(await ask(), [], "the user's threshold applies");
    } finally {
      card.completion = calibrated;
      await config.update('minProbability', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('changing the setting switches the sentiment model', async () => {
    await vscode.workspace.getConfiguration('rnnLens').update('sentimentModel', 'sentiment-simple-rnn', vscode.ConfigurationTarget.Global);
    try {
      const editor = await openDocument('A wonderful, heartfelt film.\n');
      select(editor, 0);
      const [o] = await analyze();
      assert.equal(o.result?.model, 'sentiment-simple-rnn');
      assert.equal(api.models.selectedId('sentiment'), 'sentiment-simple-rnn');
    } finally {
      await vscode.workspace.getConfiguration('rnnLens').update('sentimentModel', '', vscode.ConfigurationTarget.Global);
    }
    assert.notEqual(api.models.selectedId('sentiment'), 'sentiment-simple-rnn');
  });

  it('a missing model file gives an error naming the file; the other features keep working', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-broken-'));
    fs.cpSync(api.models.registry.root, path.join(copy, 'models'), { recursive: true });
    fs.rmSync(path.join(copy, 'models', api.models.selectedId('language-model'), 'group1-shard1of1.bin'));
    const original = api.models.useModelsRoot(path.join(copy, 'models'));
    try {
      assert.throws(() => api.models.completion(), /group1-shard1of1\.bin: weight file is missing/);
      const editor = await openDocument('I really enjoyed it.\n');
      select(editor, 0);
      const [o] = await analyze();
      assert.equal(o.result?.label, 'positive', 'sentiment still works');
    } finally {
      api.models.useModelsRoot(original);
    }
  });
});

// Korean in the extension host: a Korean review read by the Korean model, mixed text sentence by
// sentence, the inspector on Hangul tokens, and no guess where no model reads the script.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RnnLensApi } from '../../src/extension/extension';
import type { AnalysisOutcome } from '../../src/extension/sentiment-command';
import { languageOf } from '../../src/core/text/model-tokenizer';
import { openDocument } from './documents';
import { inEnglish } from '../../src/core/messages';

let api: RnnLensApi;

const analyzeLine = async (editor: vscode.TextEditor, line: number): Promise<AnalysisOutcome> => {
  editor.selection = new vscode.Selection(line, 0, line, editor.document.lineAt(line).text.length);
  const [o] = await vscode.commands.executeCommand<AnalysisOutcome[]>('rnnLens.analyzeSentiment');
  return o;
};

describe('Korean', () => {
  let korean: string;
  before(async () => {
    api = await vscode.extensions.getExtension<RnnLensApi>('rnn-lens.rnn-lens')!.activate();
    for (const key of ['sentimentModel', 'koreanSentimentModel'])
      await vscode.workspace.getConfiguration('rnnLens').update(key, '', vscode.ConfigurationTarget.Global);
    korean = api.models.registry.defaultId('sentiment', 'ko');
    assert.equal(languageOf(api.models.registry.card(korean)), 'ko');
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a Korean review goes to the Korean model by itself, and reads right both ways', async () => {
    const editor = await openDocument('배우들 연기도 좋고 스토리도 감동적이었어요. 정말 최고의 영화 ㅠㅠ\n시간 아깝다. 돈 주고 본 게 후회되는 최악의 영화\n');
    const good = await analyzeLine(editor, 0);
    assert.equal(good.result?.model, korean, JSON.stringify(good));
    assert.equal(good.result?.label, 'positive', JSON.stringify(good.result));
    assert.equal(good.result?.sentences.length, 2);
    const bad = await analyzeLine(editor, 1);
    assert.equal(bad.result?.model, korean);
    assert.equal(bad.result?.label, 'negative', JSON.stringify(bad.result));
    // the decorations name the model on hover, and the inline verdicts are in the document
    assert.ok(api.decorations.verdicts(editor.document).length >= 1);
  });

  it('mixed text: each sentence by its language’s model, both named', async () => {
    const text = '배우 연기가 최악이고 스토리도 지루했다. But the soundtrack was wonderful and I loved every song.';
    const editor = await openDocument(text + '\n');
    const o = await analyzeLine(editor, 0);
    const r = o.result!;
    const english = api.models.selectedId('sentiment');
    assert.deepEqual(r.models, [korean, english], JSON.stringify(r));
    assert.deepEqual(
      r.sentences.map((s) => [s.model, s.label]),
      [
        [korean, 'negative'],
        [english, 'positive'],
      ],
    );
    assert.equal(text.slice(r.sentences[1].start, r.sentences[1].end), 'But the soundtrack was wonderful and I loved every song.');
  });

  it('the inspector traces Hangul with the Korean model: one column per piece, nearest Korean tokens', async () => {
    const text = '이 영화 진짜 재밌어요 ㅋㅋ';
    const editor = await openDocument(text + '\n');
    editor.selection = new vscode.Selection(0, 0, 0, text.length);
    await vscode.commands.executeCommand('rnnLens.inspect');
    const end = Date.now() + 60_000;
    while (!(api.inspector()?.lastTrace?.model === korean && api.inspector()?.lastRendered)) {
      if (Date.now() > end) throw new Error(`the inspector did not draw a trace with ${korean}: ${api.inspector()?.lastTrace?.model}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const trace = api.inspector()!.lastTrace!;
    assert.equal(trace.tokens.map((t) => t.text).join(''), text.replace(/\s/g, ''));
    assert.ok(
      trace.tokens.every((t) => t.known),
      JSON.stringify(trace.tokens.map((t) => [t.text, t.norm, t.known])),
    );
    assert.equal(api.inspector()!.lastRendered!.columns, trace.tokens.length);
    const piece = trace.tokens.find((t) => /재밌/.test(t.norm))!;
    const answer = await api.ask({ type: 'neighbours', model: korean, id: piece.id }, text);
    assert.ok(
      answer && answer.neighbours.length > 0 && answer.neighbours.every((n) => /[\uAC00-\uD7A3ㄱ-ㅎ]/.test(n.word) || !/\p{L}/u.test(n.word)),
      JSON.stringify(answer),
    );
  });

  it('without a Korean model, Hangul gets no verdict and a reason, never a guess', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-no-korean-'));
    fs.cpSync(api.models.registry.root, path.join(copy, 'models'), { recursive: true });
    for (const c of api.models.registry.list()) if (languageOf(c) === 'ko') fs.rmSync(path.join(copy, 'models', c.id), { recursive: true });
    const original = api.models.useModelsRoot(path.join(copy, 'models'));
    try {
      const editor = await openDocument('정말 최고의 영화였어요\n');
      const o = await analyzeLine(editor, 0);
      assert.equal(o.result?.label, null, JSON.stringify(o));
      assert.match(inEnglish(o.result!.reason!), /Hangul/);
    } finally {
      api.models.useModelsRoot(original);
    }
  });
});

// VS Code citizenship in a real extension host: comment-aware ghost text, the completion toggle
// writing where the setting comes from, inline verdicts that come back, a host that keeps
// running while the long work happens in the worker, validated webview messages, and a
// keybinding no built-in command uses.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { gemmNN, JS_KERNELS, useKernels, view } from '../../src/core/kernels/kernels';
import type { RnnLensApi } from '../../src/extension/extension';
import type { AnalysisOutcome } from '../../src/extension/sentiment-command';
import { atStart } from './at-start';
import { openDocument } from './documents';
import { inEnglish } from '../../src/core/messages';

let api: RnnLensApi;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const open = (content: string, language: string) => openDocument(content, language);

/** What the inline provider proposes at the end of the document. */
async function ghostAtEnd(editor: vscode.TextEditor): Promise<string[]> {
  const doc = editor.document;
  const end = doc.lineAt(doc.lineCount - 1).range.end;
  const items = await api.completionProvider.provideInlineCompletionItems(
    doc,
    end,
    { triggerKind: vscode.InlineCompletionTriggerKind.Automatic, selectedCompletionInfo: undefined },
    new vscode.CancellationTokenSource().token,
  );
  return items.map((i) => String(i.insertText));
}

/** How long this process's main thread has waited, runnable, for a CPU (ms; Linux schedstat). */
function runQueueWait(): number {
  try {
    return Number(require('node:fs').readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0; // not Linux: nothing is subtracted
  }
}

/**
 * Runs `work` while a 10 ms timer measures the longest time the extension host's event loop did
 * not run it. `stall` is the longest gap between ticks as the clock sees it. `blocked` is that gap
 * less what no code of any extension caused: time the main thread sat runnable in the kernel's
 * run queue (on this 2-core machine Chromium, code-server and the worker compete for the cores)
 * and V8's garbage collection (code-server's extension host, shared with every built-in
 * extension, pauses up to ~40 ms for a major collection now and then, whoever allocated).
 */
async function longestStall(work: () => Promise<unknown>): Promise<{ stall: number; blocked: number; gcMax: number; waitMax: number }> {
  const { PerformanceObserver } = await import('node:perf_hooks');
  const gcs: Array<{ start: number; end: number }> = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => gcs.push({ start: e.startTime, end: e.startTime + e.duration })));
  observer.observe({ entryTypes: ['gc'] });
  const gaps: Array<{ start: number; end: number; waited: number }> = [];
  let last = performance.now();
  let lastWait = runQueueWait();
  const timer = setInterval(() => {
    const now = performance.now();
    const wait = runQueueWait();
    gaps.push({ start: last, end: now, waited: wait - lastWait });
    last = now;
    lastWait = wait;
  }, 10);
  try {
    await work();
    await pause(30);
  } finally {
    clearInterval(timer);
    await pause(0);
    observer.disconnect();
  }
  const length = (g: { start: number; end: number }) => g.end - g.start;
  const gcWithin = (g: { start: number; end: number }) => gcs.reduce((sum, c) => sum + Math.max(0, Math.min(c.end, g.end) - Math.max(c.start, g.start)), 0);
  return {
    stall: Math.max(0, ...gaps.map(length)),
    blocked: Math.max(0, ...gaps.map((g) => length(g) - g.waited - gcWithin(g))),
    gcMax: Math.max(0, ...gcs.map(length)),
    waitMax: Math.max(0, ...gaps.map((g) => g.waited)),
  };
}

describe('RNN Lens as a VS Code citizen', () => {
  before(async () => {
    api = await vscode.extensions.getExtension<RnnLensApi>('rnn-lens.rnn-lens')!.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activation reads no model and starts no worker: both wait for the first use', () => {
    const start = atStart();
    assert.ok(start, 'index.ts recorded the state before the first test');
    assert.deepEqual(start.loadedModels, [], 'no model was read at activation');
    assert.equal(start.workerStarted, false, 'the analysis worker was not started at activation');
    // a first use does show in what the check reads, so the check could fail
    const id = api.models.selectedId('sentiment');
    api.models.registry.load(id);
    assert.ok(api.models.registry.loadedIds().includes(id));
  });

  it('ghost text in TypeScript comes inside comments only: not after `n--` or `b;`, yes after `//` following a string', async () => {
    assert.deepEqual(await ghostAtEnd(await open('let n = 3;\nwhile (n--) { retur', 'typescript')), []);
    assert.deepEqual(await ghostAtEnd(await open('let a = 1, b = 2;\na = b; consol', 'typescript')), []);
    assert.deepEqual(await ghostAtEnd(await open('const s = "// a string, not a comment the', 'typescript')), []);
    const inComment = await ghostAtEnd(await open('const url = "http://example.com"; // the committee said that the governmen', 'typescript'));
    assert.ok(inComment.length > 0, 'a real comment after a string gets ghost text');
    assert.match(inComment[0], /^governmen[a-z]+/);
    const python = await ghostAtEnd(await open('def f():\n    """The committee said that the governmen', 'python'));
    assert.ok(python.length > 0, 'a docstring gets ghost text');
    assert.deepEqual(await ghostAtEnd(await open("SELECT * FROM t WHERE name = 'the committee said that the governmen", 'sql')), [], 'inside an SQL string');
    assert.ok((await ghostAtEnd(await open('SELECT * FROM t -- the committee said that the governmen', 'sql'))).length > 0, 'an SQL comment');
  });

  it('the completion toggle writes to the scope in effect (a workspace value wins over the user one), with no notification', async () => {
    const c = () => vscode.workspace.getConfiguration('rnnLens.completion');
    await c().update('enabled', true, vscode.ConfigurationTarget.Workspace);
    try {
      await open('Some notes.\n', 'markdown');
      assert.equal(await vscode.commands.executeCommand('rnnLens.toggleCompletion'), false);
      assert.equal(c().inspect('enabled')?.workspaceValue, false, 'the workspace value, which is in effect, was changed');
      assert.equal(c().inspect('enabled')?.globalValue, undefined, 'the user value was left alone');
      assert.equal(c().get('enabled'), false);
      // per language: only markdown goes back on
      assert.equal(await vscode.commands.executeCommand('rnnLens.toggleCompletion', { forLanguage: true }), true);
      assert.equal(vscode.workspace.getConfiguration('rnnLens.completion', { languageId: 'markdown' }).get('enabled'), true);
      assert.equal(vscode.workspace.getConfiguration('rnnLens.completion', { languageId: 'plaintext' }).get('enabled'), false);
    } finally {
      await c().update('enabled', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace
        .getConfiguration('rnnLens.completion', { languageId: 'markdown' })
        .update('enabled', undefined, vscode.ConfigurationTarget.Global, true);
      await vscode.workspace
        .getConfiguration('rnnLens.completion', { languageId: 'markdown' })
        .update('enabled', undefined, vscode.ConfigurationTarget.Workspace, true);
    }
    assert.equal(c().get('enabled'), true);
  });

  it('a single sentence gets an inline verdict; decorations come back when the editor returns, and clear on edit', async () => {
    const editor = await open('I loved this film, it was wonderful.\n', 'plaintext');
    editor.selection = new vscode.Selection(0, 2, 0, 2);
    const [o] = await vscode.commands.executeCommand<AnalysisOutcome[]>('rnnLens.analyzeSentiment');
    assert.equal(o.result?.label, 'positive');
    assert.deepEqual(
      api.decorations.verdicts(editor.document).map((v) => v.replace(/[\d.]+$/, '')),
      ['▲ positive '],
    );
    const doc = editor.document;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 4));
    // Markdown as VS Code keeps it: the plain text part escaped (\( and &nbsp;)
    const said = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .join('\n')
      .replace(/&nbsp;/g, ' ')
      .replace(/\\/g, '');
    assert.match(said, /\*\*positive\*\* — positive probability [01]\.\d{3} \(sentiment-/, `the hover keeps the score: ${said}`);
    // another editor takes the column, then the document comes back
    await open('other\n', 'plaintext');
    const back = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    assert.equal(api.decorations.verdicts(back.document).length, 1, 'kept for the document');
    await back.edit((e) => e.insert(new vscode.Position(0, 0), 'Edited. '));
    assert.deepEqual(api.decorations.verdicts(back.document), [], 'stale scores are dropped');
  });

  it('text the model cannot read gets no verdict, and says why', async () => {
    const editor = await open('Это очень хороший фильм.\n', 'plaintext');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const [o] = await vscode.commands.executeCommand<AnalysisOutcome[]>('rnnLens.analyzeSentiment');
    assert.equal(o.result?.label, null);
    assert.match(inEnglish(o.result!.reason!), /Cyrillic/);
    assert.deepEqual(api.decorations.verdicts(editor.document), ['? no verdict']);
  });

  it('the extension host keeps running (a timer fires every ≤ 50 ms) while the inspector follows a 2,000-token selection and Analyze Sentiment reads 1 MB', async () => {
    const sentence = 'The actors were not good, but the story was great fun and I would watch it again. ';
    const text = sentence.repeat(110); // 19 tokens each: past the 2,000 the inspector reads
    const editor = await open(text, 'plaintext');
    await vscode.commands.executeCommand('rnnLens.inspect', { text: 'warm up the worker', task: 'sentiment' });
    await waitFor(() => api.inspector()?.lastTrace?.tokens.length === 4);
    const followTo = (end: number) =>
      longestStall(async () => {
        const inspector = api.inspector()!;
        inspector.lastRendered = undefined;
        editor.selection = new vscode.Selection(0, 0, 0, end);
        await waitFor(
          () =>
            api.inspector()?.currentState.text === text.slice(0, end) &&
            (api.inspector()?.lastTrace?.tokens.length ?? 0) >= 2000 &&
            !!api.inspector()?.lastRendered,
          60_000,
          () =>
            `traced ${api.inspector()?.lastTrace?.tokens.length}, drawn ${JSON.stringify(api.inspector()?.lastRendered)}, state ${JSON.stringify(api.inspector()?.currentState).slice(0, 100)}`,
        );
      });
    // as below: under load a second reading (of a slightly shorter selection, so a new trace) decides
    let follow = await followTo(text.length);
    const firstFollow = follow;
    if (follow.blocked > 50) follow = await followTo(text.length - sentence.length);
    assert.ok(
      follow.blocked <= 50,
      `while following, the event loop was blocked for ${follow.blocked.toFixed(0)} ms (${JSON.stringify(follow)}; first reading ${JSON.stringify(firstFollow)})`,
    );
    assert.ok(follow.stall <= 1000, `while following, the longest gap on the clock was ${follow.stall.toFixed(0)} ms`);

    const mb = sentence.repeat(Math.floor(1_000_000 / sentence.length));
    const big = await open(mb, 'plaintext');
    big.selection = new vscode.Selection(big.document.positionAt(0), big.document.positionAt(mb.length));
    let outcome: AnalysisOutcome | undefined;
    const analyse = () =>
      longestStall(async () => {
        [outcome] = (await vscode.commands.executeCommand<AnalysisOutcome[]>('rnnLens.analyzeSentiment')) ?? [];
      });
    // a shared 2-core machine (a training in the background, say) can stretch one gap past the
    // bound: a second reading decides; code that blocks the host fails both
    let analysis = await analyse();
    const first = analysis;
    if (analysis.blocked > 50) analysis = await analyse();
    assert.equal(outcome?.result?.sentences.length, Math.floor(1_000_000 / sentence.length));
    assert.ok(
      analysis.blocked <= 50,
      `while analysing 1 MB, the event loop was blocked for ${analysis.blocked.toFixed(0)} ms (${JSON.stringify(analysis)}; first reading ${JSON.stringify(first)})`,
    );
    assert.ok(analysis.stall <= 1000, `while analysing 1 MB, the longest gap on the clock was ${analysis.stall.toFixed(0)} ms`);
    require('node:fs').appendFileSync(
      require('node:path').join(require('node:os').tmpdir(), 'rnn-lens-stalls.json'),
      JSON.stringify({ follow, analysis }) + '\n',
    );
  });

  it('random messages from the webview are ignored and logged, never acted on', async () => {
    await vscode.commands.executeCommand('rnnLens.inspect', { text: 'a fine film', task: 'sentiment' });
    await waitFor(() => !!api.inspector()?.isReady);
    const panel = api.inspector()!;
    const before = panel.ignored;
    const state = JSON.stringify(panel.currentState);
    const note = (method: string, params: unknown) => ({ kind: 'notification', method, params });
    const junk: unknown[] = [
      null,
      7,
      'ready',
      { type: 'ready' },
      note('setTask', { task: 'rm -rf' }),
      note('setModel', { model: 'no-such-model' }),
      { kind: 'request', id: 1, method: 'neighbours', params: { model: 'no-such-model', id: 3 } },
      note('pin', { pinned: 'yes' }),
      { kind: 'request', id: -1, method: 'compare', params: {} },
      note('deleteEverything', {}),
    ];
    for (let i = 0; i < 200; i++)
      junk.push(note(['ready', 'setTask', 'setModel', 'pin', 'x'][i % 5] + (i % 7 === 0 ? '' : '?'), { task: i, model: { i }, pinned: [i] }));
    let accepted = 0;
    for (const m of junk) accepted += panel.receiveUnchecked(m) ? 1 : 0;
    assert.equal(
      accepted,
      junk.filter((m) => typeof m === 'object' && m !== null && (m as { method?: string }).method === 'ready').length,
      'only well-formed messages are acted on',
    );
    assert.equal(panel.ignored - before, junk.length - accepted);
    assert.equal(JSON.stringify(panel.currentState), state, 'the panel state is unchanged');
  });

  it('the WebAssembly SIMD kernels run in this extension host and agree with the JavaScript ones', () => {
    // the host's own runtime (code-server's Node, or VS Code's Electron) compiles the same module
    assert.equal(useKernels('wasm'), 'wasm');
    const m = 16,
      n = 384,
      k = 128;
    const A = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
    const B = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i));
    const viaWasm = new Float32Array(m * n);
    const viaJs = new Float32Array(m * n);
    gemmNN(m, n, k, view(A, 0, k), view(B, 0, n), view(viaWasm, 0, n), false);
    JS_KERNELS.gemmNN(m, n, k, view(A, 0, k), view(B, 0, n), view(viaJs, 0, n), false);
    const scale = Math.max(...viaJs.map(Math.abs));
    viaJs.forEach((v, i) => assert.ok(Math.abs(v - viaWasm[i]) <= 1e-5 * scale, `element ${i}`));
  });

  it('the keybinding is not one of VS Code’s own', async () => {
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.scheme === 'vscode');
    const defaults = vscode.window.activeTextEditor!.document.getText();
    const ours = (vscode.extensions.getExtension('rnn-lens.rnn-lens')!.packageJSON.contributes.keybindings as Array<{ key: string }>).map((k) => k.key);
    // entries look like { "key": "ctrl+alt+r", "command": "...", "when": "..." }
    const taken = [...defaults.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"(?:,\s*"when":\s*"([^"]*)")?/g)].filter(
      (m) =>
        !m[2].startsWith('rnnLens.') &&
        !/terminalFocus|terminal\.active|inQuickOpen|findWidgetVisible|editorFocus && !editorTextFocus/.test(m[3] ?? '') &&
        (!m[3] || /editor/.test(m[3])),
    );
    assert.ok(taken.length > 100, `read ${taken.length} default keybindings`);
    for (const key of ours)
      assert.deepEqual(
        taken.filter((m) => m[1] === key).map((m) => m[2]),
        [],
        `${key} is free in the editor`,
      );
  });

  it("the walkthrough: its steps' commands exist, and Open a Sample Text opens an untitled Markdown text to try", async () => {
    const pkg = vscode.extensions.getExtension('rnn-lens.rnn-lens')!.packageJSON;
    const steps = pkg.contributes.walkthroughs[0].steps as Array<{ completionEvents: string[] }>;
    assert.ok(steps.length >= 6);
    const commands = await vscode.commands.getCommands(true);
    for (const s of steps) for (const e of s.completionEvents) assert.ok(commands.includes(e.replace('onCommand:', '')), e);
    await vscode.commands.executeCommand('rnnLens.openSample');
    await waitFor(() => vscode.window.activeTextEditor?.document.getText().includes('Thank you very') === true);
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.isUntitled, true);
    assert.equal(doc.languageId, 'markdown');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

async function waitFor(condition: () => boolean, ms = 60_000, describe = () => ''): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out ${describe()}`);
    await pause(20);
  }
}

// VS Code for the Web, end to end: code-server with the user setting `remote.extensionKind` set to
// ["web"] for RNN Lens, so its `browser` entry (dist/web/extension.js) runs in the browser's web
// worker extension host — no Node.js there — driven in Chromium. Beside it, a probe extension in
// the same host (test/web-host/probe.ts) reports the host, RNN Lens's answers on fixed texts
// (compared here with the CLI's), and the longest pause of a timer while long work runs.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../scripts/code-server.mjs';
import {
  extensionActive,
  openWorkbench,
  runCommand as runCommandOn,
  shot as shotOf,
  takeGhostText,
  waitForVerdicts,
  openFile as openFileOn,
} from './workbench.mjs';

const LINES = 'I loved this phone, the screen is gorgeous and the battery lasts for days.\n배우들 연기도 좋고 스토리도 감동적이었어요. 정말 최고의 영화\n';
const REQUEST = {
  classify: [
    'The acting was wonderful and the story kept me smiling.',
    'I wanted to like it, but the plot was slow and the ending made no sense.',
    '시간 아깝다. 돈 주고 본 게 후회되는 최악의 영화',
    'The case cracked in a week. 정말 최고의 영화',
  ],
  complete: ['Thank you very', 'The committee said that the governmen', 'RNN은 순서가 있는 '],
  // long enough for the analysis worker (over 20,000 characters: with progress and Cancel)
  long: 'The battery lasts all day and the screen is lovely.\nThe case cracked in a week and support never answered.\n'.repeat(1200),
};
const PROBE = { publisher: 'rnn-lens-test', name: 'web-host-probe', version: '0.0.1' };
let server, browser, page, workspace;

const shot = (name) => shotOf(page, `web-${name}`);
const runCommand = (title) => runCommandOn(page, title);

/** The probe extension as code-server installs it: a manifest with only a `browser` entry. */
function probeExtension() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-web-probe-'));
  fs.copyFileSync(path.join(ROOT, 'dist', 'test', 'web-host', 'probe.js'), path.join(dir, 'probe.js'));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      ...PROBE,
      engines: { vscode: '^1.90.0' },
      browser: './probe.js',
      activationEvents: ['onCommand:rnnLensWebProbe.report'],
      extensionDependencies: ['rnn-lens.rnn-lens'],
      contributes: { commands: [{ command: 'rnnLensWebProbe.report', title: 'RNN Lens Web Probe: Report' }] },
    }),
  );
  return { name: `${PROBE.publisher}.${PROBE.name}-${PROBE.version}`, dir };
}

before(async () => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-e2e-web-'));
  fs.writeFileSync(path.join(workspace, 'lines.txt'), LINES);
  fs.writeFileSync(path.join(workspace, 'notes.md'), '# Notes\n\n');
  fs.writeFileSync(path.join(workspace, 'web-host-request.json'), JSON.stringify(REQUEST));
  ({ server, browser, page } = await openWorkbench(workspace, {
    extensions: [probeExtension()],
    settings: {
      // the browser's web worker extension host for both (code-server runs extensions in its Node host otherwise)
      'remote.extensionKind': { 'rnn-lens.rnn-lens': ['web'], [`${PROBE.publisher}.${PROBE.name}`]: ['web'] },
      'editor.inlineSuggest.enabled': true,
      'editor.quickSuggestions': { other: false, comments: false, strings: false },
      'editor.wordBasedSuggestions': 'off',
    },
    log: path.join(os.tmpdir(), 'rnn-lens-code-server-web.log'),
  }));
  // active once the status bar names both sentiment models (their cards fetched)
  await extensionActive(page, /한 (GRU|LSTM)/, 'Get Started with RNN Lens');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const openFile = (name) => openFileOn(page, name);

test('RNN Lens runs in the web worker extension host: its log says so, and training is not offered', async () => {
  await runCommand('RNN Lens: Show Log');
  const output = page.locator('.output-view, .panel .monaco-editor').first();
  await page.locator('.view-line', { hasText: "host: a browser's web worker extension host, without Node.js" }).first().waitFor({ timeout: 30_000 });
  assert.ok(await output.count());
  await shot('1-log');
  // the training commands are hidden where they cannot run (rnnLens.canTrain is set only by the desktop entry)
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>RNN Lens: Train');
  await page.waitForTimeout(1000);
  const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
  assert.ok(!rows.some((r) => /Train .*Model/.test(r)), rows.join(' | '));
  await page.keyboard.press('Escape');
});

test('Analyze Sentiment on an English and a Korean line, in the browser', async () => {
  await openFile('lines.txt');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Shift+Control+End');
  await runCommand('RNN Lens: Analyze Sentiment');
  // the English line by the English model, the Korean one by the Korean model, each its verdict
  // (the Korean line is two sentences: its verdict counts them)
  await waitForVerdicts(page, (t) => t.some((c) => /^▲ positive 0\.\d\d$/.test(c)) && t.includes('▲ 2 positive'));
  await shot('2-sentiment');
  await runCommand('View: Close All Editors');
});

test('ghost text in Markdown, taken with Tab, in the browser', async () => {
  await openFile('notes.md');
  const line = await takeGhostText(page, 'The committee said that the governmen', 'committee', () => shot('3-ghost-text'));
  assert.match(line, /the government\b/, line);
  await runCommand('View: Close All Editors');
  await page
    .locator('.monaco-dialog-box button', { hasText: "Don't Save" })
    .click({ timeout: 5000 })
    .catch(() => {});
});

test('the inspector draws its heatmap in the browser (trace from the Web Worker)', async () => {
  await openFile('lines.txt');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Shift+End');
  await runCommand('RNN Lens: Inspect Hidden States');
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await frame.locator('.token').first().waitFor({ timeout: 60_000 });
  const tokens = await frame.locator('.token').allInnerTexts();
  assert.deepEqual(tokens.slice(0, 4), ['I', 'loved', 'this', 'phone']);
  const canvas = frame.locator('canvas.heatmap');
  assert.equal(Number(await canvas.getAttribute('width')), tokens.length * 40, 'one 40-pixel column per token');
  await shot('4-inspector');
  await runCommand('View: Close All Editors');
});

/** Every number in `a` within `tolerance` of `b`'s, everything else equal. */
function assertClose(a, b, tolerance, where) {
  if (typeof a === 'number' && typeof b === 'number') return assert.ok(Math.abs(a - b) <= tolerance, `${where}: ${a} vs ${b}`);
  if (Array.isArray(a)) {
    assert.ok(Array.isArray(b) && a.length === b.length, `${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    return a.forEach((x, i) => assertClose(x, b[i], tolerance, `${where}[${i}]`));
  }
  if (a && typeof a === 'object') {
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b ?? {}).sort(), where);
    return Object.keys(a).forEach((k) => assertClose(a[k], b[k], tolerance, `${where}.${k}`));
  }
  assert.equal(a, b, where);
}

const cli = (...args) => JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8' }));

test('the browser bundle answers as the CLI does (within 1e-5), and long work leaves the host free (no pause over 50 ms)', async () => {
  const report = path.join(workspace, 'web-host-report.json');
  await runCommand('RNN Lens Web Probe: Report');
  for (const end = Date.now() + 180_000; !fs.existsSync(report) && Date.now() < end;) await page.waitForTimeout(500);
  assert.ok(fs.existsSync(report), 'the probe wrote no report');
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  // where it ran: no Node.js process, a worker's global scope
  assert.equal(r.probe.process, 'undefined');
  assert.equal(r.host.node, false);
  assert.equal(r.host.worker, true);
  assert.equal(r.host.kernels, 'wasm');
  REQUEST.classify.forEach((text, i) => assertClose(r.classify[i], cli('classify', text), 1e-5, `classify ${JSON.stringify(text)}`));
  REQUEST.complete.forEach((text, i) =>
    assertClose(r.complete[i], cli('complete', '--k', '3', '--words', '3', text).completions, 1e-5, `complete ${JSON.stringify(text)}`),
  );
  // the long selection was read (every line a sentence) off the host
  assert.equal(r.sentiment.error, null);
  assert.equal(r.sentiment.sentences, 2400);
  assert.ok(
    r.sentiment.gap < 50,
    `a timer beside the long sentiment paused ${r.sentiment.gap.toFixed(0)} ms (pauses over 15 ms, [at, ms]: ${JSON.stringify(r.sentiment.gaps)})`,
  );
  assert.ok(r.inspect.gap < 50, `a timer beside the inspector's trace paused ${r.inspect.gap.toFixed(0)} ms`);
});

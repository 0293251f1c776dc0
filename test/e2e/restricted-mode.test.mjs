// Restricted Mode: a folder the user has not trusted. RNN Lens declares that it supports untrusted
// workspaces (it reads editor text and its own models, runs nothing from the workspace), so it
// must load and work there; an extension without the declaration would be disabled.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openWorkbench, shot, waitForVerdicts } from './workbench.mjs';

let server, browser, page;

before(async () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-untrusted-'));
  fs.writeFileSync(path.join(workspace, 'review.txt'), 'What a wonderful, moving film.\n');
  ({ server, browser, page } = await openWorkbench(workspace, {
    restricted: true,
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    log: path.join(os.tmpdir(), 'rnn-lens-code-server-restricted.log'),
  }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('in Restricted Mode the extension loads and Analyze Sentiment works', async () => {
  // the workbench says it is in Restricted Mode
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
  // the extension activated: its status bar item shows the sentiment model
  await page
    .locator('.statusbar-item', { hasText: /GRU|LSTM|SimpleRNN/ })
    .first()
    .waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row:has-text("review.txt")').first().click();
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>RNN Lens: Analyze Sentiment');
  await page.locator('.quick-input-list .monaco-list-row[aria-label^="RNN Lens: Analyze Sentiment"]').first().click();
  // the verdict at the line's end (no notification repeats it)
  const verdicts = await waitForVerdicts(page, (t) => t.length > 0);
  assert.match(verdicts[0], /^▲ positive 0\.\d\d$/, verdicts.join(', '));
  await shot(page, '16-restricted-mode');
});

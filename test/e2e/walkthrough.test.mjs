// The first five minutes on a fresh VS Code (its own code-server and user data, so nothing an
// earlier suite did is remembered): the walkthrough opens by itself on first activation, each of
// its seven steps is checked off by the command it asks for, and the extension's details page
// shows no broken image.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openWorkbench, runCommand as runCommandOn, shot as shotOf } from './workbench.mjs';

let server, browser, page;
const shot = (name) => shotOf(page, `walkthrough-${name}`);
const runCommand = (title) => runCommandOn(page, title);
const TITLE = 'Get Started with RNN Lens';
/** The walkthrough's editor tab ("Walkthrough: RNN Lens"). */
const welcomeTab = () => page.locator('.tab', { hasText: 'Walkthrough' }).first();
/** Each step and the command that checks it off (package.json, completionEvents). */
const STEPS = [
  ['sample', 'RNN Lens: Open a Sample Text'],
  ['sentiment', 'RNN Lens: Analyze Sentiment'],
  ['ghost', 'RNN Lens: Toggle Inline Completion'],
  ['inspect', 'RNN Lens: Inspect Hidden States'],
  ['embeddings', 'RNN Lens: Inspect Hidden States'],
  ['bidirectional', 'RNN Lens: Select Sentiment Model'],
  ['train', 'RNN Lens: Train Language Model on Workspace…'],
];

before(async () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-e2e-walkthrough-'));
  fs.writeFileSync(path.join(workspace, 'notes.md'), '# Notes\n\nA few words of my own.\n');
  ({ server, browser, page } = await openWorkbench(workspace, { log: path.join(os.tmpdir(), 'rnn-lens-code-server-walkthrough.log') }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the walkthrough opens on first activation, and each step is checked off by its command', async () => {
  await page.locator('.gettingStartedContainer', { hasText: TITLE }).first().waitFor({ timeout: 90_000 });
  for (const [id] of STEPS) await page.locator(`button.getting-started-step[data-step-id$="${id}"]:visible`).first().waitFor({ timeout: 30_000 });
  for (const [id, command] of STEPS) {
    // the walkthrough's own tab in front again, then the step's command as a person would run it
    await welcomeTab().click();
    await runCommand(command);
    // a quick pick or a dialog the command opens is closed again: running the command is the step
    await page.waitForTimeout(1500);
    if (await page.locator('.quick-input-widget:visible').count()) await page.keyboard.press('Escape');
    if (id === 'ghost') {
      // on again, as it was
      await welcomeTab().click();
      await runCommand(command);
    }
  }
  await welcomeTab().click();
  const unchecked = [];
  for (const [id] of STEPS) {
    const done = page.locator(`button.getting-started-step[data-step-id$="${id}"][aria-checked="true"]`);
    try {
      await done.first().waitFor({ timeout: 10_000 });
    } catch {
      unchecked.push(id);
    }
  }
  await shot('steps-checked');
  assert.deepEqual(unchecked, [], 'every step is checked off by its command');
});

test('the details page shows no broken image', async () => {
  // every other editor closed (the inspector's page is a webview too), then the Extensions view,
  // where a person finds it: its installed list
  await page.locator('.explorer-folders-view .monaco-list-row').first().click();
  await runCommand('View: Close All Editors');
  // the sample is an untitled document: not saved
  const dontSave = page.getByRole('button', { name: "Don't Save" });
  if (
    await dontSave.waitFor({ timeout: 3000 }).then(
      () => true,
      () => false,
    )
  )
    await dontSave.click();
  await page.keyboard.press('Control+Shift+X');
  const item = page.locator('.extension-list-item', { hasText: 'RNN Lens' }).first();
  try {
    await item.waitFor({ timeout: 30_000 });
  } catch (e) {
    await shot('extensions-view');
    throw e;
  }
  await item.click();
  await page.locator('.extension-editor').first().waitFor({ timeout: 30_000 });
  // a webview is drawn over the editor, not inside it: the only one open now is the details page's
  const readme = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  // the README is drawn: its first heading is there
  await readme.locator('h1, h2').first().waitFor({ timeout: 60_000 });
  const images = await readme.locator('img').evaluateAll((imgs) => imgs.map((i) => ({ src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0 })));
  await shot('details-page');
  assert.deepEqual(
    images.filter((i) => !i.ok),
    [],
    'every image on the details page loads',
  );
});

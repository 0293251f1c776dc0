// What the end-to-end tests share: a code-server window with the packaged extension in Chromium,
// running a command from the palette, and a screenshot into test-results/e2e/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { extensionFolderName, launchBrowser, packagedExtensionDir, ROOT, startCodeServer } from '../../scripts/code-server.mjs';

export const SHOTS = path.join(ROOT, 'test-results', 'e2e');

/** code-server on `workspace` with the extension installed (and `options` for startCodeServer), a page on it, the workbench drawn. */
export async function openWorkbench(workspace, options = {}) {
  const server = await startCodeServer({
    workspace,
    ...options,
    extensions: [{ name: extensionFolderName(), dir: packagedExtensionDir() }, ...(options.extensions ?? [])],
  });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  return { server, browser, page };
}

export async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** F1, the command's title, and a click on the row whose label starts with it (not the first fuzzy match). */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label^="${title}"]`).first().click();
}

/** The verdicts painted at line ends: `after` decorations, CSS content on spans VS Code adds at each line's end. */
export function paintedVerdicts(page) {
  return page.evaluate(() => {
    const out = [];
    for (const span of document.querySelectorAll('.monaco-editor .view-line span[class*="ced-"]')) {
      const after = getComputedStyle(span, '::after');
      if (after.content && after.content !== 'none') out.push({ text: after.content.replace(/^"|"$/g, ''), color: after.color });
    }
    return out;
  });
}

/** Waits until the painted verdicts satisfy `done` (or `ms` pass); returns their texts. */
export async function waitForVerdicts(page, done, ms = 60_000) {
  let texts = [];
  for (const end = Date.now() + ms; Date.now() < end; await page.waitForTimeout(200)) {
    texts = (await paintedVerdicts(page)).map((v) => v.text);
    if (done(texts)) return texts;
  }
  throw new Error(`the verdicts painted at the line ends never matched: ${JSON.stringify(texts)}`);
}

/**
 * The first activation opens RNN Lens's walkthrough once (walkthrough.ts): waits for it by its
 * `title` (the UI's language), then closes every editor so each suite starts from an empty group.
 */
export async function walkthroughOpened(page, title) {
  try {
    await page.locator('.gettingStartedContainer', { hasText: title }).first().waitFor({ timeout: 60_000 });
  } catch (e) {
    await shot(page, 'walkthrough-not-opened');
    throw e;
  }
  // focus back in the workbench (the walkthrough page keeps its own), then every editor closed
  await page.locator('.explorer-folders-view .monaco-list-row').first().click();
  await runCommand(page, 'View: Close All Editors');
}

/**
 * Types `text` at the end of the active editor as a person does, waits for ghost text, runs
 * `whileShown` (a screenshot), takes it with Tab; returns the line holding `lineHas`, spaces plain.
 */
export async function takeGhostText(page, text, lineHas, whileShown = async () => {}) {
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text, { delay: 30 });
  await page.locator('.ghost-text-decoration, .ghost-text').first().waitFor({ timeout: 60_000 });
  await whileShown();
  await page.keyboard.press('Tab');
  await page.waitForTimeout(500);
  const line = await page.locator('.monaco-editor .view-line').filter({ hasText: lineHas }).first().innerText();
  return line.replace(/\u00a0/g, ' ');
}

/**
 * Waits for the extension to be active in a fresh window: the explorer drawn, the status bar item
 * matching `status` (the sentiment models it names), and the walkthrough the first activation
 * opens, by its `walkthrough` title (the UI's language).
 */
export async function extensionActive(page, status, walkthrough) {
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  await page.locator('.statusbar-item', { hasText: status }).first().waitFor({ timeout: 60_000 });
  await walkthroughOpened(page, walkthrough);
}

/** Opens `name` from the explorer and puts the keyboard in its editor. */
export async function openFile(page, name) {
  await page.locator(`.explorer-folders-view .monaco-list-row:has-text("${name}")`).first().click();
  await page.locator(`.tab:has-text("${name}")`).first().waitFor();
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
}

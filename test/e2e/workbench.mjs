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

// npm run screenshots: the pictures of docs/screenshots/steps/, taken as a person sees them — every
// step of the walkthrough and every tab of the inspector, in the light, dark and high-contrast
// themes, in English and in Korean (code-server and Chromium, as the end-to-end tests run them).
// JPEG at 80%, 1280×800: 84 pictures stay under a few MB. They are kept out of the VSIX
// (.vscodeignore) and the repository's README does not load them (the details page cannot).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './code-server.mjs';
import { koreanLocalization } from './korean-language-pack.mjs';
import { openWorkbench, runCommand, walkthroughOpened } from '../test/e2e/workbench.mjs';

const OUT = path.join(ROOT, 'docs', 'screenshots', 'steps');
const THEMES = [
  ['light', 'Light Modern'],
  ['dark', 'Dark Modern'],
  ['high-contrast', 'Dark High Contrast'],
];
const STEPS = ['sample', 'sentiment', 'ghost', 'inspect', 'embeddings', 'bidirectional', 'train'];
const TABS = ['heatmap', 'why', 'compare', 'gates', 'embeddings', 'table'];
const TEXT = 'I loved this phone, the screen is gorgeous and the battery lasts for days.\n';

async function take(page, name) {
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, `${name}.jpg`), type: 'jpeg', quality: 80 });
  process.stderr.write(`  ${name}.jpg\n`);
}

async function pictures(language) {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-shots-'));
  fs.writeFileSync(path.join(workspace, 'review.txt'), TEXT);
  const { server, browser, page } = await openWorkbench(workspace, {
    ...(language === 'ko' ? { localization: koreanLocalization() } : {}),
    settings: { 'workbench.colorTheme': 'Default Light Modern' },
    log: path.join(os.tmpdir(), `rnn-lens-shots-${language}.log`),
  });
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await walkthroughOpened(page, language === 'ko' ? 'RNN Lens 시작하기' : 'Get Started with RNN Lens').catch(() => {});
    for (const [theme, label] of THEMES) {
      // keyboard focus in the workbench (a webview keeps its own), then the theme by its name;
      // VS Code's own commands keep their English titles under the minimal Korean pack
      await page.locator('.explorer-folders-view .monaco-list-row').first().click();
      await runCommand(page, 'Preferences: Color Theme');
      await page.locator('.quick-input-widget input').fill(label);
      await page.locator(`.quick-input-list .monaco-list-row[aria-label^="${label}"]`).first().click();
      await page.waitForTimeout(800);
      // the walkthrough, each step selected
      await runCommand(page, 'Welcome: Open Walkthrough...');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'RNN Lens' }).first().click();
      for (const id of STEPS) {
        const step = page.locator(`button.getting-started-step[data-step-id$="${id}"]:visible`).first();
        await step.waitFor({ timeout: 30_000 });
        await step.click();
        await page.waitForTimeout(500);
        await take(page, `${language}-${theme}-walkthrough-${id}`);
      }
      // the inspector on the review, each tab
      await page.locator('.explorer-folders-view .monaco-list-row:has-text("review.txt")').first().click();
      await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('Shift+End');
      await runCommand(page, language === 'ko' ? 'RNN Lens: 은닉 상태 살펴보기' : 'RNN Lens: Inspect Hidden States');
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      for (const tab of TABS) {
        await frame.locator(`#tab-${tab}`).click({ timeout: 60_000 });
        await page.waitForTimeout(tab === 'why' || tab === 'compare' || tab === 'embeddings' ? 3000 : 800);
        await take(page, `${language}-${theme}-inspector-${tab}`);
      }
      await page.locator('.explorer-folders-view .monaco-list-row').first().click();
      await runCommand(page, 'View: Close All Editors');
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

for (const language of process.argv.slice(2).length ? process.argv.slice(2) : ['en', 'ko']) await pictures(language);

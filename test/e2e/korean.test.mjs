// Korean end to end: code-server with VS Code's display language set to Korean (a minimal
// localization extension, scripts/korean-language-pack.mjs), a Korean review analysed from the
// palette, and the inspector on Hangul. Screenshots go to test-results/e2e/.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../scripts/code-server.mjs';
import { extensionActive, openWorkbench, runCommand as runCommandOn, shot as shotOf, waitForVerdicts } from './workbench.mjs';
import { koreanLocalization } from '../../scripts/korean-language-pack.mjs';

const REVIEWS = '배우들 연기도 좋고 스토리도 감동적이었어요. 정말 최고의 영화 ㅠㅠ\n시간 아깝다. 돈 주고 본 게 후회되는 최악의 영화\n';
/** a study note as the people this is for write them: Korean with English terms inside */
const KOREAN_NOTE =
  '# RNN 정리\n\n' +
  'RNN은 순서가 있는 데이터를 처리합니다. 은닉 상태는 이전 시점의 정보를 다음 시점으로 전달합니다.\n'.repeat(3) +
  'LSTM의 forget gate는 sigmoid 함수의 output이기 때문에 0과 1 사이의 값을 가집니다.\n\n';
let server, browser, page;

/** The Korean default: the sentiment card that names the Hangul tokenizer and is marked default. */
function koreanDefault() {
  const root = path.join(ROOT, 'models');
  for (const id of fs.readdirSync(root)) {
    const card = JSON.parse(fs.readFileSync(path.join(root, id, 'card.json'), 'utf8'));
    if (card.task === 'sentiment' && card.default && card.tokenizer === 'hangul-1') return id;
  }
  throw new Error('no bundled Korean sentiment model is marked default');
}
const KOREAN = koreanDefault();

const shot = (name) => shotOf(page, name);
const runCommand = (title) => runCommandOn(page, title);

before(async () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-e2e-ko-'));
  fs.writeFileSync(path.join(workspace, 'reviews.txt'), REVIEWS);
  fs.writeFileSync(path.join(workspace, 'japanese.txt'), '日本語のテキストです。とても面白い映画でした。\n');
  fs.writeFileSync(path.join(workspace, 'rnn-note.md'), KOREAN_NOTE);
  // enough prose for a language model to learn from, for the Training view
  fs.writeFileSync(
    path.join(workspace, 'notes.md'),
    '# Notes\n\n' + 'The deploy script restarts the web server after the database migration has finished. '.repeat(40) + '\n',
  );
  ({ server, browser, page } = await openWorkbench(workspace, {
    localization: koreanLocalization(),
    settings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'editor.inlineSuggest.enabled': true,
      'editor.quickSuggestions': { other: false, comments: false, strings: false },
      'editor.wordBasedSuggestions': 'off',
      // ghost text at the models' own thresholds (no rnnLens.completion.minProbability): what a new user gets
    },
    log: path.join(os.tmpdir(), 'rnn-lens-code-server-ko.log'),
  }));
  // active once the status bar shows both sentiment models, the Korean one marked 한; the walkthrough opens once, in Korean
  await extensionActive(page, /한 (GRU|LSTM)/, 'RNN Lens 시작하기');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens `file` from the explorer, selects its first line and runs 감성 분석. */
async function analyzeFirstLine(file) {
  await page.locator(`.explorer-folders-view .monaco-list-row:has-text("${file}")`).first().click();
  await page.locator(`.tab:has-text("${file}")`).first().waitFor();
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Shift+End');
  await runCommand('RNN Lens: 감성 분석');
}

test('Korean UI: the palette speaks Korean, and a Korean review is read by the Korean model', async () => {
  await analyzeFirstLine('reviews.txt');
  // the verdict at the end of the line, in Korean; no notification repeats it
  await waitForVerdicts(page, (t) => t.some((c) => c.includes('▲ 긍정 2')));
  assert.equal(await page.locator('.notification-toast', { hasText: 'RNN Lens' }).count(), 0);
  // the hover names the Korean model and links to the inspector, in Korean
  await page.keyboard.press('Home');
  await page.keyboard.press('Control+k');
  await page.keyboard.press('Control+i');
  const hover = page.locator('.monaco-hover', { hasText: KOREAN }).first();
  await hover.waitFor({ timeout: 15_000 });
  assert.match(await hover.innerText(), /긍정/);
  assert.ok(await hover.locator('a', { hasText: '살펴보기' }).count(), await hover.innerText());
  await shot('ko-1-analyze');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await runCommand('RNN Lens: 감성 분석');
  // both lines keep their marks
  await waitForVerdicts(page, (t) => t.some((c) => c.includes('▲ 긍정 2')) && t.some((c) => /▼ 부정/.test(c)));
  await page.keyboard.press('Escape');
});

test('the inspector on Hangul: a column per piece, Korean labels (은닉 상태, 게이트), nearest Korean tokens', async () => {
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Shift+End');
  await runCommand('RNN Lens: 은닉 상태 살펴보기');
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await frame.locator('.token').first().waitFor({ timeout: 60_000 });
  const tokens = await frame.locator('.token').allInnerTexts();
  assert.equal(tokens.join(''), REVIEWS.split('\n')[0].replace(/\s/g, ''), tokens.join('|'));
  const shows = await frame.locator('select#quantity option').allInnerTexts();
  assert.ok(shows.includes('은닉 상태 h'), shows.join(', '));
  assert.ok(
    shows.some((s) => /게이트/.test(s)),
    shows.join(', '),
  );
  assert.ok(await frame.locator('#tab-embeddings', { hasText: '임베딩' }).count());
  await shot('ko-2-inspector');
  await frame.locator('#tab-embeddings').click();
  await frame.locator('svg[aria-label^="PCA"]').waitFor({ timeout: 60_000 });
  await frame.locator('button.chip', { hasText: '최고' }).first().click();
  const nearest = frame.locator('h3', { hasText: '가장 가까운 단어' });
  await nearest.waitFor({ timeout: 30_000 });
  const words = await frame.locator('.view li').allInnerTexts();
  assert.ok(words.length > 0 && words.some((w) => /[\uAC00-\uD7A3]/.test(w)), words.join(', '));
  await shot('ko-3-embeddings');
});

test('no verdict for a script no model reads, and the reason in Korean', async () => {
  await analyzeFirstLine('japanese.txt');
  // no verdict is still said in a notification: the reason is worth reading
  const toast = page.locator('.notification-toast', { hasText: '판정 없음' }).first();
  await toast.waitFor({ timeout: 60_000 });
  const text = await toast.innerText();
  assert.match(text, /모델이 읽지 못하는 일본어 문자로 쓰인 텍스트입니다/, text);
  await shot('ko-4-no-verdict');
  await page.keyboard.press('Escape');
});

test('the Training view speaks Korean: its stages, its legend and how it ended', async () => {
  await runCommand('RNN Lens: 작업 영역의 글로 언어 모델 학습…');
  const row = (label) => page.locator(`.quick-input-list .monaco-list-row[aria-label*="${label}"]`).first();
  await row('작업 영역의 Markdown').click();
  // the base model (the one in use comes first), then where to keep it, then its name
  await page.locator('.quick-input-list .monaco-list-row').first().click();
  await row('내 모든 작업 영역').click();
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('리뷰 메모');
  await page.keyboard.press('Enter');
  const frame = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
  await frame.locator('#status.done').waitFor({ timeout: 300_000 });
  assert.match(await frame.locator('#status').innerText(), /^완료: "리뷰 메모"/);
  assert.match(await frame.locator('.legend').innerText(), /검증 실행 \(에포크 수를 정함\)/);
  assert.match(await frame.locator('.facts').innerText(), /파일 \d+개를 읽었습니다/);
  await page.locator('.tab', { hasText: 'RNN Lens: 학습' }).first().waitFor({ timeout: 10_000 });
  await shot('ko-5-training');
});

/** The compatibility jamo a syllable's initial consonant is typed as (ㄱ ㄲ ㄴ … ㅎ). */
const INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';

/** What a Korean IME shows while a syllable is composed: its initial, then initial + vowel, then the whole syllable. */
function compositionStages(syllable) {
  const index = syllable.charCodeAt(0) - 0xac00;
  const stages = [INITIALS[Math.floor(index / 588)], String.fromCharCode(0xac00 + index - (index % 28))];
  if (index % 28) stages.push(syllable);
  return stages;
}

/**
 * Types Korean as a writer with a Korean IME does: each syllable composed (Input.imeSetComposition,
 * the DevTools protocol's IME events, not key presses) and committed (Input.insertText); spaces and
 * other characters as key presses.
 */
async function typeWithIme(cdp, text) {
  for (const ch of text) {
    if (/[\uAC00-\uD7A3]/.test(ch)) {
      for (const stage of compositionStages(ch)) {
        await cdp.send('Input.imeSetComposition', { text: stage, selectionStart: stage.length, selectionEnd: stage.length });
        await page.waitForTimeout(15);
      }
      await cdp.send('Input.insertText', { text: ch });
    } else await page.keyboard.type(ch, { delay: 20 });
  }
}

const ghost = () => page.locator('.ghost-text-decoration, .ghost-text').first();

test('Korean ghost text: typed through a real IME composition, proposed after a space, taken with Tab; an English line in the same file still gets English', async () => {
  // one wide editor (the Training view and others closed): the line read back must not wrap
  await page.locator('.explorer-folders-view .monaco-list-row:has-text("rnn-note.md")').first().click();
  await page.keyboard.press('Control+k');
  await page.keyboard.press('Control+w');
  await page.locator('.tab').first().waitFor({ state: 'detached', timeout: 10_000 });
  await page.locator('.explorer-folders-view .monaco-list-row:has-text("rnn-note.md")').first().click();
  await page.locator('.tab:has-text("rnn-note.md")').first().waitFor();
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  const cdp = await page.context().newCDPSession(page);
  // after "사용할 수 " the Korean model is sure enough of the next eojeol ("있습니다", p 0.42 here) to
  // clear its own threshold; most places in a short note are not
  await typeWithIme(cdp, 'RNN은 여러 분야에서 사용할 수 ');
  await ghost().waitFor({ timeout: 30_000 });
  const proposed = (await ghost().innerText()).replace(/\u00a0/g, ' ');
  assert.match(proposed, /^[\uAC00-\uD7A3]/, `Korean ghost text after a space, got "${proposed}"`);
  await shot('ko-6-ghost-text');
  await page.keyboard.press('Tab');
  await page.waitForTimeout(500);
  const line = async (hasText) => (await page.locator('.monaco-editor .view-line').filter({ hasText }).last().innerText()).replace(/\u00a0/g, ' ');
  const taken = await line('RNN은 여러 분야에서 사용할 수 ');
  assert.ok(taken.startsWith(`RNN은 여러 분야에서 사용할 수 ${proposed.split(' ')[0]}`), `Tab takes the proposal: "${taken}"`);
  // a new line in English: the English language model answers there
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('The committee said that the governmen', { delay: 30 });
  await ghost().waitFor({ timeout: 30_000 });
  const english = (await ghost().innerText()).replace(/\u00a0/g, ' ');
  assert.match(english, /^[a-z]/, `English ghost text on an English line, got "${english}"`);
  await shot('ko-7-english-line');
  await cdp.detach();
});

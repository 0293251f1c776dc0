// npm run test:vscode: the extension-host suites (test/vscode) in a real VS Code.
// Here that is code-server (VS Code 1.100 with a real Node extension host), through its
// `payload` parameter, exactly what @vscode/test-electron would run. With --electron (or
// RNN_LENS_ELECTRON=1) the same suites also run in desktop VS Code via @vscode/test-electron,
// which downloads VS Code and so works only where that download is reachable.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser, ROOT, startCodeServer } from './code-server.mjs';

const testsDir = path.join(ROOT, 'dist', 'test', 'vscode');
if (!fs.existsSync(path.join(testsDir, 'index.js'))) {
  console.error('test:vscode: dist/test/vscode/index.js is missing: run `npm run build` first');
  process.exit(1);
}

async function inCodeServer() {
  const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-results-')), 'results.json');
  const server = await startCodeServer({ env: { RNN_LENS_TEST_RESULTS: results, RNN_LENS_TEST_GREP: process.env.RNN_LENS_TEST_GREP ?? '' } });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const host = new URL(server.url).host;
    const exit = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${host}${ROOT}`],
      ['extensionTestsPath', `vscode-remote://${host}${testsDir}`],
    ];
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 10 * 60_000));
    const code = await Promise.race([exit, timeout]);
    // what the window looked like at the end, for a reviewer (and for debugging a failure)
    fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'vscode-suites-end.png') }).catch(() => {});
    if (!fs.existsSync(results)) {
      console.error(`test:vscode: the suites did not report (exit ${code}); code-server log: ${server.log}`);
      return 1;
    }
    const r = JSON.parse(fs.readFileSync(results, 'utf8'));
    for (const t of r.passes) console.log(`  ✔ ${t}`);
    for (const f of r.failures)
      console.log(
        `  ✘ ${f.title}\n${f.error
          .split('\n')
          .map((l) => '      ' + l)
          .join('\n')}`,
      );
    console.log(`extension-host suites in code-server: ${r.passed} passed, ${r.failed} failed`);
    return code === 0 && r.failed === 0 && r.passed > 0 ? 0 : 1;
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function inDesktopVsCode() {
  const { runTests } = await import('@vscode/test-electron');
  await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(testsDir, 'index.js'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  });
  return 0;
}

let code = await inCodeServer();
if (process.argv.includes('--electron') || process.env.RNN_LENS_ELECTRON === '1') code = code || (await inDesktopVsCode());
process.exit(code);

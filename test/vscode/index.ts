// Entry point for the extension-host suites. Both runners call run(): @vscode/test-electron
// (desktop VS Code, where it can be downloaded) and code-server's `payload` parameter here.
// The counts go to stdout and, for the code-server runner, to RNN_LENS_TEST_RESULTS.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Mocha from 'mocha';
import { recordAtStart } from './at-start';

export async function run(): Promise<void> {
  // before any test touches a document: what activation alone did
  await recordAtStart();
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, color: false });
  if (process.env.RNN_LENS_TEST_GREP) mocha.grep(process.env.RNN_LENS_TEST_GREP);
  for (const f of fs.readdirSync(__dirname)) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  const resultsFile = process.env.RNN_LENS_TEST_RESULTS ?? path.join(os.tmpdir(), 'rnn-lens-vscode-results.json');
  return new Promise((resolve, reject) => {
    const failures: Array<{ title: string; error: string }> = [];
    const passes: string[] = [];
    const runner = mocha.run((failed) => {
      fs.writeFileSync(resultsFile, JSON.stringify({ passed: passes.length, failed, passes, failures }, null, 2));
      console.log(`${passes.length} passed, ${failed} failed`);
      if (failed > 0) reject(new Error(`${failed} extension-host tests failed`));
      else if (passes.length === 0) reject(new Error('no extension-host test ran'));
      else resolve();
    });
    runner.on('pass', (t) => passes.push(t.fullTitle()));
    runner.on('fail', (t, err) => failures.push({ title: t.fullTitle(), error: String(err?.stack ?? err) }));
  });
}

// npm start: a real VS Code with the extension loaded. Desktop VS Code when `code` is on the
// PATH (as an extension under development); otherwise code-server in the browser, installed by
// scripts/setup.sh if needed, with the address printed. Ctrl+C stops it.
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { packagedExtensionDir, ROOT, startCodeServer } from './code-server.mjs';

const workspace = path.join(ROOT, 'test', 'fixtures', 'workspace');
const hasCode = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code']).status === 0;

if (hasCode && !process.argv.includes('--browser')) {
  console.log('Starting VS Code with RNN Lens loaded from', ROOT);
  spawn('code', ['--new-window', `--extensionDevelopmentPath=${ROOT}`, workspace], { stdio: 'inherit' });
} else {
  // VS Code desktop is not on the PATH: code-server, made sure of by the setup (seconds when it is there)
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'setup.sh')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const port = Number(process.env.PORT ?? 8080);
  const server = await startCodeServer({
    workspace,
    port,
    extensions: [{ name: 'rnn-lens.rnn-lens-0.1.0', dir: packagedExtensionDir() }],
    log: path.join(ROOT, '.cache', 'code-server.log'),
  });
  console.log(
    `\nRNN Lens is running in VS Code (code-server) at ${server.url}/?folder=${encodeURIComponent(workspace)}\nOpen that address in a browser. Press Ctrl+C to stop.\n`,
  );
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

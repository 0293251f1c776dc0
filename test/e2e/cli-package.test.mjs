// The command line as people install it: `npm pack` gives a package that `npm install -g` installs
// offline into a prefix of its own (no dependencies to fetch: the CLI is one bundle), and the
// installed `rnn-lens` runs from any folder with the models it ships. Needs `npm run build` first.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-cli-package-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

const run = (command, args, options = {}) => spawnSync(command, args, { encoding: 'utf8', ...options });

test('npm pack, npm install -g --offline into a prefix, then rnn-lens --version and classify from another folder', () => {
  const pack = run('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: ROOT });
  assert.equal(pack.status, 0, pack.stderr);
  const tgz = path.join(work, pack.stdout.trim().split('\n').pop());
  assert.ok(fs.existsSync(tgz), pack.stdout);
  const prefix = path.join(work, 'prefix');
  const install = run('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tgz], { cwd: work });
  assert.equal(install.status, 0, install.stderr);
  const bin = path.join(prefix, 'bin', 'rnn-lens');
  const elsewhere = fs.mkdtempSync(path.join(work, 'elsewhere-'));
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const version = run(bin, ['--version'], { cwd: elsewhere });
  assert.equal(version.status, 0, version.stderr);
  assert.equal(version.stdout.trim(), pkg.version);
  const classify = run(bin, ['classify', 'What a wonderful, moving film.'], { cwd: elsewhere });
  assert.equal(classify.status, 0, classify.stderr);
  assert.equal(JSON.parse(classify.stdout).label, 'positive', classify.stdout);
  // `-`: one text per line from standard input
  const stdin = run(bin, ['classify', '-'], { cwd: elsewhere, input: 'I loved it.\nA dull, tedious mess.\n' });
  assert.equal(stdin.status, 0, stdin.stderr);
  assert.deepEqual(
    stdin.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).label),
    ['positive', 'negative'],
  );
});

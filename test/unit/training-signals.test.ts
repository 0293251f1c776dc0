// Training on the command line stops when asked: Ctrl+C (SIGINT) or SIGTERM during `train-lm` or
// `train-sentiment` leaves --out exactly as it was and exits 130 (143); an --out that could not be
// written is refused before any training. Runs dist/cli.js on the tiny models the tests build.

import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tinyModelsRoot } from './helpers/tiny-models';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
let models = '';
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-signal-'));

before(() => {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT });
  models = tinyModelsRoot();
});

/** Every path under dir with its size: what "exactly as before" compares. */
function listing(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => {
      const p = path.join(e.parentPath, e.name);
      return `${path.relative(dir, p)}:${e.isFile() ? fs.statSync(p).size : 'dir'}`;
    })
    .sort();
}

/** Starts the CLI, sends `signal` once stderr shows training has begun, resolves with how it ended. */
function interrupt(args: string[], signal: NodeJS.Signals): Promise<{ code: number | null; err: string; out: string; afterSignalMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let out = '';
    let sentAt = 0;
    const give = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no training progress seen in 60 s:\n${err}`));
    }, 60_000);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      // an epoch under way: the trainer is in its loop, not reading files
      if (!sentAt && /epoch 1\//.test(err)) {
        sentAt = Date.now();
        child.kill(signal);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(give);
      resolve({ code, err, out, afterSignalMs: sentAt ? Date.now() - sentAt : -1 });
    });
  });
}

/** Much text, so that a training of many epochs is still running when the signal comes. */
function longDocs(dir: string): string[] {
  const words = ['the cat', 'the dog', 'a frob', 'the zork', 'my mat', 'the rug'];
  return Array.from({ length: 6 }, (_, d) => {
    const file = path.join(dir, `doc${d}.md`);
    const text = Array.from({ length: 1500 }, (_, i) => `${words[(i + d) % 6]} sat on ${words[(i * 7 + d) % 6]} .`).join(' ');
    fs.writeFileSync(file, text);
    return file;
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} during train-lm: --out is left exactly as it was, exit ${signal === 'SIGINT' ? 130 : 143}`, async () => {
    const files = longDocs(tmp());
    const out = tmp();
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const before = listing(out);
    const r = await interrupt(['train-lm', '--files', ...files, '--out', out, '--models', models, '--epochs', '50', '--workers', '1'], signal);
    assert.equal(r.code, signal === 'SIGINT' ? 130 : 143, r.err);
    assert.deepEqual(listing(out), before);
    assert.equal(r.out, '', 'no result on stdout');
    assert.match(r.err, /training cancelled; nothing was written/);
    assert.ok(r.afterSignalMs >= 0 && r.afterSignalMs < 20_000, `stopped ${r.afterSignalMs} ms after the signal`);
  });
}

test('SIGINT during train-sentiment: --out (not made before) is not made, exit 130', async () => {
  const file = path.join(tmp(), 'labelled.tsv');
  const rows = Array.from({ length: 3000 }, (_, i) => (i % 2 ? `1\ta great and lovely film number ${i}` : `0\tan awful and boring film number ${i}`));
  fs.writeFileSync(file, 'label\ttext\n' + rows.join('\n') + '\n');
  const parent = tmp();
  const out = path.join(parent, 'new-models');
  const r = await interrupt(['train-sentiment', '--file', file, '--out', out, '--models', models, '--epochs', '50', '--workers', '1'], 'SIGINT');
  assert.equal(r.code, 130, r.err);
  assert.deepEqual(fs.readdirSync(parent), [], 'nothing under --out');
});

test('--out is checked before training: a file, or the bundled models folder, is refused at once', () => {
  const parent = tmp();
  const file = path.join(parent, 'a-file');
  fs.writeFileSync(file, 'x');
  const doc = path.join(parent, 'd.md');
  fs.writeFileSync(doc, 'the cat sat on the mat . '.repeat(50));
  const asFile = spawnSync(process.execPath, [CLI, 'train-lm', '--files', doc, '--out', file, '--models', models], { encoding: 'utf8' });
  assert.equal(asFile.status, 2, asFile.stderr);
  assert.match(asFile.stderr, /is a file, not a folder/);
  const under = spawnSync(process.execPath, [CLI, 'train-lm', '--files', doc, '--out', path.join(file, 'sub'), '--models', models], { encoding: 'utf8' });
  assert.equal(under.status, 2, under.stderr);
  const bundled = path.join(ROOT, 'models');
  const beforeBundled = listing(bundled);
  const intoBundled = spawnSync(process.execPath, [CLI, 'train-lm', '--files', doc, '--out', bundled], { encoding: 'utf8' });
  assert.equal(intoBundled.status, 2, intoBundled.stderr);
  assert.match(intoBundled.stderr, /bundled models' folder/);
  assert.deepEqual(listing(bundled), beforeBundled);
  assert.doesNotMatch(asFile.stderr + intoBundled.stderr, /epoch \d|rnn-lens: read/, 'refused before any training');
});

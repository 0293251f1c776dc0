// `npm test` and `npm start` make sure of their setup themselves (scripts/setup.sh): on a machine
// where it is done (as here, after `npm test` ran it), the check is quick and installs nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('setup when already set up: a few seconds, nothing installed, one line saying so', () => {
  const started = Date.now();
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'setup.sh')], { encoding: 'utf8' });
  const seconds = (Date.now() - started) / 1000;
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /installing/);
  assert.match(r.stdout, /^setup: code-server [\d.]+ ready in /m);
  assert.equal(r.stdout.trim().split('\n').length, 1, r.stdout);
  assert.ok(seconds < 15, `the check took ${seconds} s`);
});

test('setup where it cannot install (here: no dpkg/apt-get on the PATH): what to install by hand, exit 1', () => {
  const r = spawnSync('/bin/bash', [path.join(ROOT, 'scripts', 'setup.sh')], { encoding: 'utf8', env: { PATH: '/nonexistent', HOME: process.env.HOME } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not a Debian system/);
  assert.match(r.stderr, /install by hand/);
  assert.match(r.stderr, /Chromium/);
});

// The lint's import check (scripts/check-cycles.mjs) on small trees made here: a file of src/core
// importing a floor below passes, one importing a floor above fails and names both files, and a
// cycle fails as before.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SCRIPT = path.resolve(__dirname, '../../scripts/check-cycles.mjs');

function check(files: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-floors-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return spawnSync(process.execPath, [SCRIPT], { env: { ...process.env, RNN_LENS_SRC: root }, encoding: 'utf8' });
}

test('an import down a floor passes; one up a floor fails, naming both files', () => {
  const down = check({
    'core/model/model.ts': "import { x } from '../text/tokenizer';\nexport const y = x;\n",
    'core/text/tokenizer.ts': 'export const x = 1;\n',
  });
  assert.equal(down.status, 0, down.stderr);
  const up = check({ 'core/text/tokenizer.ts': "import { y } from '../model/model';\nexport const x = y;\n", 'core/model/model.ts': 'export const y = 1;\n' });
  assert.equal(up.status, 1);
  assert.match(up.stderr, /core\/text\/tokenizer\.ts \(floor 2\) → core\/model\/model\.ts \(floor 3\)/);
  // the ground floor (core's root) may be imported by all, and imports nothing above it
  const ground = check({
    'core/random.ts': "import { t } from './training/trainer';\nexport const r = t;\n",
    'core/training/trainer.ts': 'export const t = 1;\n',
  });
  assert.equal(ground.status, 1);
});

test('a cycle still fails, and a folder of core that is on no floor is an error', () => {
  const cycle = check({ 'a.ts': "import { b } from './b';\nexport const a = b;\n", 'b.ts': "import { a } from './a';\nexport const b = a;\n" });
  assert.equal(cycle.status, 1);
  assert.match(cycle.stderr, /import cycles/);
  const stray = check({ 'core/misc/thing.ts': 'export const t = 1;\n' });
  assert.notEqual(stray.status, 0);
  assert.match(stray.stderr, /src\/core\/misc\/ is on no floor/);
});

// The Korean UI is complete: every message the extension passes through vscode.l10n.t, every
// sentence of the core and every word the pages pass through t() has a Korean translation in the
// one bundle (and the bundle keeps no message the code no longer says); every `%key%` of
// package.json is in package.nls.json and package.nls.ko.json. A new English message without
// Korean fails here.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORE_MESSAGES, TRANSLATED_VALUES } from '../../src/extension/message-catalog';

const ROOT = path.resolve(__dirname, '../..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const files = (dir: string) =>
  fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));

/** The string literals passed first to `call(` in the sources (a template with ${…} is built at run time: the gates, checked by term below). */
function messages(dirs: string[], call: RegExp): Set<string> {
  const out = new Set<string>();
  const literal = new RegExp(`${call.source}\\(\\s*(['"\`])((?:\\\\.|(?!\\1)[^\\\\])*)\\1`, 'g');
  for (const f of dirs.flatMap(files)) for (const m of read(f).matchAll(literal)) if (!m[2].includes('${')) out.add(m[2].replace(/\\(['"`\\])/g, '$1'));
  return out;
}

test('every message of the extension, the core and the pages has Korean, and the Korean bundle has nothing the code no longer says', () => {
  const used = messages(['src/extension'], /l10n\.t/);
  assert.ok(used.size > 50, `${used.size} messages`);
  const page = messages(['src/webview'], /\bt/);
  assert.ok(page.size > 80, `${page.size} page messages`);
  for (const m of page) used.add(m);
  // what the core says (reasons for no verdict and the scripts they name, training stages), translated by its English text (extension/core-messages.ts)
  for (const m of [...CORE_MESSAGES, ...TRANSLATED_VALUES]) used.add(m);
  const ko = JSON.parse(read('l10n/bundle.l10n.ko.json')) as Record<string, string>;
  assert.deepEqual(
    [...used].filter((m) => !(m in ko)),
    [],
    'messages without Korean',
  );
  assert.deepEqual(
    Object.keys(ko).filter((m) => !used.has(m)),
    [],
    'Korean for messages the code does not have',
  );
  // the placeholders survive translation
  for (const [en, k] of Object.entries(ko)) assert.deepEqual((k.match(/\{\d\}/g) ?? []).sort(), (en.match(/\{\d\}/g) ?? []).sort(), en);
});

test('package.json: every %key% is in package.nls.json, and Korean has exactly the same keys', () => {
  const keys = [...read('package.json').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  const en = JSON.parse(read('package.nls.json')) as Record<string, string>;
  const ko = JSON.parse(read('package.nls.ko.json')) as Record<string, string>;
  assert.deepEqual(
    keys.filter((k) => !(k in en)),
    [],
  );
  assert.deepEqual(Object.keys(ko).sort(), Object.keys(en).sort());
  // the learners' terms are there
  assert.match(ko['command.inspect'], /은닉 상태/);
});

test('the pages speak the learners’ terms in Korean', () => {
  const ko = Object.values(JSON.parse(read('l10n/bundle.l10n.ko.json')) as Record<string, string>).join('\n');
  for (const term of ['은닉 상태', '셀 상태', '망각 게이트', '입력 게이트', '출력 게이트', '업데이트 게이트', '리셋 게이트', '양방향', '임베딩'])
    assert.ok(ko.includes(term), term);
});

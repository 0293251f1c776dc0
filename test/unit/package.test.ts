// What the Marketplace and VS Code read from the package: trust and virtual-workspace support,
// theme colours for every theme kind, a keybinding that shadows no built-in one, an icon the
// project's script draws, and a VSIX without source maps that carries the pages the README links.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('runs in Restricted Mode and in virtual workspaces, training excepted (said, and hidden where it cannot run)', () => {
  assert.deepEqual(pkg.capabilities, {
    untrustedWorkspaces: { supported: true },
    virtualWorkspaces: { supported: 'limited', description: '%capabilities.virtualWorkspaces%' },
  });
  const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
  assert.match(nls['capabilities.virtualWorkspaces'], /Training/);
  // VS Code for the Web: a browser entry beside main; training's commands and walkthrough step shown only where the desktop entry says it can train
  assert.equal(pkg.browser, './dist/web/extension.js');
  const training = ['rnnLens.trainLanguageModel', 'rnnLens.trainSentimentModel', 'rnnLens.manageTrainedModels'];
  for (const command of training)
    assert.equal(
      (pkg.contributes.menus.commandPalette as Array<{ command: string; when: string }>).find((m) => m.command === command)?.when,
      'rnnLens.canTrain',
      command,
    );
  const step = pkg.contributes.walkthroughs[0].steps.find((s: { id: string }) => s.id === 'train');
  assert.equal(step.when, 'rnnLens.canTrain');
  assert.match(fs.readFileSync(path.join(ROOT, 'src', 'extension', 'extension.ts'), 'utf8'), /setContext', 'rnnLens\.canTrain', true/);
  assert.ok(!('repository' in pkg) || !/example\.invalid/.test(JSON.stringify(pkg.repository)), 'no placeholder repository');
});

test('sentiment colours are declared for light, dark and both high-contrast themes', () => {
  const colors = pkg.contributes.colors as Array<{ id: string; defaults: Record<string, string> }>;
  for (const id of [
    'rnnLens.positiveBackground',
    'rnnLens.negativeBackground',
    'rnnLens.positiveForeground',
    'rnnLens.negativeForeground',
    'rnnLens.positiveBorder',
    'rnnLens.negativeBorder',
  ]) {
    const c = colors.find((x) => x.id === id);
    assert.ok(c, id);
    for (const kind of ['light', 'dark', 'highContrast', 'highContrastLight'])
      assert.match(c!.defaults[kind] ?? '', /^#[0-9a-f]{6}([0-9a-f]{2})?$/i, `${id} ${kind}`);
  }
  // high contrast: the verdict must not hang on a tint (backgrounds there are transparent), so the border shows
  for (const id of ['rnnLens.positiveBorder', 'rnnLens.negativeBorder']) {
    for (const kind of ['highContrast', 'highContrastLight'])
      assert.doesNotMatch(colors.find((x) => x.id === id)!.defaults[kind], /^#[0-9a-f]{6}00$/i, `${id} is visible in ${kind}`);
  }
});

test('the keybinding shadows no built-in one (macOS Cmd+Alt+R is Find: Toggle Regex)', () => {
  for (const k of pkg.contributes.keybindings) {
    assert.notEqual(k.mac ?? k.key, 'cmd+alt+r');
    assert.notEqual(k.mac ?? k.key, 'alt+cmd+r');
  }
});

/** RGBA rows of a PNG written by scripts/make-icon.mjs (one IDAT, filter 0 on every row). */
function pngPixels(png: Buffer): { width: number; height: number; rows: Buffer } {
  assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  let o = 8;
  const idat: Buffer[] = [];
  while (o < png.length) {
    const len = png.readUInt32BE(o);
    const type = png.subarray(o + 4, o + 8).toString('ascii');
    if (type === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  return { width, height, rows: zlib.inflateSync(Buffer.concat(idat)) };
}

test('the icon is 128×128 and is what scripts/make-icon.mjs draws', async () => {
  const committed = pngPixels(fs.readFileSync(path.join(ROOT, pkg.icon)));
  assert.deepEqual([committed.width, committed.height], [128, 128]);
  const { iconPixels, encodePng, SIZE } = await import(path.join(ROOT, 'scripts', 'make-icon.mjs'));
  const drawn = pngPixels(encodePng(iconPixels(), SIZE, SIZE));
  assert.ok(drawn.rows.equals(committed.rows), 'run `node scripts/make-icon.mjs` and commit media/icon.png');
});

test('the VSIX holds the bundles, models, icon, changelog and the pages the README links, and no source maps', () => {
  const files = execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .trim()
    .split('\n');
  assert.equal(files.filter((f) => f.endsWith('.map')).length, 0, files.filter((f) => f.endsWith('.map')).join(', '));
  for (const f of [
    'dist/extension.js',
    'dist/cli.js',
    'dist/analysis-worker.js',
    // the worker threads the CLI starts by file name (classify --file on both cores, train --workers 2)
    'dist/classify-worker.js',
    'dist/gradient-worker.js',
    // the extension's training (on the user's text) and its view
    'dist/training-worker.js',
    'dist/webview/training.js',
    'dist/webview/training.css',
    'dist/webview/inspector.js',
    'dist/webview/inspector.css',
    // VS Code for the Web: its entry, its analysis worker and the model folders' names
    'dist/web/extension.js',
    'dist/web/analysis-worker.js',
    'dist/web/model-folders.json',
    'CHANGELOG.md',
    'README.md',
    'LICENSE',
    pkg.icon,
  ])
    assert.ok(files.includes(f), f);
  // every model folder whole, and the word table the English sentiment models share
  for (const d of fs.readdirSync(path.join(ROOT, 'models'), { withFileTypes: true }).filter((d) => d.isDirectory()))
    for (const f of fs.readdirSync(path.join(ROOT, 'models', d.name))) assert.ok(files.includes(`models/${d.name}/${f}`), `models/${d.name}/${f}`);
  assert.ok(files.includes('models/word-vectors-en/embedding.bin'));
  // the extension's details page allows only https: and data: images: the README has no other, and
  // every page it links to is in the VSIX (the screenshots stay in the repository)
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
  for (const img of images) assert.match(img, /^(https:|data:)/, `README image ${img} would be broken on the details page`);
  const links = [...readme.matchAll(/(?<!!)\[[^\]]*\]\(([^)#]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
  assert.ok(links.length >= 3, links.join(', '));
  for (const link of links) assert.ok(files.includes(link), `README links to ${link}, which is not in the VSIX`);
  assert.ok(!files.some((f) => f.startsWith('docs/screenshots/')), 'screenshots stay out of the VSIX');
  assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('data/')), 'no sources, tests or training data');
  const bytes = files.reduce((n, f) => n + fs.statSync(path.join(ROOT, f)).size, 0);
  assert.ok(bytes <= 22e6, `the VSIX is ${bytes} bytes, over the 22 MB budget`);
  // the browser entry adds at most 1 MB (uncompressed, so the VSIX's share is smaller still)
  const web = files.filter((f) => f.startsWith('dist/web/')).reduce((n, f) => n + fs.statSync(path.join(ROOT, f)).size, 0);
  assert.ok(web <= 1e6, `the browser entry is ${web} bytes, over its 1 MB`);
  // and names every bundled model folder, which a browser cannot list
  assert.deepEqual(
    JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', 'web', 'model-folders.json'), 'utf8')),
    fs
      .readdirSync(path.join(ROOT, 'models'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(ROOT, 'models', d.name, 'card.json')))
      .map((d) => d.name),
  );
});

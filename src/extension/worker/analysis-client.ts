// The extension host's side of the analysis worker: started on first use (activation starts
// nothing), its requests typed by protocol.ts and carried by the channel (core/channel.ts). Cancelling a long
// sentiment run ends the worker (a computation cannot be interrupted any other way); the next
// request starts a fresh one.

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import { CANCELLED, Channel } from '../../core/channel';
import { nodePort } from '../../core/node-port';
import { EmptyInputError, SentimentResult } from '../../core/sentiment/sentiment';
import type { PackedTrace } from '../../core/trace/trace-transfer';
import { log } from '../log';
import { nextTurn } from '../turns';
import { AnalysisHostSide, AnalysisWorkerSide, EMPTY_INPUT, unpackSentiment } from './protocol';

export class CancelledError extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'CancelledError';
  }
}

export class AnalysisWorker implements vscode.Disposable {
  private worker: { thread: Worker; channel: Channel<AnalysisHostSide, AnalysisWorkerSide> } | undefined;

  constructor(private readonly extensionPath: string) {}

  /** whether the worker thread is running (it starts on the first request) */
  get started(): boolean {
    return this.worker !== undefined;
  }

  private start(): Channel<AnalysisHostSide, AnalysisWorkerSide> {
    if (this.worker) return this.worker.channel;
    const thread = new Worker(path.join(this.extensionPath, 'dist', 'analysis-worker.js'));
    const channel = new Channel<AnalysisHostSide, AnalysisWorkerSide>(nodePort(thread), {
      // what the worker's errors mean here: the codes the host acts on, as the host's own errors
      decodeError: (d) => (d.code === EMPTY_INPUT ? new EmptyInputError() : d.code === CANCELLED ? new CancelledError() : new Error(d.message)),
    });
    const worker = { thread, channel };
    const fail = (e: Error) => {
      if (this.worker !== worker) return;
      log.error('the analysis worker stopped', e);
      this.worker = undefined;
      channel.close(e);
    };
    thread.on('error', fail);
    thread.on('exit', (code) => fail(new Error(`the analysis worker exited (code ${code})`)));
    thread.unref();
    this.worker = worker;
    return channel;
  }

  /** The inspector's trace of `text`, computed in the worker, packed as it goes to the webview. */
  async trace(dir: string, model: string, text: string, maxTokens: number): Promise<PackedTrace> {
    const r = await this.start().request('trace', { dir, text, maxTokens });
    log.info(`trace of ${r.trace.tokens.length} tokens with ${model}: ${r.ms.toFixed(0)} ms in the worker`);
    return r.trace;
  }

  /** Sentiment of long text, computed in the worker; a cancelled token ends the run (CancelledError). */
  async sentiment(
    dir: string,
    model: string,
    text: string,
    token?: vscode.CancellationToken,
    progress?: (fraction: number) => void,
    koreanDir?: string,
  ): Promise<SentimentResult> {
    if (token?.isCancellationRequested) throw new CancelledError();
    const channel = this.start();
    // the worker computes without pausing, so it cannot hear a cancel: it is ended instead
    const listening = token?.onCancellationRequested(() => this.stop());
    let r;
    try {
      r = await channel.request('sentiment', { dir, text, ...(koreanDir ? { koreanDir } : {}) }, { onProgress: progress });
    } finally {
      // a cancel after the answer (or the failure) has nothing left to stop
      listening?.dispose();
    }
    log.info(`sentiment of ${text.length.toLocaleString('en-US')} characters with ${model}: ${r.ms.toFixed(0)} ms in the worker`);
    // receiving the answer was one turn of the host's event loop, unpacking it is another
    await nextTurn();
    return unpackSentiment(r.result, text);
  }

  /** Ends the worker and whatever it was doing. */
  stop(): void {
    const w = this.worker;
    this.worker = undefined;
    w?.channel.close(new CancelledError());
    void w?.thread.terminate();
  }

  dispose(): void {
    this.stop();
  }
}

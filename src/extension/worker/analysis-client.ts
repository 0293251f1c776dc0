// The extension host's side of the analysis worker: started on first use (activation starts
// nothing), one request at a time per caller, answers matched by id. Cancelling a long
// sentiment run ends the worker (a computation cannot be interrupted any other way); the next
// request starts a fresh one.

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import { EmptyInputError, SentimentResult } from '../../core/sentiment/sentiment';
import type { PackedTrace } from '../../core/trace/trace-transfer';
import { log } from '../log';
import { nextTurn } from '../turns';
import { unpackSentiment, WorkerReply, WorkerRequest } from './protocol';

type Pending = { resolve: (r: WorkerReply) => void; reject: (e: Error) => void; progress?: (fraction: number) => void };
type Body<T> = T extends unknown ? Omit<T, 'id'> : never;

export class CancelledError extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'CancelledError';
  }
}

export class AnalysisWorker implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly extensionPath: string) {}

  /** whether the worker thread is running (it starts on the first request) */
  get started(): boolean {
    return this.worker !== undefined;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(path.join(this.extensionPath, 'dist', 'analysis-worker.js'));
    worker.on('message', (m: WorkerReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') return p.progress?.(m.fraction);
      this.pending.delete(m.id);
      if (m.type === 'error') p.reject(m.message.startsWith('EmptyInputError: ') ? new EmptyInputError() : new Error(m.message));
      else p.resolve(m);
    });
    const fail = (e: Error) => {
      if (this.worker !== worker) return;
      log.error('the analysis worker stopped', e);
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the analysis worker exited (code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private request(body: Body<WorkerRequest>, progress?: (fraction: number) => void): Promise<WorkerReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, progress });
      this.start().postMessage({ ...body, id } as WorkerRequest);
    });
  }

  /** The inspector's trace of `text`, computed in the worker, packed as it goes to the webview. */
  async trace(dir: string, model: string, text: string, maxTokens: number): Promise<PackedTrace> {
    const r = await this.request({ type: 'trace', dir, text, maxTokens });
    if (r.type !== 'trace') throw new Error(`unexpected answer ${r.type}`);
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
    const reply = this.request({ type: 'sentiment', dir, text, ...(koreanDir ? { koreanDir } : {}) }, progress);
    const cancelled = new Promise<never>((_, reject) => {
      if (token?.isCancellationRequested) {
        this.stop();
        reject(new CancelledError());
      }
      token?.onCancellationRequested(() => {
        this.stop();
        reject(new CancelledError());
      });
    });
    const r = await Promise.race([reply, cancelled]);
    if (r.type !== 'sentiment') throw new Error(`unexpected answer ${r.type}`);
    log.info(`sentiment of ${text.length.toLocaleString('en-US')} characters with ${model}: ${r.ms.toFixed(0)} ms in the worker`);
    // receiving the answer was one turn of the host's event loop, unpacking it is another
    await nextTurn();
    return unpackSentiment(r.result, text);
  }

  /** Ends the worker and whatever it was doing. */
  stop(): void {
    const w = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new CancelledError());
    this.pending.clear();
    void w?.terminate();
  }

  dispose(): void {
    this.stop();
  }
}

// The extension host's side of the analysis worker: started on first use (activation starts
// nothing), its requests typed by protocol.ts and carried by the channel (core/channel.ts). The
// thread itself is the host's: a Node worker thread on the desktop (node-analysis-thread.ts), a
// Web Worker in a browser (web/web-analysis-thread.ts). Cancelling a long sentiment run ends the
// worker (a computation cannot be interrupted any other way); the next request starts a fresh one.

import type * as vscode from 'vscode';
import { CANCELLED, Channel, type Port } from '../../core/channel';
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

/** A running worker, whichever kind the host can make. */
export interface AnalysisThread {
  port: Port;
  /** `fail` hears once that the thread failed or ended */
  onFailure(fail: (e: Error) => void): void;
  terminate(): void;
}

export interface AnalysisThreadStarter {
  start(): Promise<AnalysisThread>;
  /** a folder's model files to hand over before the worker reads it (a browser's worker has no disk); absent: it reads its own */
  filesFor?(dir: string): Array<[string, Uint8Array]>;
}

interface Running {
  thread: AnalysisThread;
  channel: Channel<AnalysisHostSide, AnalysisWorkerSide>;
  /** folders whose files this worker has been handed */
  provided: Set<string>;
}

export class AnalysisWorker implements vscode.Disposable {
  private worker: Promise<Running> | undefined;

  constructor(private readonly threads: AnalysisThreadStarter) {}

  /** whether the worker has been started (it starts on the first request) */
  get started(): boolean {
    return this.worker !== undefined;
  }

  private start(): Promise<Running> {
    if (this.worker) return this.worker;
    const starting = this.threads.start().then((thread) => {
      const channel = new Channel<AnalysisHostSide, AnalysisWorkerSide>(thread.port, {
        // what the worker's errors mean here: the codes the host acts on, as the host's own errors
        decodeError: (d) => (d.code === EMPTY_INPUT ? new EmptyInputError() : d.code === CANCELLED ? new CancelledError() : new Error(d.message)),
      });
      const running: Running = { thread, channel, provided: new Set() };
      thread.onFailure((e) => {
        if (this.worker !== starting) return;
        log.error('the analysis worker stopped', e);
        this.worker = undefined;
        channel.close(e);
      });
      return running;
    });
    this.worker = starting;
    // a worker that could not start is tried again on the next request
    starting.catch(() => {
      if (this.worker === starting) this.worker = undefined;
    });
    return starting;
  }

  /** The worker, with the files of these model folders handed over (where it has no disk). */
  private async ready(dirs: string[]): Promise<Running> {
    const running = await this.start();
    const missing = this.threads.filesFor ? dirs.filter((d) => !running.provided.has(d)) : [];
    if (missing.length) {
      await running.channel.request('provide', { files: missing.flatMap((d) => this.threads.filesFor!(d)) });
      for (const d of missing) running.provided.add(d);
    }
    return running;
  }

  /** The inspector's trace of `text`, computed in the worker, packed as it goes to the webview. */
  async trace(dir: string, model: string, text: string, maxTokens: number): Promise<PackedTrace> {
    const { channel } = await this.ready([dir]);
    const r = await channel.request('trace', { dir, text, maxTokens });
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
    // the worker computes without pausing, so it cannot hear a cancel: it is ended instead
    const listening = token?.onCancellationRequested(() => this.stop());
    let r;
    try {
      const { channel } = await this.ready(koreanDir ? [dir, koreanDir] : [dir]);
      if (token?.isCancellationRequested) throw new CancelledError();
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
    void w?.then(
      (running) => {
        running.channel.close(new CancelledError());
        running.thread.terminate();
      },
      () => {},
    );
  }

  dispose(): void {
    this.stop();
  }
}

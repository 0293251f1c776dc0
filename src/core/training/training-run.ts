// One training in the worker thread, seen from its owner (the extension host, the command line):
// its events as they come, and
// how it ended. Cancel asks the trainer to stop after the batch it is on (a shared flag); if it
// has not stopped within 1.5 seconds (a long measurement), the worker is ended. Either way
// nothing is saved: the model is written to a staging folder only after training, and renamed.

import { Worker } from 'node:worker_threads';
import { CANCELLED, Channel, ChannelError } from '../channel';
import { nodePort } from '../node-port';
import { workerEntry } from '../worker-entry';
import type { TrainingEvent, TrainingOutcome } from './user-training';
import { AMBIGUOUS_COLUMNS, type TrainingJob, type TrainingOwnerSide, type TrainingWorkerData, type TrainingWorkerSide } from './training-worker-protocol';

export type TrainingEnd =
  | { type: 'done'; outcome: TrainingOutcome & { result: unknown } }
  | { type: 'cancelled' }
  | { type: 'error'; message: string; ambiguous?: { columns: string[]; which: 'text' | 'label' } };

export class TrainingRun {
  private readonly worker: Worker;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly listeners: Array<(e: TrainingEvent) => void> = [];
  private settle!: (end: TrainingEnd) => void;
  private ended = false;
  /** how the training ended; never rejects */
  readonly ended$: Promise<TrainingEnd> = new Promise((resolve) => (this.settle = resolve));
  readonly events: TrainingEvent[] = [];

  constructor(readonly job: TrainingJob) {
    const data: TrainingWorkerData = { cancel: this.flag.buffer as SharedArrayBuffer };
    // dist/training-worker.js beside the bundle that runs this (the extension's, the CLI's)
    this.worker = new Worker(workerEntry(__dirname, 'training-worker'), { eval: true, workerData: data });
    const channel = new Channel<TrainingOwnerSide, TrainingWorkerSide>(nodePort(this.worker));
    const onProgress = (event: TrainingEvent) => {
      this.events.push(event);
      for (const l of this.listeners) l(event);
    };
    channel.request('train', job, { onProgress }).then(
      (outcome) => this.finish({ type: 'done', outcome }),
      (e: Error) => {
        if (!(e instanceof ChannelError)) return this.finish({ type: 'error', message: e.message });
        if (e.code === CANCELLED) return this.finish({ type: 'cancelled' });
        const { columns, which } = e.values as { columns?: string[]; which?: 'text' | 'label' };
        this.finish({ type: 'error', message: e.message, ...(e.code === AMBIGUOUS_COLUMNS && columns && which ? { ambiguous: { columns, which } } : {}) });
      },
    );
    this.worker.on('error', (e) => this.finish({ type: 'error', message: e.message }));
    this.worker.on('exit', (code) =>
      this.finish(Atomics.load(this.flag, 0) ? { type: 'cancelled' } : { type: 'error', message: `the training stopped (exit code ${code})` }),
    );
  }

  onEvent(listener: (e: TrainingEvent) => void): void {
    this.listeners.push(listener);
  }

  get running(): boolean {
    return !this.ended;
  }

  cancel(): void {
    if (this.ended) return;
    Atomics.store(this.flag, 0, 1);
    const timer = setTimeout(() => void this.worker.terminate(), 1500);
    void this.ended$.then(() => clearTimeout(timer));
  }

  private finish(end: TrainingEnd): void {
    if (this.ended) return;
    this.ended = true;
    this.settle(end);
    void this.worker.terminate();
  }
}

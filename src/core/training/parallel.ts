// Data-parallel training on the second core. A worker thread holds a replica of the model whose
// weights are views of the same SharedArrayBuffer as the trainer's, so it always reads the
// current weights without a copy. For each batch the trainer hands the worker one half, works
// on the other half itself, then adds the worker's gradient (left in a second shared buffer) to
// its own before the optimizer step: the same update as one thread on the whole batch, in about
// half the time. The trainer stays synchronous: it blocks on Atomics.wait (allowed in Node's
// main thread) and takes the worker's reply with receiveMessageOnPort.
// Hand-written because no library offers data-parallel training for this engine; Node's
// worker_threads, SharedArrayBuffer and Atomics do the threading. What a half batch is, is the
// trainers' business (gradient-jobs.ts); this module only moves jobs and gradients.

import { workerEntry } from '../worker-entry';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { KerasTopology, NamedWeight } from '../model/model-files';
import { SequentialModel } from '../model/model';

/** The worker's answer; the gradient itself is in the shared buffer. */
export interface GradientReply {
  loss: number;
  correct: number;
  /** rows that had a target (language model; the loss is their mean) */
  counted: number;
  /** per parameter, the embedding rows that got gradient (null: the whole parameter did) */
  rows: Array<number[] | null>;
  error?: string;
}

export interface WorkerSetup {
  topology: KerasTopology;
  layout: Array<{ name: string; shape: number[]; offset: number; length: number }>;
  weights: SharedArrayBuffer;
  gradients: SharedArrayBuffer;
  /** Int32 [0]: 1 when a reply is waiting */
  signal: SharedArrayBuffer;
  replies: MessagePort;
}

/** Float32 views, one per weight, laid out one after another in `buffer`. */
export function weightViews(buffer: SharedArrayBuffer, layout: WorkerSetup['layout']): NamedWeight[] {
  return layout.map((w) => ({ name: w.name, shape: w.shape, values: new Float32Array(buffer, w.offset * 4, w.length) }));
}

export class GradientWorker {
  /** the model to train: the caller's weights, moved into shared memory */
  readonly model: SequentialModel;
  private readonly worker: Worker;
  private readonly replies: MessagePort;
  private readonly signal: Int32Array;
  private readonly gradients: Float32Array[];
  private busy = false;

  constructor(source: SequentialModel) {
    const named = source.namedWeights();
    let offset = 0;
    const layout = named.map((w) => {
      const entry = { name: w.name, shape: w.shape, offset, length: w.values.length };
      offset += w.values.length;
      return entry;
    });
    const weights = new SharedArrayBuffer(offset * 4);
    const gradients = new SharedArrayBuffer(offset * 4);
    const views = weightViews(weights, layout);
    views.forEach((v, i) => v.values.set(named[i].values));
    this.model = SequentialModel.fromTopology(source.topology(), views);
    this.gradients = weightViews(gradients, layout).map((w) => w.values);
    if (this.model.params.length !== layout.length || this.model.params.some((p, i) => p.value.length !== layout[i].length)) {
      throw new Error('parallel training: the replica does not line up with the model');
    }
    const signal = new SharedArrayBuffer(4);
    this.signal = new Int32Array(signal);
    const channel = new MessageChannel();
    this.replies = channel.port1;
    const setup: WorkerSetup = { topology: source.topology(), layout, weights, gradients, signal, replies: channel.port2 };
    this.worker = new Worker(workerEntry(__dirname, 'gradient-worker'), { eval: true, workerData: setup, transferList: [channel.port2] });
    this.worker.unref();
  }

  /** Sends the worker something it keeps for the jobs that follow (what a trainer's jobs need). */
  post(setup: object): void {
    this.worker.postMessage(setup);
  }

  /** Starts the worker on its half batch (a job the trainer and gradient-worker.ts agree on); finish() waits for it. */
  start(job: object): void {
    if (this.busy) throw new Error('parallel training: the worker is still busy');
    this.busy = true;
    Atomics.store(this.signal, 0, 0);
    this.worker.postMessage(job);
  }

  /** Waits for the worker's reply to the job start() sent. */
  private reply(): GradientReply {
    while (Atomics.wait(this.signal, 0, 0, 60_000) === 'timed-out') {
      if (this.worker.threadId < 0) throw new Error('parallel training: the worker stopped');
    }
    this.busy = false;
    const reply = receiveMessageOnPort(this.replies)?.message as GradientReply | undefined;
    if (!reply) throw new Error('parallel training: the worker signalled without a reply');
    if (reply.error) throw new Error(`parallel training: the worker failed: ${reply.error}`);
    return reply;
  }

  /** Waits for a job that computes no gradient (a validation share); returns its loss and count. */
  evaluation(): { loss: number; counted: number } {
    const { loss, counted } = this.reply();
    return { loss, counted };
  }

  /** Waits for the worker and adds its gradient to the model's; returns its loss and hits. */
  finish(): { loss: number; correct: number; counted: number } {
    const reply = this.reply();
    this.model.params.forEach((p, i) => {
      const g = this.gradients[i];
      const rows = reply.rows[i];
      if (!rows) {
        for (let k = 0; k < g.length; k++) p.grad[k] += g[k];
        return;
      }
      const width = p.shape[1];
      const touched = (p.touchedRows ??= new Set());
      for (const r of rows) {
        touched.add(r);
        for (let k = r * width; k < (r + 1) * width; k++) p.grad[k] += g[k];
      }
    });
    return { loss: reply.loss, correct: reply.correct, counted: reply.counted };
  }

  close(): void {
    void this.worker.terminate();
    this.replies.close();
  }
}

/**
 * Trains `target` on one thread, or with `workers` > 1 on its shared-memory copy with a worker
 * thread beside it (`train` gets that copy and the worker); the weights end up in `target`.
 */
export function withWorkers<R>(target: SequentialModel, workers: number | undefined, train: (model: SequentialModel, helper: GradientWorker | null) => R): R {
  const helper = (workers ?? 1) > 1 ? new GradientWorker(target) : null;
  try {
    const result = train(helper?.model ?? target, helper);
    if (helper) target.params.forEach((p, i) => p.value.set(helper.model.params[i].value));
    return result;
  } finally {
    helper?.close();
  }
}

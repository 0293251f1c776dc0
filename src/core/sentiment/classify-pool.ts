// Many lines classified on both cores: this thread and one worker thread (classify-worker.ts)
// take parts of the lines from one queue, so the worker's start-up (reading the model) only
// means it takes fewer parts. Lines are sorted by length before they are cut into parts: a part
// then holds similar lengths, which is what makes a batch cheap (padding costs as a real step).

import { Worker } from 'node:worker_threads';
import { classifyLines, LineVerdict } from './classify-lines';
import { LoadedModel } from '../model/model-bundle';
import type { SentimentModels } from './routing';
import { workerEntry } from '../worker-entry';

export interface ClassifyWorkerSetup {
  /** the model's folder (the English one's when lines are routed by language): the worker reads the same files */
  modelDir: string;
  /** lines are routed by language (routing.ts): the Korean model's folder */
  koreanDir?: string;
}
export interface ClassifyJob {
  id: number;
  lines: string[];
}
export type ClassifyReply = { id: number; verdicts: LineVerdict[]; error?: undefined } | { id: number; error: string };

/** lines per part: enough rows for several full batches, small enough to share the work evenly */
const PART = 384;
/** below this many lines one thread is quicker than starting a second */
export const PARALLEL_FROM = 1000;

export class ClassifyPool {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, (reply: ClassifyReply) => void>();
  private workerError: Error | null = null;

  constructor(
    /** one model for every line, or one per language */
    private readonly loaded: LoadedModel | SentimentModels,
    /** 1: this thread only */
    private readonly threads = 2,
    /** told once if the worker fails; its share is then classified on this thread, and so is all that follows */
    private readonly onWorkerFailure: (e: Error) => void = () => {},
    /** the worker module beside this code (tests name a missing one) */
    private readonly workerName = 'classify-worker',
  ) {}

  /** Verdicts in the order of the lines. */
  async classify(lines: readonly string[]): Promise<LineVerdict[]> {
    if (this.threads < 2 || this.workerError || lines.length < PARALLEL_FROM) return classifyLines(this.loaded, lines);
    const order = lines.map((_, i) => i).sort((a, b) => lines[a].length - lines[b].length);
    const parts: number[][] = [];
    for (let i = 0; i < order.length; i += PART) parts.push(order.slice(i, i + PART));
    const verdicts: LineVerdict[] = new Array(lines.length);
    const store = (part: number[], got: LineVerdict[]) => part.forEach((line, k) => (verdicts[line] = got[k]));
    const worker = this.startWorker();
    // the worker takes the longest parts from the end, this thread the shortest from the front
    let front = 0;
    let back = parts.length;
    // settled as soon as the worker fails (handled at once, not only when awaited below)
    const workerFailure = new Promise<void>((resolve, reject) => {
      const next = () => {
        if (this.workerError) return reject(this.workerError);
        if (front >= back) return resolve();
        const part = parts[--back];
        this.send(
          worker,
          part.map((i) => lines[i]),
        ).then((reply) => {
          if (reply.error !== undefined) return reject(new Error(`the classify worker failed: ${reply.error}`));
          store(part, reply.verdicts);
          next();
        }, reject);
      };
      next();
    }).then(
      () => null,
      (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
    );
    // the parts left once the worker failed are simply this thread's: the loop runs to the end
    while (front < back) {
      const part = parts[front++];
      store(
        part,
        classifyLines(
          this.loaded,
          part.map((i) => lines[i]),
        ),
      );
      // let the worker's reply in, so it is sent its next part without waiting for this loop
      await new Promise((resolve) => setImmediate(resolve));
    }
    const failure = await workerFailure;
    if (failure) {
      // the part the worker had when it failed is done here too
      this.workerError ??= failure;
      this.onWorkerFailure(failure);
      this.close();
      for (const part of parts)
        if (verdicts[part[0]] === undefined)
          store(
            part,
            classifyLines(
              this.loaded,
              part.map((i) => lines[i]),
            ),
          );
    }
    return verdicts;
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = null;
  }

  private startWorker(): Worker {
    if (this.worker) return this.worker;
    const setup: ClassifyWorkerSetup =
      'card' in this.loaded ? { modelDir: this.loaded.dir } : { modelDir: this.loaded.en.dir, ...(this.loaded.ko ? { koreanDir: this.loaded.ko.dir } : {}) };
    const worker = new Worker(workerEntry(__dirname, this.workerName), { eval: true, workerData: setup });
    worker.on('message', (reply: ClassifyReply) => {
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      resolve?.(reply);
    });
    const fail = (e: Error) => {
      this.workerError ??= e;
      for (const [id, resolve] of this.pending) resolve({ id, error: e.message });
      this.pending.clear();
    };
    worker.on('error', fail);
    // stopped without an error event (killed, out of memory) while a part was out: not a hang
    worker.on('exit', (code) => {
      if (this.pending.size) fail(new Error(`the classify worker stopped (exit code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private send(worker: Worker, lines: string[]): Promise<ClassifyReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      worker.postMessage({ id, lines } satisfies ClassifyJob);
    });
  }
}

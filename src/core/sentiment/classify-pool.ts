// Many lines classified on both cores: this thread and one worker thread (classify-worker.ts)
// take parts of the lines from one queue, so the worker's start-up (reading the model) only
// means it takes fewer parts. Lines are sorted by length before they are cut into parts: a part
// then holds similar lengths, which is what makes a batch cheap (padding costs as a real step).

import { Worker } from 'node:worker_threads';
import { Channel, type Method, type NoSide } from '../channel';
import { nodePort } from '../node-port';
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
/** What the classify worker answers: a part of the lines, their verdicts in order. */
export interface ClassifyWorkerSide {
  requests: { classify: Method<{ lines: string[] }, LineVerdict[]> };
  notifications: Record<never, never>;
}
export type ClassifyPoolSide = NoSide;

/** lines per part: enough rows for several full batches, small enough to share the work evenly */
const PART = 384;
/** below this many lines one thread is quicker than starting a second */
export const PARALLEL_FROM = 1000;

export class ClassifyPool {
  private worker: { thread: Worker; channel: Channel<ClassifyPoolSide, ClassifyWorkerSide> } | null = null;
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
        worker.request('classify', { lines: part.map((i) => lines[i]) }).then(
          (verdicts) => {
            store(part, verdicts);
            next();
          },
          (e: Error) => reject(new Error(`the classify worker failed: ${e.message}`)),
        );
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
    this.worker?.channel.close();
    void this.worker?.thread.terminate();
    this.worker = null;
  }

  private startWorker(): Channel<ClassifyPoolSide, ClassifyWorkerSide> {
    if (this.worker) return this.worker.channel;
    const setup: ClassifyWorkerSetup =
      'card' in this.loaded ? { modelDir: this.loaded.dir } : { modelDir: this.loaded.en.dir, ...(this.loaded.ko ? { koreanDir: this.loaded.ko.dir } : {}) };
    const thread = new Worker(workerEntry(__dirname, this.workerName), { eval: true, workerData: setup });
    const channel = new Channel<ClassifyPoolSide, ClassifyWorkerSide>(nodePort(thread));
    const fail = (e: Error) => {
      this.workerError ??= e;
      channel.close(e);
    };
    thread.on('error', fail);
    // stopped without an error event (killed, out of memory) while a part was out: not a hang
    thread.on('exit', (code) => {
      if (channel.waiting) fail(new Error(`the classify worker stopped (exit code ${code})`));
    });
    this.worker = { thread, channel };
    return channel;
  }
}

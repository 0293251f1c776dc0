// Messages between a training's owner (the extension host, the command line) and the training
// worker (training-worker.ts).

import type { LmTrainingRequest, SentimentTrainingRequest, TrainingEvent, TrainingOutcome } from './user-training';

/** `taken` (a function) cannot cross threads: the host sends the ids in use instead. */
export type TrainingJob =
  | { kind: 'language-model'; request: Omit<LmTrainingRequest, 'taken'>; taken: string[] }
  | { kind: 'sentiment'; request: Omit<SentimentTrainingRequest, 'taken'>; taken: string[] };

export interface TrainingWorkerData {
  job: TrainingJob;
  /** Int32Array over it: [0] becomes 1 when the user cancels; the trainer looks after every batch */
  cancel: SharedArrayBuffer;
}

export type TrainingReply =
  | { type: 'event'; event: TrainingEvent }
  | { type: 'done'; outcome: TrainingOutcome & { result: unknown } }
  | { type: 'cancelled' }
  | { type: 'error'; message: string; ambiguous?: { columns: string[]; which: 'text' | 'label' } };

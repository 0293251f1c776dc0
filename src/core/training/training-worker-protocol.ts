// Messages between a training's owner (the extension host, the command line) and the training
// worker (training-worker.ts), carried by the channel (../channel.ts).

import type { Method, NoSide } from '../channel';
import type { LmTrainingRequest, SentimentTrainingRequest, TrainingEvent, TrainingOutcome } from './user-training';

/** `taken` (a function) cannot cross threads: the host sends the ids in use instead. */
export type TrainingJob =
  | { kind: 'language-model'; request: Omit<LmTrainingRequest, 'taken'>; taken: string[] }
  | { kind: 'sentiment'; request: Omit<SentimentTrainingRequest, 'taken'>; taken: string[] };

export interface TrainingWorkerData {
  /** Int32Array over it: [0] becomes 1 when the user cancels; the trainer looks after every batch
   *  (it never pauses, so a cancel message could not reach it) */
  cancel: SharedArrayBuffer;
}

/** What the training worker answers: one training, its events as progress, how it ended. */
export interface TrainingWorkerSide {
  requests: { train: Method<TrainingJob, TrainingOutcome & { result: unknown }, TrainingEvent> };
  notifications: Record<never, never>;
}
export type TrainingOwnerSide = NoSide;

/** The error code of a file whose text and label columns could not be told apart; values: columns, which. */
export const AMBIGUOUS_COLUMNS = 'ambiguous-columns';

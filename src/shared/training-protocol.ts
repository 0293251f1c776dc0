// The messages between the Training view (extension host) and its webview, a protocol for the
// channel (core/channel.ts). The host sends the whole picture each time (a few hundred numbers, at
// most a few times a second), so a webview that reloads or opens mid-training draws the same thing;
// the webview can only say it is ready or ask to cancel, and the host checks that at run time
// (`TRAINING_VALIDATORS`).

import type { ChannelOptions } from '../core/channel';

export interface CurvePoint {
  /** batches since the pass started, counted across epochs */
  step: number;
  /** mean training loss of the epoch so far */
  loss: number;
}

export interface EpochPoint {
  pass: 'measure' | 'final';
  epoch: number;
  step: number;
  /** held-out perplexity (language model) or dev accuracy (sentiment), when measured */
  measure: number | null;
}

export interface ComparisonRow {
  label: string;
  before: string;
  after: string;
  /** the after value is better (true), worse (false), or not comparable (null) */
  better: boolean | null;
}

export interface TrainingViewState {
  title: string;
  task: 'language-model' | 'sentiment';
  base: string;
  status: 'running' | 'done' | 'cancelled' | 'failed';
  /** what is happening now, or how it ended */
  message: string;
  /** facts about the data: files read and skipped, rows, columns, new words */
  facts: string[];
  curves: { measure: CurvePoint[]; final: CurvePoint[] };
  epochs: EpochPoint[];
  /** 'perplexity' or 'accuracy': what EpochPoint.measure is */
  measureName: string;
  comparison: ComparisonRow[];
  /** where the model was saved (done) */
  saved?: string;
}

/** What the host hears from the page (it answers no requests). */
export interface TrainingHostSide {
  requests: Record<never, never>;
  notifications: { ready: Record<string, never>; cancel: Record<string, never> };
}

/** What the page hears from the host. */
export interface TrainingPageSide {
  requests: Record<never, never>;
  notifications: { state: { state: TrainingViewState } };
}

/** Both notifications carry nothing: whatever came with them is dropped. */
export const TRAINING_VALIDATORS: NonNullable<ChannelOptions<TrainingHostSide>['validators']> = {
  ready: () => ({}),
  cancel: () => ({}),
};

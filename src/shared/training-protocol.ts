// The messages between the Training view (extension host) and its webview. The host sends the
// whole picture each time (a few hundred numbers, at most a few times a second), so a webview that
// reloads or opens mid-training draws the same thing; the webview can only say it is ready or ask
// to cancel, and the host checks that at run time (`parseTrainingMessage`).

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

export type ToTrainingView = { type: 'state'; state: TrainingViewState };

export type FromTrainingView = { type: 'ready' } | { type: 'cancel' };

export function parseTrainingMessage(m: unknown): FromTrainingView | null {
  if (typeof m !== 'object' || m === null) return null;
  const type = (m as { type?: unknown }).type;
  return type === 'ready' || type === 'cancel' ? { type } : null;
}

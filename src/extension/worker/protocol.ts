// Messages between the extension host and the analysis worker (analysis-worker.ts), in one place.
// A long text's sentences travel as columns of numbers: a 1 MB selection has ~12,000 of them,
// and as objects they cost the host ~50 ms to receive; as typed arrays, about one.

import type { Method, NoSide } from '../../core/channel';
import type { Message } from '../../core/messages';
import { labelOf, SentenceResult, SentimentResult } from '../../core/sentiment/sentiment';
import type { PackedTrace } from '../../core/trace/trace-transfer';

/** What the analysis worker answers (the host answers nothing: NoSide). */
export interface AnalysisWorkerSide {
  requests: {
    /** a browser's worker has no disk: the host hands over each model's files (path → bytes) once */
    provide: Method<{ files: Array<[string, Uint8Array]> }, null>;
    trace: Method<{ dir: string; text: string; maxTokens: number }, { trace: PackedTrace; ms: number }>;
    /** koreanDir: Hangul sentences go to this model (routing.ts), the rest to dir's; progress: the fraction read */
    sentiment: Method<{ dir: string; koreanDir?: string; text: string }, { result: PackedSentiment; ms: number }, number>;
  };
  notifications: Record<never, never>;
}
export type AnalysisHostSide = NoSide;

/** The error code of a text with nothing to read (EmptyInputError on either side). */
export const EMPTY_INPUT = 'empty-input';

export interface PackedSentences {
  start: Int32Array;
  end: Int32Array;
  positive: Float64Array;
  tokens: Int32Array;
  unknown: Int32Array;
  /** why a sentence has no verdict, by its index (most have one) */
  reasons: Record<number, Message>;
  /** text read by several models: each sentence's, as an index into the result's `models` */
  model?: Uint8Array;
}

export type PackedSentiment = Omit<SentimentResult, 'sentences'> & { sentences: PackedSentences };

export function packSentiment(r: SentimentResult): { packed: PackedSentiment; transfer: ArrayBuffer[] } {
  const n = r.sentences.length;
  const s: PackedSentences = {
    start: new Int32Array(n),
    end: new Int32Array(n),
    positive: new Float64Array(n),
    tokens: new Int32Array(n),
    unknown: new Int32Array(n),
    reasons: {},
    ...(r.models ? { model: new Uint8Array(n) } : {}),
  };
  r.sentences.forEach((x, i) => {
    s.start[i] = x.start;
    s.end[i] = x.end;
    s.positive[i] = x.positive;
    s.tokens[i] = x.tokens;
    s.unknown[i] = x.unknown;
    if (x.reason) s.reasons[i] = x.reason;
    if (s.model && x.model) s.model[i] = r.models!.indexOf(x.model);
  });
  return { packed: { ...r, sentences: s }, transfer: [s.start.buffer, s.end.buffer, s.positive.buffer, s.tokens.buffer, s.unknown.buffer] as ArrayBuffer[] };
}

/** The result again, each sentence's text sliced from the text the host sent. */
export function unpackSentiment(p: PackedSentiment, text: string): SentimentResult {
  const s = p.sentences;
  const sentences: SentenceResult[] = Array.from(s.start, (start, i) => {
    const reason = s.reasons[i];
    return {
      start,
      end: s.end[i],
      text: text.slice(start, s.end[i]),
      positive: s.positive[i],
      label: reason ? null : labelOf(s.positive[i]),
      ...(reason ? { reason } : {}),
      tokens: s.tokens[i],
      unknown: s.unknown[i],
      ...(s.model && p.models ? { model: p.models[s.model[i]] } : {}),
    };
  });
  return { ...p, sentences };
}

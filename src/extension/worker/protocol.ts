// Messages between the extension host and the analysis worker (analysis-worker.ts), in one place.

import type { SentimentResult } from '../../core/sentiment';
import type { PackedTrace } from '../../core/trace-transfer';

export type WorkerRequest =
  | { id: number; type: 'trace'; root: string; model: string; text: string; maxTokens: number }
  | { id: number; type: 'sentiment'; root: string; model: string; text: string };

export type WorkerReply =
  | { id: number; type: 'trace'; trace: PackedTrace; ms: number }
  | { id: number; type: 'sentiment'; result: SentimentResult; ms: number }
  | { id: number; type: 'progress'; fraction: number }
  | { id: number; type: 'error'; message: string };

// The messages between the inspector panel (extension host) and its webview, in one module both
// sides import: what each side may send, the panel state the webview keeps across reloads, and
// for each question the webview asks, the type of its answer. Messages from the webview are
// checked at run time too (`parseFromWebview`), since a webview is a page like any other.

import type { CompareRow, OcclusionResult, TokenAttribution } from '../core/trace/trace-stats';
import type { PackedTrace, TracePart } from '../core/trace/trace-transfer';

export type Task = 'sentiment' | 'language-model';

export interface PanelState {
  text: string;
  task: Task;
  model?: string;
  pinned: boolean;
}

export interface ModelChoice {
  id: string;
  cell: string;
  bidirectional: boolean;
}

/** Questions the webview asks about the inspected text, and the answer each gets. */
export type AnalysisRequest =
  | { type: 'attribution'; model: string }
  | { type: 'occlusion'; model: string }
  | { type: 'compare' }
  | { type: 'neighbours'; model: string; id: number }
  | { type: 'pca'; model: string }
  | { type: 'export'; format: 'png' | 'csv' | 'json'; dataUrl?: string };

export interface Neighbours {
  word: string;
  neighbours: Array<{ word: string; cosine: number }>;
}

export interface AnswerOf {
  attribution: TokenAttribution | null;
  occlusion: OcclusionResult | null;
  compare: CompareRow[];
  neighbours: Neighbours;
  pca: Array<{ word: string; x: number; y: number }>;
  export: { saved: string } | null;
}

export type Answer = AnswerOf[keyof AnswerOf];

export type ToWebview =
  /** `parts`: how many `tracePart` messages with this `id` fill the trace's empty matrices (0: none, it is whole) */
  | { type: 'trace'; id: number; parts: number; trace: PackedTrace; models: ModelChoice[]; model: string; state: PanelState; notes: string[] }
  | ({ type: 'tracePart'; id: number } & TracePart)
  | { type: 'error'; message: string; state: PanelState }
  | { type: 'state'; state: PanelState }
  | { type: 'answer'; id: number; result?: Answer; error?: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'setTask'; task: Task }
  | { type: 'setModel'; model: string }
  | { type: 'pin'; pinned: boolean }
  | { type: 'rendered'; tokens: number; columns: number }
  | { type: 'ask'; id: number; request: AnalysisRequest };

/** A PNG export is a data URL of the heatmap canvas; 64 MB is far more than any canvas gives. */
const MAX_DATA_URL = 64 * 1024 * 1024;
const MODEL_ID = /^[\w.-]{1,128}$/;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown, max: number): x is number => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= max;
const isModelId = (x: unknown): x is string => typeof x === 'string' && MODEL_ID.test(x);

function parseRequest(r: unknown): AnalysisRequest | string {
  if (!isRecord(r)) return 'request is not an object';
  switch (r.type) {
    case 'attribution':
    case 'occlusion':
    case 'pca':
      return isModelId(r.model) ? { type: r.type, model: r.model } : `${r.type}: bad model id`;
    case 'compare':
      return { type: 'compare' };
    case 'neighbours':
      return isModelId(r.model) && isCount(r.id, 10_000_000) ? { type: 'neighbours', model: r.model, id: r.id } : 'neighbours: bad model id or word id';
    case 'export':
      if (r.format !== 'png' && r.format !== 'csv' && r.format !== 'json') return 'export: unknown format';
      if (r.format === 'png') {
        return typeof r.dataUrl === 'string' && r.dataUrl.length <= MAX_DATA_URL && r.dataUrl.startsWith('data:image/png;base64,')
          ? { type: 'export', format: 'png', dataUrl: r.dataUrl }
          : 'export: a PNG needs a PNG data URL';
      }
      return { type: 'export', format: r.format };
    default:
      return `unknown request type ${JSON.stringify(String(r.type)).slice(0, 40)}`;
  }
}

/** The message if it is one the webview may send, with only the fields it defines; else why not. */
export function parseFromWebview(m: unknown): FromWebview | string {
  if (!isRecord(m)) return 'not an object';
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'setTask':
      return m.task === 'sentiment' || m.task === 'language-model' ? { type: 'setTask', task: m.task } : 'setTask: unknown task';
    case 'setModel':
      return isModelId(m.model) ? { type: 'setModel', model: m.model } : 'setModel: bad model id';
    case 'pin':
      return typeof m.pinned === 'boolean' ? { type: 'pin', pinned: m.pinned } : 'pin: pinned is not a boolean';
    case 'rendered':
      return isCount(m.tokens, 1_000_000) && isCount(m.columns, 1_000_000)
        ? { type: 'rendered', tokens: m.tokens, columns: m.columns }
        : 'rendered: bad counts';
    case 'ask': {
      if (!isCount(m.id, Number.MAX_SAFE_INTEGER)) return 'ask: bad id';
      const request = parseRequest(m.request);
      return typeof request === 'string' ? `ask: ${request}` : { type: 'ask', id: m.id, request };
    }
    default:
      return `unknown message type ${JSON.stringify(String(m.type)).slice(0, 40)}`;
  }
}

/** A panel state VS Code kept for a reloaded window, if it is one; the webview wrote it. */
export function parsePanelState(x: unknown): PanelState | undefined {
  if (!isRecord(x) || typeof x.text !== 'string' || (x.task !== 'sentiment' && x.task !== 'language-model') || typeof x.pinned !== 'boolean') return undefined;
  if (x.model !== undefined && !isModelId(x.model)) return undefined;
  return { text: x.text, task: x.task, pinned: x.pinned, ...(x.model !== undefined ? { model: x.model as string } : {}) };
}

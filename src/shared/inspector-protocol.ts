// The messages between the inspector panel (extension host) and its webview, in one module both
// sides import: what each side may send (a protocol for the channel, core/channel.ts), the panel
// state the webview keeps across reloads, and for each question the webview asks, the type of its
// answer. Messages from the webview are checked at run time too (`inspectorValidators`), since a
// webview is a page like any other.

import type { ChannelOptions, Method } from '../core/channel';
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

/** What the extension host answers and hears from the page (core/channel.ts carries it). */
export interface InspectorHostSide {
  requests: { [K in AnalysisRequest['type']]: Method<Omit<Extract<AnalysisRequest, { type: K }>, 'type'>, AnswerOf[K]> };
  notifications: {
    ready: Record<string, never>;
    setTask: { task: Task };
    setModel: { model: string };
    pin: { pinned: boolean };
    rendered: { tokens: number; columns: number };
  };
}

export interface TraceMessage {
  /** how many `tracePart` notifications with this `id` fill the trace's empty matrices (0: none, it is whole) */
  id: number;
  parts: number;
  trace: PackedTrace;
  models: ModelChoice[];
  model: string;
  state: PanelState;
  notes: string[];
}

/** What the page hears from the host (it answers nothing). */
export interface InspectorPageSide {
  requests: Record<never, never>;
  notifications: {
    trace: TraceMessage;
    tracePart: { id: number } & TracePart;
    error: { message: string; state: PanelState };
    state: { state: PanelState };
  };
}

/** A PNG export is a data URL of the heatmap canvas; 64 MB is far more than any canvas gives. */
const MAX_DATA_URL = 64 * 1024 * 1024;
const MODEL_ID = /^[\w.-]{1,128}$/;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown, max: number): x is number => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= max;
const isModelId = (x: unknown): x is string => typeof x === 'string' && MODEL_ID.test(x);

const invalid = (why: string) => ({ invalid: why });
const record = (x: unknown): Record<string, unknown> => (isRecord(x) ? x : {});

/**
 * The checks every message from the page passes before the host acts on it, with only the fields
 * each defines kept. `knownModel`: whether a model id names an installed model.
 */
export function inspectorValidators(knownModel: (id: string) => boolean = () => true): NonNullable<ChannelOptions<InspectorHostSide>['validators']> {
  const model = (method: string) => (p: unknown) => {
    const m = record(p).model;
    if (!isModelId(m)) return invalid(`${method}: bad model id`);
    return knownModel(m) ? { model: m } : invalid(`${method}: unknown model`);
  };
  return {
    attribution: model('attribution'),
    occlusion: model('occlusion'),
    pca: model('pca'),
    compare: () => ({}),
    neighbours: (p) => {
      const checked = model('neighbours')(p);
      const id = record(p).id;
      if ('invalid' in checked) return checked;
      return isCount(id, 10_000_000) ? { model: checked.model, id } : invalid('neighbours: bad word id');
    },
    export: (p) => {
      const r = record(p);
      if (r.format !== 'png' && r.format !== 'csv' && r.format !== 'json') return invalid('export: unknown format');
      if (r.format !== 'png') return { format: r.format };
      return typeof r.dataUrl === 'string' && r.dataUrl.length <= MAX_DATA_URL && r.dataUrl.startsWith('data:image/png;base64,')
        ? { format: 'png', dataUrl: r.dataUrl }
        : invalid('export: a PNG needs a PNG data URL');
    },
    ready: () => ({}),
    setTask: (p) => {
      const task = record(p).task;
      return task === 'sentiment' || task === 'language-model' ? { task } : invalid('setTask: unknown task');
    },
    setModel: model('setModel'),
    pin: (p) => {
      const pinned = record(p).pinned;
      return typeof pinned === 'boolean' ? { pinned } : invalid('pin: pinned is not a boolean');
    },
    rendered: (p) => {
      const { tokens, columns } = record(p);
      return isCount(tokens, 1_000_000) && isCount(columns, 1_000_000) ? { tokens, columns } : invalid('rendered: bad counts');
    },
  };
}

/** A panel state VS Code kept for a reloaded window, if it is one; the webview wrote it. */
export function parsePanelState(x: unknown): PanelState | undefined {
  if (!isRecord(x) || typeof x.text !== 'string' || (x.task !== 'sentiment' && x.task !== 'language-model') || typeof x.pinned !== 'boolean') return undefined;
  if (x.model !== undefined && !isModelId(x.model)) return undefined;
  return { text: x.text, task: x.task, pinned: x.pinned, ...(x.model !== undefined ? { model: x.model as string } : {}) };
}

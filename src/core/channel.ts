// One typed channel for every boundary between threads and pages: the analysis worker, the
// classify pool, the training worker, the inspector page and the Training page. Each boundary
// declares a protocol — for each side, the requests it answers (params, result, progress) and the
// notifications it hears — and both ends type their calls from it, as vscode-languageclient's
// RequestType / NotificationType do. The channel keeps the ids and the pending answers, carries
// progress, cancellation and transfer lists, and sends errors as data (a code and values, not a
// sentence to match by prefix).
//
// Written here rather than taken from vscode-jsonrpc: that library speaks JSON over streams (no
// transfer lists, no structured clone of typed arrays) and is Node- and VS Code-shaped, while this
// runs unchanged in a worker thread, the extension host and a webview page. It has no imports, so
// every floor and every page can use it.

/** A request: what is sent, what comes back, and what it may report before that. */
export interface Method<Params, Result, Progress = never> {
  params: Params;
  result: Result;
  progress: Progress;
}

/** What one end of a boundary answers and hears. */
export interface Side {
  requests: Record<string, Method<unknown, unknown, unknown>>;
  notifications: Record<string, unknown>;
}

/** A side that answers nothing and hears nothing (one-way boundaries). */
export interface NoSide {
  requests: Record<never, never>;
  notifications: Record<never, never>;
}

/** How messages cross: a worker, a MessagePort, a webview. */
export interface Port {
  /** may return a thenable settled once the message is delivered (a webview's postMessage) */
  post(message: unknown, transfer?: ArrayBuffer[]): unknown;
  /** calls `receive` with every message that arrives; the result stops listening */
  listen(receive: (message: unknown) => void): () => void;
}

/** An error as it crosses: a stable code the other side acts on, values to put into words there. */
export interface ErrorData {
  code: string;
  message: string;
  values?: Record<string, unknown>;
}

export class ChannelError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly values: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** The request was cancelled by the side that sent it (or the channel closed under it). */
export const CANCELLED = 'cancelled';

/** The VS Code CancellationToken's shape, so the extension passes its tokens as they are. */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): unknown;
}

export interface RequestOptions<Progress> {
  onProgress?: (progress: Progress) => void;
  token?: CancellationLike;
  transfer?: ArrayBuffer[];
}

/** What a handler is given beside the params. */
export interface HandlerContext<Progress> {
  progress(value: Progress, transfer?: ArrayBuffer[]): void;
  /** the sender cancelled (seen only by handlers that yield between steps) */
  readonly cancelled: boolean;
}

/** A handler's answer; `transfer` moves the buffers instead of copying them. */
export type Reply<Result> = Result | { result: Result; transfer: ArrayBuffer[]; [REPLY]: true };
const REPLY = Symbol('reply with transfer');
export function withTransfer<Result>(result: Result, transfer: ArrayBuffer[]): Reply<Result> {
  return { result, transfer, [REPLY]: true };
}

type Wire =
  | { kind: 'request'; id: number; method: string; params: unknown }
  | { kind: 'notification'; method: string; params: unknown }
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'progress'; id: number; progress: unknown }
  | { kind: 'error'; id: number; error: ErrorData }
  | { kind: 'cancel'; id: number };

/** Checks what an untrusted side sent: the params if they are right, else why not. */
export type Validator<T> = (params: unknown) => T | { invalid: string };

export interface ChannelOptions<Serves extends Side> {
  /** the other side is a page, not our own code: every request and notification it may send has a
   *  validator here, and anything else (other methods, other messages) is refused */
  validators?: { [M in keyof Serves['requests']]: Validator<Serves['requests'][M]['params']> } & {
    [N in keyof Serves['notifications']]: Validator<Serves['notifications'][N]>;
  };
  /** an error a handler threw, as it crosses (default: its `code` if it has one, else 'error') */
  encodeError?: (e: unknown) => ErrorData;
  /** an error that arrived, as the caller sees it (default: a ChannelError) */
  decodeError?: (data: ErrorData) => Error;
  /** told about messages refused (malformed, unknown or invalid) */
  onRefused?: (reason: string) => void;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; onProgress?: (p: unknown) => void };
type Handler = (params: unknown, context: HandlerContext<unknown>) => unknown;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isId = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

/** The wire envelope if it is one (the params are the handler's validator's business). */
function parseWire(m: unknown): Wire | string {
  if (!isRecord(m)) return 'not an object';
  switch (m.kind) {
    case 'request':
      return isId(m.id) && typeof m.method === 'string' ? { kind: 'request', id: m.id, method: m.method, params: m.params } : 'request: bad id or method';
    case 'notification':
      return typeof m.method === 'string' ? { kind: 'notification', method: m.method, params: m.params } : 'notification: bad method';
    case 'result':
      return isId(m.id) ? { kind: 'result', id: m.id, result: m.result } : 'result: bad id';
    case 'progress':
      return isId(m.id) ? { kind: 'progress', id: m.id, progress: m.progress } : 'progress: bad id';
    case 'error':
      return isId(m.id) && isRecord(m.error) && typeof m.error.code === 'string' && typeof m.error.message === 'string'
        ? { kind: 'error', id: m.id, error: { code: m.error.code, message: m.error.message, ...(isRecord(m.error.values) ? { values: m.error.values } : {}) } }
        : 'error: bad id or error';
    case 'cancel':
      return isId(m.id) ? { kind: 'cancel', id: m.id } : 'cancel: bad id';
    default:
      return `unknown kind ${JSON.stringify(String(m.kind)).slice(0, 40)}`;
  }
}

function defaultEncode(e: unknown): ErrorData {
  if (e instanceof ChannelError) return { code: e.code, message: e.message, values: e.values };
  const code = isRecord(e) && typeof e.code === 'string' ? e.code : 'error';
  return { code, message: e instanceof Error ? e.message : String(e) };
}

/**
 * One end of a boundary. `Serves`: what this end answers and hears; `Calls`: what the other end
 * answers and hears. Messages that are not the channel's are left to other listeners.
 */
export class Channel<Serves extends Side, Calls extends Side> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, Handler>();
  private readonly listeners = new Map<string, (params: unknown) => void>();
  /** requests this end is answering, and whether their sender cancelled them */
  private readonly answering = new Map<number, { cancelled: boolean }>();
  private readonly stop: () => void;
  private closed: Error | null = null;

  constructor(
    private readonly port: Port,
    private readonly options: ChannelOptions<Serves> = {},
  ) {
    this.stop = port.listen((m) => this.receive(m));
  }

  /** Asks the other end; rejects with its error, with ChannelError(CANCELLED) when cancelled, or when the channel closes. */
  request<M extends keyof Calls['requests'] & string>(
    method: M,
    params: Calls['requests'][M]['params'],
    options: RequestOptions<Calls['requests'][M]['progress']> = {},
  ): Promise<Calls['requests'][M]['result']> {
    if (this.closed) return Promise.reject(this.closed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: options.onProgress as (p: unknown) => void });
      const cancel = () => {
        if (!this.pending.delete(id)) return;
        reject(new ChannelError(CANCELLED, 'Cancelled.'));
        if (!this.closed) this.port.post({ kind: 'cancel', id } satisfies Wire);
      };
      if (options.token?.isCancellationRequested) return cancel();
      options.token?.onCancellationRequested(cancel);
      this.port.post({ kind: 'request', id, method, params } satisfies Wire, options.transfer);
    });
  }

  /** Resolves when the port says the message was delivered (at once for ports that do not say). */
  notify<N extends keyof Calls['notifications'] & string>(method: N, params: Calls['notifications'][N], transfer?: ArrayBuffer[]): Promise<void> {
    if (this.closed) return Promise.resolve();
    return Promise.resolve(this.port.post({ kind: 'notification', method, params } satisfies Wire, transfer)).then(() => undefined);
  }

  onRequest<M extends keyof Serves['requests'] & string>(
    method: M,
    handler: (
      params: Serves['requests'][M]['params'],
      context: HandlerContext<Serves['requests'][M]['progress']>,
    ) => Reply<Serves['requests'][M]['result']> | Promise<Reply<Serves['requests'][M]['result']>>,
  ): this {
    this.handlers.set(method, handler as Handler);
    return this;
  }

  onNotification<N extends keyof Serves['notifications'] & string>(method: N, listener: (params: Serves['notifications'][N]) => void): this {
    this.listeners.set(method, listener as (params: unknown) => void);
    return this;
  }

  /** Requests still waiting for an answer. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Rejects every waiting request with `error` (the other end died) and stops listening. */
  close(error: Error = new ChannelError(CANCELLED, 'The channel closed.')): void {
    if (this.closed) return;
    this.closed = error;
    this.stop();
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private refuse(reason: string): void {
    this.options.onRefused?.(reason);
  }

  /** The params if this end accepts them (a validator for an untrusted side), else null. */
  private accepted(method: string, params: unknown): { params: unknown } | null {
    const validators = this.options.validators as Record<string, Validator<unknown>> | undefined;
    if (!validators) return { params };
    const validate = Object.prototype.hasOwnProperty.call(validators, method) ? validators[method] : undefined;
    if (!validate) return (this.refuse(`${method}: not a message this side accepts`), null);
    const parsed = validate(params);
    if (isRecord(parsed) && typeof parsed.invalid === 'string' && Object.keys(parsed).length === 1) return (this.refuse(`${method}: ${parsed.invalid}`), null);
    return { params: parsed };
  }

  private receive(message: unknown): void {
    // a boundary between our own threads may carry other messages too: only envelopes with a kind
    // are ours; from an untrusted side (validators), anything else is refused
    if (!isRecord(message) || !('kind' in message)) return this.options.validators ? this.refuse('not a channel message') : undefined;
    const m = parseWire(message);
    if (typeof m === 'string') return this.refuse(m);
    switch (m.kind) {
      case 'result':
      case 'error': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.kind === 'result') p.resolve(m.result);
        else p.reject((this.options.decodeError ?? ((d) => new ChannelError(d.code, d.message, d.values ?? {})))(m.error));
        return;
      }
      case 'progress':
        return this.pending.get(m.id)?.onProgress?.(m.progress);
      case 'cancel': {
        const a = this.answering.get(m.id);
        if (a) a.cancelled = true;
        return;
      }
      case 'notification': {
        const listener = this.listeners.get(m.method);
        const ok = this.accepted(m.method, m.params);
        if (!ok) return;
        if (!listener) return this.refuse(`${m.method}: no listener`);
        return listener(ok.params);
      }
      case 'request':
        return void this.answer(m.id, m.method, m.params);
    }
  }

  private async answer(id: number, method: string, params: unknown): Promise<void> {
    const handler = this.handlers.get(method);
    const ok = this.accepted(method, params);
    if (!ok || !handler) {
      const message = ok ? `no handler for ${method}` : `${method}: refused`;
      this.port.post({ kind: 'error', id, error: { code: 'refused', message } } satisfies Wire);
      return;
    }
    const state = { cancelled: false };
    this.answering.set(id, state);
    const context: HandlerContext<unknown> = {
      progress: (value, transfer) => {
        if (!state.cancelled && !this.closed) this.port.post({ kind: 'progress', id, progress: value } satisfies Wire, transfer);
      },
      get cancelled() {
        return state.cancelled;
      },
    };
    try {
      const reply = await handler(ok.params, context);
      if (this.closed) return;
      if (isRecord(reply) && REPLY in reply) this.port.post({ kind: 'result', id, result: reply.result } satisfies Wire, reply.transfer as ArrayBuffer[]);
      else this.port.post({ kind: 'result', id, result: reply } satisfies Wire);
    } catch (e) {
      if (!this.closed) this.port.post({ kind: 'error', id, error: (this.options.encodeError ?? defaultEncode)(e) } satisfies Wire);
    } finally {
      this.answering.delete(id);
    }
  }
}

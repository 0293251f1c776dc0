// The shape of a trace: what the network carried at every token. Types only, importing
// nothing, so the browser-only webview can use them (src/core/trace/trace.ts builds traces).

export interface TraceToken {
  /** the text as typed (source slice) */
  text: string;
  /** the vocabulary form */
  norm: string;
  id: number;
  known: boolean;
  start: number;
  end: number;
  /**
   * Not in the text: the <eos> a language model reads before the first sentence and after each
   * finished one, as it was trained (start = end, where the sentence ends).
   */
  endOfSentence?: true;
}

/**
 * A layer's values after one token, float32 as the engine computed them: a 2,000-token trace is
 * ~3M numbers, which as JS number arrays cost more to build than the forward pass itself.
 * `traceJson` writes them as plain numbers; `packTrace` (trace-transfer.ts) for the webview.
 */
export interface StepTrace {
  h: Float32Array;
  /** LSTM cell state */
  c?: Float32Array;
  /** activated gates by name: LSTM input/forget/candidate/output, GRU update/reset/candidate */
  gates: Record<string, Float32Array>;
}

export interface LayerTrace {
  layer: string;
  cell: string;
  direction: 'forward' | 'backward';
  units: number;
  gateNames: string[];
  /** one entry per token, in text order (for the backward half too) */
  steps: StepTrace[];
}

export interface Prediction {
  word: string;
  p: number;
}

export interface StepOutput {
  /** sentiment: positive probability having read tokens 0..t */
  positive?: number;
  /** language model: the most probable next words after token t */
  next?: Prediction[];
}

export interface ModelTrace {
  model: string;
  task: string;
  cell: string;
  bidirectional: boolean;
  tokens: TraceToken[];
  layers: LayerTrace[];
  outputs: StepOutput[];
  /** sentiment: the model's positive probability for the whole text */
  positive?: number;
}

/** A layer's weight count, for Compare (parameter-counts.ts computes it; the page only shows it). */
export interface LayerParameters {
  /** the layer's name in the model file */
  layer: string;
  /** its class (LSTM, GRU, SimpleRNN, Bidirectional, Embedding, Dense…) */
  kind: string;
  parameters: number;
  /** recurrent layers: the weights of a SimpleRNN (one direction) with the same input and units */
  simpleRnn?: number;
}

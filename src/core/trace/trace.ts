// What the network carries at every token: the inspector's data and `rnn-lens trace`.
// Built from the caches of the same forward() that makes the prediction, so the numbers in a
// heatmap are the numbers that made the decision.

import { Bidirectional } from '../layers/bidirectional';
import { cellOfClass } from '../layers/cells';
import { RecurrentCache, RecurrentLayer } from '../layers/recurrent';
import { LoadedModel } from '../model/model-bundle';
import { lastStepOutput } from '../layers/layer';
import { ForwardPass, SequentialModel } from '../model/model';
import type { Token } from '../text/tokenizer';
import { tokenizeFor } from '../text/model-tokenizer';
import type { LayerTrace, ModelTrace, Prediction, StepOutput, StepTrace, TraceToken } from './trace-types';
import { encodeTokens, EOS, PAD, UNK, Vocabulary } from '../text/vocabulary';
import { eosId, sentenceEnds, withSentenceEnds } from '../completion/lm-context';

export type { LayerTrace, ModelTrace, Prediction, StepOutput, StepTrace, TraceToken } from './trace-types';

export function traceTokens(text: string, tokens: Token[], ids: Int32Array, vocabulary: Vocabulary): TraceToken[] {
  return tokens.map((t, i) => ({ text: text.slice(t.start, t.end), norm: t.norm, id: ids[i], known: ids[i] !== vocabulary.unkId, start: t.start, end: t.end }));
}

/** Six decimals: what a trace's JSON and CSV carry (float32 holds about seven digits). */
export const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** The trace as JSON (exports, `rnn-lens trace`): its float32 views become plain number lists. */
export function traceJson(trace: ModelTrace, indent?: number): string {
  return JSON.stringify(trace, (_, v: unknown) => (v instanceof Float32Array ? Array.from(v, round6) : v), indent);
}

function layerTrace(layer: RecurrentLayer, cache: RecurrentCache, direction: 'forward' | 'backward', T: number): LayerTrace {
  const gateNames = cellOfClass(layer.className)?.gated === false ? [] : [...layer.gateNames];
  const steps: StepTrace[] = [];
  for (let t = 0; t < T; t++) {
    const v = layer.stepValues(cache, layer.config.goBackwards ? T - 1 - t : t, 0); // copies of the cache's rows
    const step: StepTrace = { h: v.h, gates: {} };
    if (v.c) step.c = v.c;
    for (const g of gateNames) step.gates[g] = v.gates[g];
    steps.push(step);
  }
  return { layer: layer.name, cell: layer.className, direction, units: layer.units, gateNames, steps };
}

/** The recurrent layers' step values from a forward pass over one sequence (B = 1). */
export function recurrentTraces(model: SequentialModel, pass: ForwardPass, T: number): LayerTrace[] {
  const out: LayerTrace[] = [];
  model.layers.forEach((layer) => {
    if (layer instanceof Bidirectional) {
      const c = model.cacheOf(pass, layer);
      out.push(layerTrace(layer.forwardLayer, c.forward, 'forward', T), layerTrace(layer.backwardLayer, c.backward, 'backward', T));
    } else if (layer instanceof RecurrentLayer) {
      out.push(layerTrace(layer, model.cacheOf(pass, layer), layer.config.goBackwards ? 'backward' : 'forward', T));
    }
  });
  return out;
}

const HIDDEN_WORDS = new Set([PAD, UNK, EOS]);

export function topPredictions(
  probs: Float32Array,
  vocabulary: Vocabulary,
  k: number,
  offset = 0,
  accept: (word: string) => boolean = (w) => !HIDDEN_WORDS.has(w),
): Prediction[] {
  const best: Prediction[] = [];
  for (let j = 0; j < vocabulary.size; j++) {
    const p = probs[offset + j];
    if (best.length === k && p <= best[k - 1].p) continue;
    const word = vocabulary.word(j);
    if (!accept(word)) continue;
    best.push({ word, p });
    best.sort((a, b) => b.p - a.p);
    if (best.length > k) best.pop();
  }
  return best.map((x) => ({ word: x.word, p: round6(x.p) }));
}

/**
 * Positive probability after each prefix of a sentiment model's input. For a left-to-right
 * model, the head applied to the hidden state at step t (or to the running max of the states,
 * for a max-pooling head) IS the model's prediction for tokens 0..t. A bidirectional model must
 * re-read each prefix (its backward half changes), so that is done for the first
 * `maxPrefixRuns` prefixes only.
 */
function sentimentSteps(model: SequentialModel, ids: Int32Array, pass: ForwardPass, maxPrefixRuns = 256): StepOutput[] {
  const T = ids.length;
  const last = model.layers[model.lastRecurrent];
  if (last instanceof RecurrentLayer && !last.config.goBackwards) {
    const cache = model.cacheOf(pass, last);
    const u = last.units;
    const out = model.prefixHead(cache.h.slice(u, (T + 1) * u), T, u);
    return Array.from({ length: T }, (_, t) => ({ positive: round6(out[t * (out.length / T)]) }));
  }
  return Array.from({ length: T }, (_, t) => (t < maxPrefixRuns ? { positive: round6(model.predict(ids.subarray(0, t + 1))[0]) } : {}));
}

/**
 * A language model's steps over the text as the completer reads it (lm-context.ts): the text's
 * tokens with <eos> before the first and after each finished sentence, as in training. An <eos>
 * step is a column of its own, marked `endOfSentence`, placed at the end of the sentence it closes.
 */
function languageModelTokens(text: string, tokens: Token[], vocabulary: Vocabulary): TraceToken[] {
  if (!tokens.length) return [];
  const words = traceTokens(text, tokens, encodeTokens(tokens, vocabulary), vocabulary);
  const id = eosId(vocabulary);
  return withSentenceEnds(words, sentenceEnds(text, tokens).after, (i) => {
    const at = i < 0 ? words[0].start : words[i].end;
    return { text: EOS, norm: EOS, id, known: true, start: at, end: at, endOfSentence: true };
  });
}

/** Tokens the inspector and `rnn-lens trace` read unless told otherwise: a trace holds every state of every token (~2 KB each). */
export const TRACE_TOKEN_LIMIT = 2000;

export function traceText(loaded: LoadedModel, text: string, options: { topK?: number; maxTokens?: number } = {}): ModelTrace {
  const { model, vocabulary, card } = loaded;
  const all = tokenizeFor(loaded, text);
  const cut = options.maxTokens && all.length > options.maxTokens ? options.maxTokens : all.length;
  const tokens = all.slice(0, cut);
  // a language model reads the text up to the first token left out, as the completer would there
  const read = cut < all.length ? text.slice(0, all[cut].start) : text;
  const traced =
    card.task === 'sentiment'
      ? traceTokens(text, tokens, encodeTokens(tokens, vocabulary), vocabulary)
      : languageModelTokens(read, tokens, vocabulary).slice(0, options.maxTokens || undefined);
  const ids = Int32Array.from(traced, (t) => t.id);
  const base: ModelTrace = {
    model: card.id,
    task: card.task,
    cell: card.cell,
    bidirectional: card.bidirectional,
    tokens: traced,
    layers: [],
    outputs: [],
  };
  const T = ids.length;
  if (T === 0) return base;
  const pass = model.forward(ids, T, 1);
  base.layers = recurrentTraces(model, pass, T);
  const out = pass.output;
  if (card.task === 'sentiment') {
    base.outputs = sentimentSteps(model, ids, pass);
    base.positive = round6(lastStepOutput(out, T)[0]);
  } else if (out.kind === 'sequence') {
    base.outputs = Array.from({ length: T }, (_, t) => ({ next: topPredictions(out.data, vocabulary, options.topK ?? 5, t * out.dim) }));
  }
  return base;
}

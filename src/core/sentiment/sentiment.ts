// Analyze Sentiment: the whole text and each of its sentences, as positive/negative with the
// model's probability. Many-to-one: every token of a sequence feeds one decision.

import type { SequentialModel } from '../model/model';
import { LoadedModel } from '../model/model-bundle';
import { toBatch } from './sequence-batch';
import { readability, REASONS } from '../text/readability';
import { encodeTokens } from '../text/vocabulary';
import { splitSentences } from '../text/tokenizer';
import { tokenizeFor } from '../text/model-tokenizer';
import { say, type Message } from '../messages';

/** What an analysis says beside its verdict (messages.ts: worded once, translated by the extension). */
export const SENTIMENT_MESSAGES = {
  firstSentences: 'Only the first {0} of {1} sentences were analysed.',
} as const;

export type Label = 'positive' | 'negative';

export interface SentenceResult {
  start: number;
  end: number;
  text: string;
  positive: number;
  /** null: the model cannot read this sentence (see `reason`); `positive` is then no verdict */
  label: Label | null;
  reason?: Message;
  tokens: number;
  unknown: number;
  /** the model that read this sentence, when a text's sentences went to different models (routing.ts) */
  model?: string;
}

export interface SentimentResult {
  /** the model that made the verdict; for text read by several (English and Korean sentences), their ids joined by " + " */
  model: string;
  /** the models that read the text, when more than one did */
  models?: string[];
  /** null: no verdict, because the model cannot read the text (`reason` says why) */
  label: Label | null;
  reason?: Message;
  /** positive probability for the text (over the sentences it can read) */
  positive: number;
  /** probability of the label given (max of positive, 1 - positive) */
  confidence: number;
  tokens: number;
  unknown: number;
  sentences: SentenceResult[];
  /** set when only part of the input was read */
  warning?: Message;
}

export class EmptyInputError extends Error {
  constructor() {
    super('There is no text to analyse: the selection is empty or only whitespace/symbols.');
    this.name = 'EmptyInputError';
  }
}

/** sentences of one text read together in one batch (between two checks for cancel) */
const SENTENCES_PER_STEP = 64;

/** steps × rows of one batch at most: bounds the memory of a batch of long sequences */
const BATCH_TOKENS = 4096;

/** Longest sequence the sentiment models read at once; longer texts are read sentence by sentence. */
export const MAX_SEQUENCE = 400;

export const labelOf = (p: number): Label => (p >= 0.5 ? 'positive' : 'negative');

/** The model's positive probability for a token-id sequence (the last MAX_SEQUENCE ids). */
export function positiveProbability(loaded: LoadedModel, ids: Int32Array): number {
  const tail = ids.length > MAX_SEQUENCE ? ids.subarray(ids.length - MAX_SEQUENCE) : ids;
  return loaded.model.predict(tail)[0];
}

/**
 * Positive probabilities of many id sequences at once, as `positiveProbability` gives them one by
 * one (each read as its last MAX_SEQUENCE ids): sorted by length so that a batch holds similar
 * lengths, padded at the end (the recurrent layers carry their state across padded steps), and
 * read `batchSize` rows at a time, where the engine's products run on whole matrices.
 */
export function positiveProbabilities(model: SequentialModel, sequences: ReadonlyArray<{ ids: Int32Array }>, batchSize = 128): Float32Array {
  const out = new Float32Array(sequences.length);
  const length = (i: number) => Math.min(MAX_SEQUENCE, sequences[i].ids.length);
  const order = sequences.map((_, i) => i).sort((a, b) => length(a) - length(b));
  for (let i = 0; i < order.length;) {
    // a batch of similar lengths: every padded step costs as much as a real one
    const shortest = length(order[i]);
    let end = i + 1;
    while (
      end < order.length &&
      end - i < batchSize &&
      (end - i + 1) * length(order[end]) <= BATCH_TOKENS &&
      length(order[end]) <= Math.max(shortest + 4, shortest * 1.25)
    )
      end++;
    const rows = order.slice(i, end);
    const batch = toBatch(
      rows.map((j) => ({ ids: sequences[j].ids, label: 0 })),
      MAX_SEQUENCE,
    );
    const y = model.forward(batch.ids, batch.T, batch.B).output;
    if (y.kind !== 'flat') throw new Error('a sentiment model must end in one output per sequence');
    rows.forEach((j, b) => (out[j] = y.data[b * y.dim]));
    i = end;
  }
  return out;
}

/**
 * The verdict over several sentences: the mean of their log-odds, each sentence one voice. One
 * sentence's verdict is its own probability. Weighting by length (as until 0.2) let a long
 * neutral sentence outvote "Love it!": on the reviews' dev split (npm run eval:aggregation) the
 * unweighted mean read 87.4% of reviews right, the length-weighted one 84.6%.
 */
export function combineSentences(sentences: Array<{ positive: number; tokens: number }>): number {
  if (sentences.length === 1) return sentences[0].positive;
  const logit = (p: number) => Math.log(Math.max(p, 1e-7) / Math.max(1 - p, 1e-7));
  const mean = sentences.reduce((s, x) => s + logit(x.positive), 0) / Math.max(1, sentences.length);
  return 1 / (1 + Math.exp(-mean));
}

/**
 * Classifies text. The verdict for a single sentence is the model's output for it; for several
 * sentences it is the mean of the sentences' log-odds (each sentence read whole, so early
 * sentences are not forgotten by a long sequence), and every sentence is reported too.
 */
export function analyzeSentiment(loaded: LoadedModel, text: string, options: { maxSentences?: number; isCancelled?: () => boolean } = {}): SentimentResult {
  const tokens = tokenizeFor(loaded, text);
  if (tokens.length === 0) throw new EmptyInputError();
  const ids = encodeTokens(tokens, loaded.vocabulary);
  let spans = splitSentences(text, tokens);
  let warning: Message | undefined;
  if (options.maxSentences && spans.length > options.maxSentences) {
    warning = say(SENTIMENT_MESSAGES.firstSentences, options.maxSentences, spans.length);
    spans = spans.slice(0, options.maxSentences);
  }
  const sentences: SentenceResult[] = [];
  // the sentences step through the model together, a group at a time (cancel is checked between groups)
  for (let first = 0; first < spans.length; first += SENTENCES_PER_STEP) {
    if (options.isCancelled?.()) break;
    const group = spans.slice(first, first + SENTENCES_PER_STEP).map((s) => ({ span: s, ids: ids.subarray(s.first, s.last) }));
    const p = positiveProbabilities(loaded.model, group);
    group.forEach(({ span: s, ids: sub }, k) => {
      let unknown = 0;
      for (const id of sub) unknown += id === loaded.vocabulary.unkId ? 1 : 0;
      const sentenceText = text.slice(s.start, s.end);
      const { reason } = readability(sentenceText, tokens.slice(s.first, s.last), sub, loaded.vocabulary);
      sentences.push({
        start: s.start,
        end: s.end,
        text: sentenceText,
        positive: p[k],
        label: reason ? null : labelOf(p[k]),
        ...(reason ? { reason } : {}),
        tokens: sub.length,
        unknown,
      });
    });
  }
  let unknown = 0;
  for (const id of ids) unknown += id === loaded.vocabulary.unkId ? 1 : 0;
  return sentimentResult(loaded.card.id, sentences, ids.length, unknown, warning, readability(text, tokens, ids, loaded.vocabulary).reason);
}

/**
 * The verdict over classified sentences: over the ones the model can read; none (label null,
 * with the reason) when the text as a whole, or every sentence of it, is unreadable.
 */
export function sentimentResult(
  model: string,
  sentences: SentenceResult[],
  tokens: number,
  unknown: number,
  warning?: Message,
  textReason?: Message | null,
): SentimentResult {
  const readable = sentences.filter((s) => s.label !== null);
  const positive = combineSentences(readable.length ? readable : sentences);
  const reason = textReason ?? (readable.length === 0 ? (sentences[0]?.reason ?? say(REASONS.nothing)) : null);
  return {
    model,
    label: reason ? null : labelOf(positive),
    ...(reason ? { reason } : {}),
    positive,
    confidence: Math.max(positive, 1 - positive),
    tokens,
    unknown,
    sentences,
    ...(warning ? { warning } : {}),
  };
}

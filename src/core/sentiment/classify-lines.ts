// `rnn-lens classify`'s verdicts, one per line of text, for many lines at once: each line read
// whole by the model (as the command always has), the readable ones stepped together in batches
// of similar lengths (positiveProbabilities), so a file of reviews costs matrix products, not
// one small product per token of every line.

import { LoadedModel } from '../model/model-bundle';
import { readability, REASONS } from '../text/readability';
import { combineSentences, labelOf, positiveProbabilities } from './sentiment';
import { routedSegments, SentimentModels } from './routing';
import { tokenizeFor } from '../text/model-tokenizer';
import { round6 } from '../trace/trace';
import { isConfident, unsureBelow } from './unsure';
import { encodeTokens } from '../text/vocabulary';
import { say, type Message } from '../messages';

export interface LineVerdict {
  label: 'positive' | 'negative' | null;
  positive: number | null;
  /** false where the probability falls in the model's unsure band (unsure.ts); the label stays */
  confident?: boolean;
  /** why there is no verdict (label null) */
  reason?: Message;
  error?: string;
  /** the model that read the line; a line whose sentences went to different models lists them */
  model: string | string[];
  /** a line read by several models: its parts (runs of sentences in one language) and their verdicts */
  parts?: Array<Omit<LineVerdict, 'parts'> & { text: string }>;
}

/**
 * Verdicts for lines. One model: every line read whole by it. A model per language: each line
 * read whole by its language's model, or, when its sentences are in different languages, each
 * run of sentences by its own and the verdicts combined as analyzeSentiment combines sentences.
 */
export function classifyLines(models: LoadedModel | SentimentModels, lines: readonly string[]): LineVerdict[] {
  if ('card' in models) return classifyWith(models, lines);
  const items: Array<{ line: number; text: string; model: LoadedModel }> = [];
  const mixed = new Set<number>();
  lines.forEach((line, i) => {
    const segments = routedSegments(models, line);
    if (segments.length > 1) mixed.add(i);
    for (const s of segments) items.push({ line: i, text: segments.length > 1 ? line.slice(s.start, s.end) : line, model: s.model });
  });
  const verdictOf = new Array<LineVerdict>(items.length);
  for (const model of new Set(items.map((x) => x.model))) {
    const mine = items.map((x, k) => ({ ...x, k })).filter((x) => x.model === model);
    classifyWith(
      model,
      mine.map((x) => x.text),
    ).forEach((v, j) => (verdictOf[mine[j].k] = v));
  }
  const verdicts: LineVerdict[] = new Array(lines.length);
  items.forEach((x, k) => {
    if (!mixed.has(x.line)) verdicts[x.line] = verdictOf[k];
  });
  for (const line of mixed) {
    const parts = items.flatMap((x, k) => (x.line === line ? [{ text: x.text, ...verdictOf[k], tokens: tokenizeFor(x.model, x.text).length }] : []));
    const readable = parts.filter((p) => p.label !== null);
    const positive = readable.length ? combineSentences(readable.map((p) => ({ positive: p.positive!, tokens: p.tokens }))) : null;
    // the widest band of the models that read it
    const below = Math.max(...items.filter((x) => x.line === line).map((x) => unsureBelow(x.model.card)));
    verdicts[line] = {
      label: positive === null ? null : labelOf(positive),
      positive: positive === null ? null : round6(positive),
      ...(positive === null ? {} : { confident: isConfident(positive, below) }),
      ...(positive === null ? { reason: parts[0].reason ?? say(REASONS.nothingForModels) } : {}),
      model: [...new Set(parts.map((p) => p.model as string))],
      parts: parts.map(({ tokens: _, ...p }) => p),
    };
  }
  return verdicts;
}

function classifyWith(loaded: LoadedModel, lines: readonly string[]): LineVerdict[] {
  const model = loaded.card.id;
  const verdicts: LineVerdict[] = new Array(lines.length);
  const readable: Array<{ line: number; ids: Int32Array }> = [];
  lines.forEach((line, i) => {
    const tokens = tokenizeFor(loaded, line);
    const ids = encodeTokens(tokens, loaded.vocabulary);
    if (ids.length === 0) {
      verdicts[i] = { label: null, positive: null, reason: say(REASONS.emptyLine), error: 'no words in this line', model };
      return;
    }
    const { reason } = readability(line, tokens, ids, loaded.vocabulary);
    if (reason) verdicts[i] = { label: null, positive: null, reason, model };
    else readable.push({ line: i, ids });
  });
  const p = positiveProbabilities(loaded.model, readable);
  const below = unsureBelow(loaded.card);
  readable.forEach((r, k) => (verdicts[r.line] = { label: labelOf(p[k]), positive: round6(p[k]), confident: isConfident(p[k], below), model }));
  return verdicts;
}

// Sentiment of long text (a selection of up to 1 MB, a file): read in chunks of whole lines, so
// work can be reported and stopped between chunks, and each sentence is read on its own as in
// analyzeSentiment.

import { LoadedModel } from './model-bundle';
import { analyzeSentiment, EmptyInputError, SentenceResult, sentimentResult, SentimentResult } from './sentiment';

/** Characters per chunk: about 4,000 tokens. */
export const CHUNK_CHARS = 20_000;

/** Splits text at line breaks into chunks of at most `size` characters (a longer line is cut). */
export function textChunks(text: string, size = CHUNK_CHARS): Array<{ offset: number; text: string }> {
  const out: Array<{ offset: number; text: string }> = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const nl = text.lastIndexOf('\n', end);
      if (nl > start) end = nl + 1;
    }
    out.push({ offset: start, text: text.slice(start, end) });
    start = end;
  }
  return out;
}

/**
 * Analyses text chunk by chunk. `afterChunk` hears the fraction done and returns false to stop,
 * which gives undefined. Offsets in the result are offsets in `text`.
 */
export function analyzeLongText(loaded: LoadedModel, text: string, afterChunk: (fraction: number) => boolean = () => true): SentimentResult | undefined {
  const sentences: SentenceResult[] = [];
  let tokens = 0;
  let unknown = 0;
  const parts = textChunks(text);
  const reasons: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    try {
      const r = analyzeSentiment(loaded, parts[i].text);
      for (const s of r.sentences) sentences.push({ ...s, start: s.start + parts[i].offset, end: s.end + parts[i].offset });
      tokens += r.tokens;
      unknown += r.unknown;
      if (r.reason) reasons.push(r.reason);
    } catch (e) {
      if (!(e instanceof EmptyInputError)) throw e;
    }
    if (!afterChunk((i + 1) / parts.length)) return undefined;
  }
  if (sentences.length === 0) throw new EmptyInputError();
  // the text as a whole has no verdict when no chunk of it had one
  const textReason = reasons.length === parts.length ? reasons[0] : null;
  return sentimentResult(loaded.card.id, sentences, tokens, unknown, undefined, textReason);
}

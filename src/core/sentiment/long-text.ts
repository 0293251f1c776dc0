// Sentiment of long text (a selection of up to 1 MB, a file): read in chunks of whole lines, so
// work can be reported and stopped between chunks, and each sentence is read on its own as in
// analyzeSentiment.

import { LoadedModel } from '../model/model-bundle';
import { analyzeRouted, SentimentModels } from './routing';
import { analyzeSentiment, EmptyInputError, SentenceResult, sentimentResult, SentimentResult } from './sentiment';
import type { Message } from '../messages';

/** Characters per chunk: about 4,000 tokens. */
export const CHUNK_CHARS = 20_000;

/** Where to end a chunk that must end by `end`: after a line break, else after a sentence's end
 *  punctuation and a space, else after a space; a chunk with none of these is cut at `end`. */
function chunkEnd(text: string, start: number, end: number): number {
  const window = text.slice(start, end);
  const nl = window.lastIndexOf('\n');
  if (nl > 0) return start + nl + 1;
  const sentence = Math.max(window.lastIndexOf('. '), window.lastIndexOf('! '), window.lastIndexOf('? '));
  if (sentence > 0) return start + sentence + 2;
  const space = window.search(/\s\S*$/);
  return space > 0 ? start + space + 1 : end;
}

/** Splits text into chunks of at most `size` characters, at line breaks or sentence ends where it can. */
export function textChunks(text: string, size = CHUNK_CHARS): Array<{ offset: number; text: string }> {
  const out: Array<{ offset: number; text: string }> = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) end = chunkEnd(text, start, end);
    out.push({ offset: start, text: text.slice(start, end) });
    start = end;
  }
  return out;
}

/**
 * Analyses text chunk by chunk. `afterChunk` hears the fraction done and returns false to stop,
 * which gives undefined. Offsets in the result are offsets in `text`.
 */
export function analyzeLongText(
  models: LoadedModel | SentimentModels,
  text: string,
  afterChunk: (fraction: number) => boolean = () => true,
): SentimentResult | undefined {
  const sentences: SentenceResult[] = [];
  let tokens = 0;
  let unknown = 0;
  const parts = textChunks(text);
  const reasons: Message[] = [];
  const used = new Set<string>();
  for (let i = 0; i < parts.length; i++) {
    try {
      // one model, or each run of sentences by its language's (routing.ts)
      const r = 'card' in models ? analyzeSentiment(models, parts[i].text) : analyzeRouted(models, parts[i].text);
      for (const m of r.models ?? [r.model]) used.add(m);
      for (const s of r.sentences) sentences.push({ ...s, start: s.start + parts[i].offset, end: s.end + parts[i].offset, model: s.model ?? r.model });
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
  const ids = used.size ? [...used] : ['card' in models ? models.card.id : models.en.card.id];
  // sentences name their model only when the text was read by more than one
  const named = ids.length > 1 ? sentences : sentences.map(({ model: _, ...rest }) => rest);
  const result = sentimentResult(ids.join(' + '), named, tokens, unknown, undefined, textReason);
  return ids.length > 1 ? { ...result, models: ids } : result;
}

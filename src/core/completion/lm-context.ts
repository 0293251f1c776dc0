// The text before the cursor as the language model was trained to read it. Its training streams
// have one paragraph a line and <eos> after every sentence (brown-data.ts toStream), so the context
// gets <eos> at the same places: after a finished sentence and at a paragraph's end. Without it
// the network reads "… main.py" + "Fix typo" as one sentence and, after a full stop, waits for the
// <eos> it never gets. A line break that only wraps a sentence (hard-wrapped Markdown, a commit
// body at 72 columns) is read through, as the training text has no such breaks.

import { endsSentence, SENTENCE_END, splitSentences, type SentenceSpan, type Token } from '../text/tokenizer';
import { EOS, type Vocabulary } from '../text/vocabulary';

/** A line ending with one of these is finished, whatever follows ("Example:" before a list). */
const LINE_END_MARKS = new Set([...SENTENCE_END, ':', ';']);

/** A single line break (not a blank line) after a line that ends without a mark. */
function softBreak(tokens: Token[], before: number, gap: string): boolean {
  return gap.includes('\n') && !/\n[^\S\n]*\n/.test(gap) && !LINE_END_MARKS.has(tokens[before].norm);
}

/** The line goes on with a lower-case word: the break only wrapped the sentence. */
const continues = (context: string, next: Token) => /^\p{Ll}/u.test(context.slice(next.start, next.end));

/**
 * Whether the writer wraps lines inside sentences: of the context's soft line breaks (see
 * softBreak), more are followed by a lower-case word than by anything else.
 */
function hardWrapped(context: string, tokens: Token[]): boolean {
  let wraps = 0;
  let starts = 0;
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (!softBreak(tokens, i, context.slice(tokens[i].end, tokens[i + 1].start))) continue;
    if (continues(context, tokens[i + 1])) wraps++;
    else starts++;
  }
  return wraps > starts;
}

/** Whether the context's last sentence is finished, so that the next word starts a new one. */
function lastSentenceEnded(context: string, tokens: Token[]): boolean {
  if (!endsSentence(context, tokens)) return false;
  if (!tokens.length) return true;
  const last = tokens.length - 1;
  return !softBreak(tokens, last, context.slice(tokens[last].end)) || !hardWrapped(context, tokens);
}

/**
 * Where the language model reads <eos> in the context: before its first token and after each
 * token index in `after`. `ended` says whether the last sentence is finished (the next word
 * starts a new one). The completer (contextIds) and the inspector's trace both place <eos> here,
 * so the trace shows the steps that made the ghost text.
 */
export function sentenceEnds(context: string, tokens: Token[]): { after: number[]; ended: boolean } {
  const after: number[] = [];
  const sentences: SentenceSpan[] = splitSentences(context, tokens);
  let ended = true;
  sentences.forEach((s, n) => {
    const next = sentences[n + 1];
    ended = next
      ? !(softBreak(tokens, s.last - 1, context.slice(s.end, next.start)) && continues(context, tokens[next.first]))
      : lastSentenceEnded(context, tokens);
    if (ended) after.push(s.last - 1);
  });
  return { after, ended };
}

/** The id the model reads for <eos> (<unk> for a vocabulary without one). */
export const eosId = (vocabulary: Vocabulary) => (vocabulary.exact(EOS) >= 0 ? vocabulary.exact(EOS) : vocabulary.unkId);

/**
 * `items` (one per token) with an <eos> item before the first and after each token index in
 * `after` (sentenceEnds); `eos(i)` makes the one after token i (−1: the one before the first).
 */
export function withSentenceEnds<T>(items: T[], after: number[], eos: (i: number) => T): T[] {
  const out = [eos(-1)];
  let next = 0;
  items.forEach((item, i) => {
    out.push(item);
    if (after[next] === i) {
      out.push(eos(i));
      next++;
    }
  });
  return out;
}

/**
 * The context's token ids: <eos> first and after every finished sentence; `ended` says whether
 * the last one is finished. One pass per keystroke: the caller takes both from here rather than
 * asking lastSentenceEnded() again.
 */
export function contextIds(context: string, tokens: Token[], vocabulary: Vocabulary): { ids: number[]; ended: boolean } {
  const eos = eosId(vocabulary);
  const { after, ended } = sentenceEnds(context, tokens);
  const ids = withSentenceEnds(
    tokens.map((t) => vocabulary.id(t.norm)),
    after,
    () => eos,
  );
  return { ids, ended };
}

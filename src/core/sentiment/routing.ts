// Which model reads which part of a text: Hangul sentences go to the Korean sentiment model, the
// rest to the English one. Decided per sentence by the share of Hangul among its letters, so a
// Korean review with an English word in it stays Korean, and an English paragraph quoting a
// Korean sentence sends that sentence to the Korean model. Consecutive sentences of one language
// are read together (one segment), so a text in one language is read exactly as before.

import { HANGUL, hangulShare } from '../text/hangul-tokenizer';
import type { SentimentModels } from '../model/model-bundle';
import type { Language } from '../text/model-tokenizer';
import { analyzeSentiment, SentimentResult, sentimentResult } from './sentiment';
import { splitSentences, tokenize } from '../text/tokenizer';
import { say } from '../messages';
import { REASONS } from '../text/readability';

export type { Language } from '../text/model-tokenizer';
export type { SentimentModels } from '../model/model-bundle';

/** at least this share of a sentence's letters in Hangul makes it Korean */
export const KOREAN_SHARE = 0.5;

export interface Segment {
  start: number;
  end: number;
  language: Language;
}

/** The language of a piece of text by its letters (null: it has none, e.g. "10/10 !!!"). */
export function languageOfText(text: string): Language | null {
  if (!/\p{L}/u.test(text)) return null;
  return hangulShare(text) >= KOREAN_SHARE ? 'ko' : 'en';
}

/**
 * The text cut into runs of sentences of one language. Sentence boundaries come from
 * tokenizer.ts, which reads Hangul words as words; a sentence without letters joins its neighbour.
 */
export function languageSegments(text: string): Segment[] {
  const spans = splitSentences(text, tokenize(text));
  const languages = spans.map((s) => languageOfText(text.slice(s.start, s.end)));
  const first = languages.find((l) => l !== null) ?? 'en';
  const segments: Segment[] = [];
  let previous: Language = first;
  spans.forEach((s, i) => {
    const language = languages[i] ?? previous;
    previous = language;
    const last = segments[segments.length - 1];
    if (last && last.language === language) last.end = s.end;
    else segments.push({ start: s.start, end: s.end, language });
  });
  return segments;
}

/** Whether a text could have a Korean sentence (any Hangul): only then is a Korean model read for it. */
export const mayReadKorean = (text: string) => HANGUL.test(text);

/** The model for a segment: the Korean one for Korean when there is one. */
export function modelFor<M>(models: SentimentModels<M>, language: Language): M {
  return language === 'ko' && models.ko ? models.ko : models.en;
}

/**
 * Segments whose language has a model of its own; a text in one language (or with no Korean
 * model to send Hangul to) is one segment, the whole text.
 */
export function routedSegments<M>(models: SentimentModels<M>, text: string): Array<Segment & { model: M }> {
  // a text without Hangul is English's whole: no sentence splitting on the way (classify --file reads millions of lines)
  const segments = models.ko && mayReadKorean(text) ? languageSegments(text) : [];
  if (segments.length <= 1) {
    const language = segments[0]?.language ?? 'en';
    return [{ start: 0, end: text.length, language, model: modelFor(models, language) }];
  }
  return segments.map((s) => ({ ...s, model: modelFor(models, s.language) }));
}

/**
 * One verdict from the verdicts of a text's segments (each with its offset in the text): the
 * sentences of all, in order, each naming its model; the verdict over the readable ones as
 * analyzeSentiment combines sentences (the mean of their log-odds).
 */
export function mergeSegments(parts: Array<{ offset: number; result: SentimentResult }>): SentimentResult {
  if (parts.length === 1 && parts[0].offset === 0) return parts[0].result;
  const sentences = parts.flatMap(({ offset, result }) =>
    result.sentences.map((s) => ({ ...s, start: s.start + offset, end: s.end + offset, model: s.model ?? result.model })),
  );
  const models = [...new Set(parts.map((p) => p.result.model))];
  // the verdict as sentimentResult gives it over sentences; with none readable, the reason of the first part that had one
  const noneReadable = sentences.every((s) => s.label === null);
  const textReason = noneReadable ? (parts.find((p) => p.result.reason)?.result.reason ?? say(REASONS.nothingForModels)) : null;
  // one part's warning stands for all (each says only its first sentences were read)
  const warning = parts.find((p) => p.result.warning)?.result.warning;
  const merged = sentimentResult(
    models.join(' + '),
    sentences,
    parts.reduce((n, p) => n + p.result.tokens, 0),
    parts.reduce((n, p) => n + p.result.unknown, 0),
    warning,
    textReason,
  );
  return { ...merged, models };
}

/** analyzeSentiment with each run of sentences read by its language's model. */
export function analyzeRouted(models: SentimentModels, text: string, options: Parameters<typeof analyzeSentiment>[2] = {}): SentimentResult {
  return mergeSegments(routedSegments(models, text).map((s) => ({ offset: s.start, result: analyzeSentiment(s.model, text.slice(s.start, s.end), options) })));
}

/**
 * Ghost text's language for the text before the cursor: by words, not letters, because Korean
 * notes keep English terms whole ("forget gate는 sigmoid 함수의 output이기" has more Latin letters
 * than Hangul, and three of its five words are Korean). The current line decides; at the start of
 * a line, the words before it (up to KOREAN_WORDS_LOOKBACK). At least a third of the words holding
 * Hangul makes it Korean.
 */
export function completionLanguage(textBeforeCursor: string): Language {
  const line = textBeforeCursor.slice(textBeforeCursor.lastIndexOf('\n') + 1);
  const words = wordsOf(line);
  return languageOfWords(words.length ? words : wordsOf(textBeforeCursor.slice(-400)).slice(-KOREAN_WORDS_LOOKBACK));
}

/** The language of a whole text by its words (the inspector's language model for a selection). */
export function languageByWords(text: string): Language {
  return languageOfWords(wordsOf(text));
}

/** words the ghost-text routing looks back over at the start of a line */
export const KOREAN_WORDS_LOOKBACK = 12;
/** at least this share of words holding Hangul makes ghost text Korean */
export const KOREAN_WORD_SHARE = 1 / 3;

const wordsOf = (text: string) => text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
const languageOfWords = (words: string[]): Language =>
  words.length && words.filter((w) => HANGUL.test(w)).length >= KOREAN_WORD_SHARE * words.length ? 'ko' : 'en';

/**
 * The one place that says which language reads a text, for every caller (the commands, the
 * inspector, the CLI): sentiment by the letters of the text (a sentence mostly in Hangul is
 * Korean; `routedSegments` then splits a mixed text by sentence), a language model by words (ghost
 * text: the words before the cursor; the inspector: the selection's words). Null: no letters.
 */
export function languageFor(task: 'sentiment' | 'language-model', text: string, where: 'cursor' | 'selection' = 'selection'): Language | null {
  if (task === 'sentiment') return languageOfText(text);
  if (!/\p{L}/u.test(text)) return null;
  return where === 'cursor' ? completionLanguage(text) : languageByWords(text);
}

/** The reader of a text among a model per language: its language's, or English's where that language has none. */
export function readerFor<M>(
  task: 'sentiment' | 'language-model',
  text: string,
  models: { en: M; ko?: M },
  where: 'cursor' | 'selection' = 'selection',
): { model: M; language: Language } {
  const language = languageFor(task, text, where) ?? 'en';
  return language === 'ko' && models.ko !== undefined ? { model: models.ko, language } : { model: models.en, language: 'en' };
}

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { languageOfText, languageSegments, mergeSegments, routedSegments } from '../../src/core/sentiment/routing';
import type { SentimentResult } from '../../src/core/sentiment/sentiment';
import { defaultsKey } from '../../src/core/model/trained-models';
import { say } from '../../src/core/messages';

const pieces = (text: string) => languageSegments(text).map((s) => [s.language, text.slice(s.start, s.end)]);

test('each sentence goes by the share of Hangul among its letters; runs of one language stay together', () => {
  assert.deepEqual(pieces('이 영화 정말 최고예요. 배우들 연기도 좋았어요! The plot was thin. 그래도 추천합니다'), [
    ['ko', '이 영화 정말 최고예요. 배우들 연기도 좋았어요!'],
    ['en', 'The plot was thin.'],
    ['ko', '그래도 추천합니다'],
  ]);
  // an English word or two inside a Korean sentence keeps it Korean, and the other way round
  assert.deepEqual(languageOfText('CG는 별로인데 스토리가 good'), 'ko');
  assert.deepEqual(languageOfText('The 떡볶이 was great'), 'en');
  // no letters: no language of its own; it joins the sentence before it
  assert.equal(languageOfText('10/10 !!!'), null);
  assert.deepEqual(pieces('최고의 영화. 10/10!'), [['ko', '최고의 영화. 10/10!']]);
  // a line break ends a sentence too
  assert.deepEqual(pieces('Great phone.\n배터리가 금방 닳아요'), [
    ['en', 'Great phone.'],
    ['ko', '배터리가 금방 닳아요'],
  ]);
});

test('routing needs a Korean model: without one, or for text in one language, the whole text is one segment', () => {
  const text = '좋아요. Bad ending.';
  assert.deepEqual(
    routedSegments({ en: 'EN' }, text).map((s) => [s.model, s.start, s.end]),
    [['EN', 0, text.length]],
  );
  assert.deepEqual(
    routedSegments({ en: 'EN', ko: 'KO' }, '정말 좋아요. 또 볼래요').map((s) => [s.model, s.start, s.end]),
    [['KO', 0, '정말 좋아요. 또 볼래요'.length]],
  );
  assert.deepEqual(
    routedSegments({ en: 'EN', ko: 'KO' }, text).map((s) => [s.model, text.slice(s.start, s.end)]),
    [
      ['KO', '좋아요.'],
      ['EN', 'Bad ending.'],
    ],
  );
});

test('merged verdicts: sentences in text order naming their model, the verdict over the readable ones', () => {
  const part = (model: string, start: number, end: number, positive: number, label: 'positive' | 'negative' | null, tokens: number): SentimentResult => ({
    model,
    label,
    positive,
    confidence: Math.max(positive, 1 - positive),
    tokens,
    unknown: 0,
    sentences: [{ start, end, text: '', positive, label, tokens, unknown: 0, ...(label ? {} : { reason: say('unreadable') }) }],
    ...(label ? {} : { reason: say('unreadable') }),
  });
  const merged = mergeSegments([
    { offset: 0, result: part('ko-gru', 0, 5, 0.9, 'positive', 3) },
    { offset: 6, result: part('gru', 0, 11, 0.2, 'negative', 1) },
    { offset: 18, result: part('gru', 0, 4, 0.5, null, 2) },
  ]);
  assert.equal(merged.model, 'ko-gru + gru');
  assert.deepEqual(merged.models, ['ko-gru', 'gru']);
  assert.deepEqual(
    merged.sentences.map((s) => [s.model, s.start, s.end]),
    [
      ['ko-gru', 0, 5],
      ['gru', 6, 17],
      ['gru', 18, 22],
    ],
  );
  // the mean log-odds of the two readable sentences, each one voice: (logit .9 + logit .2) / 2
  const logit = (p: number) => Math.log(p / (1 - p));
  assert.ok(Math.abs(merged.positive - 1 / (1 + Math.exp(-(logit(0.9) + logit(0.2)) / 2))) < 1e-9);
  assert.equal(merged.label, 'positive');
  assert.equal(merged.tokens, 6);
});

test('a folder of trained models keeps a default per language: a Korean model is the default under "sentiment:ko"', () => {
  assert.equal(defaultsKey({ task: 'sentiment', tokenizer: 'hangul-1' }), 'sentiment:ko');
  assert.equal(defaultsKey({ task: 'sentiment' }), 'sentiment');
  assert.equal(defaultsKey({ task: 'language-model' }), 'language-model');
});

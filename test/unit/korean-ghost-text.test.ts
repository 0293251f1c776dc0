// Korean ghost text: dubeolsik keystrokes counted on words worked out by hand, pieces joined back
// into the exact eojeol, routing by the text before the cursor, the Korean typing simulation's
// accounting, and the completer on a tiny Korean language model trained here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dubeolsikKeystrokes, keysOf } from '../../src/core/completion/dubeolsik';
import { joinEojeols, KoreanCompletionService, pieceKind } from '../../src/core/completion/korean-completion';
import { tokenizeHangul } from '../../src/core/text/hangul-tokenizer';
import { completionLanguage, languageByWords, languageFor, readerFor } from '../../src/core/sentiment/routing';
import { routedModelId, completionServiceFor } from '../../src/core/completion/ghost-text';
import { documentEojeolsCompleter, traceKoreanTyping } from '../../src/core/completion/korean-typing';
import { scoreTyping, type Completer } from '../../src/core/completion/typing-simulation';
import { LanguageModelRunner } from '../../src/core/completion/language-model';
import { CompletionService } from '../../src/core/completion/completion';
import type { LoadedModel } from '../../src/core/model/model-bundle';
import { tinyCard, trainTinyKoreanLm, trainTinyLm } from './helpers/tiny-models';
import { traceText } from '../../src/core/trace/trace';

test('dubeolsik keystrokes: a jamo a key, compound vowels and final clusters as the keys that type them', () => {
  assert.equal(keysOf('한'), 3); // ㅎ ㅏ ㄴ
  assert.equal(keysOf('가'), 2); // ㄱ ㅏ
  assert.equal(keysOf('까'), 2); // shifted ㄲ is one key
  assert.equal(keysOf('왔'), 4); // ㅇ ㅗ+ㅏ ㅆ(shifted)
  assert.equal(keysOf('닭'), 4); // ㄷ ㅏ ㄹ+ㄱ
  assert.equal(keysOf('값'), 4); // ㄱ ㅏ ㅂ+ㅅ
  assert.equal(keysOf('의'), 3); // ㅇ ㅡ+ㅣ
  assert.equal(keysOf('얘'), 2); // ㅇ ㅒ(shifted)
  assert.equal(keysOf('ㅋ'), 1);
  assert.equal(keysOf('ㅘ'), 2);
  assert.equal(dubeolsikKeystrokes('데이터를'), 2 + 2 + 2 + 3);
  assert.equal(dubeolsikKeystrokes('GRU는 됐다.'), 3 + 3 + 1 + 4 + 2 + 1);
  // a syllable written as conjoining jamo counts as its composed form
  assert.equal(dubeolsikKeystrokes('한'.normalize('NFD')), 3);
});

test('pieces join back into the exact eojeol, particles attached as written', () => {
  const known = new Set(['▁데이터', '를', '▁사용', '합니다', 'layer', '는']);
  const pieces = (eojeol: string) => tokenizeHangul(eojeol, known).map((t) => t.norm);
  assert.deepEqual(pieces('데이터를'), ['▁데이터', '를']);
  assert.equal(joinEojeols([pieces('데이터를'), pieces('사용합니다')]), '데이터를 사용합니다');
  assert.equal(joinEojeols([pieces('layer는')]), 'layer는');
  assert.equal(
    joinEojeols([pieces('gru는')], (w) => (w === 'gru' ? 'GRU' : w)),
    'GRU는',
  );
  assert.deepEqual(['▁데이터', '를', 'layer', '3', '.'].map(pieceKind), ['start', 'continue', 'latin', 'latin', 'other']);
  // any eojeol of Hangul syllables (and a lower-case Latin word before them) comes back exactly, whatever pieces are known
  const syllable = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c));
  fc.assert(
    fc.property(
      fc.option(fc.stringMatching(/^[a-z]{1,6}$/), { nil: '' }),
      fc.array(syllable, { minLength: 1, maxLength: 7 }),
      fc.array(fc.array(syllable, { minLength: 1, maxLength: 3 }), { maxLength: 6 }),
      (latin, syllables, vocabulary) => {
        const eojeol = latin + syllables.join('');
        const set = new Set(vocabulary.flatMap((v) => [v.join(''), '▁' + v.join('')]));
        assert.equal(joinEojeols([tokenizeHangul(eojeol, set).map((t) => t.norm)]), eojeol);
      },
    ),
  );
});

test('routing by the text before the cursor: Korean words with English terms stay Korean, an English line stays English', () => {
  assert.equal(completionLanguage('forget gate는 sigmoid 함수의 output이기 '), 'ko');
  assert.equal(completionLanguage('Embedding layer는 단어의 분산 표현을 '), 'ko');
  assert.equal(completionLanguage('데이터를 읽습니다.\nThe rest of the '), 'en');
  assert.equal(completionLanguage('The word 사랑 means love and '), 'en');
  // at the start of a line the lines before decide
  assert.equal(completionLanguage('모델을 학습합니다.\n'), 'ko');
  assert.equal(completionLanguage('Train the model.\n'), 'en');
  assert.equal(completionLanguage(''), 'en');
  assert.equal(languageByWords('RNN은 순서가 있는 데이터를 처리합니다'), 'ko');
  assert.deepEqual(routedModelId({ en: 'lm-lstm', ko: 'lm-ko-lstm' }, '모델을 '), { id: 'lm-ko-lstm', language: 'ko' });
  // without a Korean model Korean text gets the English one (and says so)
  assert.deepEqual(routedModelId({ en: 'lm-lstm' }, '모델을 '), { id: 'lm-lstm', language: 'en' });
});

test('the Korean typing simulation: asked at each eojeol start, Tab takes the eojeol for one key, punctuation typed', () => {
  const doc = '데이터를 읽습니다. 데이터를 씁니다.\n';
  // an oracle that proposes the next eojeol's letters (and the one after)
  const oracle: Completer = (before) => {
    const words = doc.slice(before.length).match(/[\p{L}\p{N}]+/gu) ?? [];
    return words.length ? [{ text: words.slice(0, 2).join(' '), p: 0.9 }] : [];
  };
  const trace = traceKoreanTyping(doc, oracle);
  assert.equal(trace.keystrokes, dubeolsikKeystrokes(doc));
  assert.equal(trace.words.length, 4);
  const r = scoreTyping(trace, 0);
  // every eojeol's letters cost one key: 데이터를 9, 읽습니다 (4+3+2+2=11), 데이터를 9, 씁니다 (3+2+2=7: ㅆ is one shifted key)
  assert.deepEqual(r, { keystrokes: trace.keystrokes, saved: 8 + 10 + 8 + 6, asks: 4, shown: 4, right: 4 });
  // eojeol by eojeol: the further eojeol is taken too when the document goes on with it after a space
  const byWord = scoreTyping(trace, 0, true);
  assert.ok(byWord.saved >= r.saved);
  // a threshold above the proposals' probability shows nothing
  assert.equal(scoreTyping(trace, 0.95).shown, 0);
  // the baseline: the document's most frequent eojeol so far, at each eojeol's start
  const base = scoreTyping(traceKoreanTyping(doc, documentEojeolsCompleter()), 0);
  // first eojeol: nothing seen; 읽습니다 ← 데이터를 (wrong); 데이터를 ← 데이터를 (right, 8 saved); 씁니다 ← 데이터를 (wrong)
  assert.deepEqual(base, { keystrokes: trace.keystrokes, saved: 8, asks: 4, shown: 3, right: 1 });
});

function tinyKorean(): LoadedModel {
  const { model, vocabulary, card } = trainTinyKoreanLm();
  return { model, vocabulary, card, dir: '', casing: new Map([['layer', 'Layer']]) };
}

test('the Korean completer proposes the next eojeol after a space and the rest of one being typed, joined as written', () => {
  const loaded = tinyKorean();
  const service = completionServiceFor(loaded);
  assert.ok(service instanceof KoreanCompletionService);
  const after = service.complete('데이터를 읽습니다. 모델을 ', { words: 1, k: 3, cacheWeight: 0 });
  assert.ok(after.completions.length > 0);
  assert.equal(after.partial, '');
  // whole eojeols the text has, never a piece cut off, never a space inside one
  for (const c of after.completions) assert.match(c.text, /^[\uAC00-\uD7A3A-Za-z]+$/);
  assert.ok(
    after.completions.some((c) => ['학습합니다', '사용합니다'].includes(c.text)),
    JSON.stringify(after.completions),
  );
  // the rest of an eojeol being typed: what is typed stays, only the rest is inserted
  const typing = service.complete('모델을 학습합니다. 데이', { words: 1, k: 3, cacheWeight: 0 });
  assert.equal(typing.partial, '데이');
  assert.ok(
    typing.completions.some((c) => c.text === '터를'),
    JSON.stringify(typing.completions),
  );
  // a particle after a Latin word attaches without a space, and the Latin word is written as usual
  const latin = service.complete('데이터를 읽습니다. lay', { words: 2, k: 3, cacheWeight: 0 });
  assert.ok(
    latin.completions.some((c) => c.text.startsWith('er를')),
    JSON.stringify(latin.completions),
  );
  const next = service.complete('모델을 학습합니다. ', { words: 2, k: 1, cacheWeight: 0 });
  assert.ok(next.completions.every((c) => !c.text.startsWith(' ')));
  // a syllable still being composed (a lone jamo) gets nothing: the editor would not show it
  assert.deepEqual(service.complete('모델을 ㅎ').completions, []);
  // probabilities are probabilities
  for (const c of [...after.completions, ...typing.completions]) assert.ok(c.pFirst > 0 && c.pFirst <= 1 && c.p <= c.pFirst + 1e-9);
});

test('the document’s own eojeols are proposed through the cache, even ones the network never saw whole', () => {
  const service = new KoreanCompletionService(new LanguageModelRunner(tinyKorean()));
  const text = '순환신경망을 설명합니다. 순환신경망을 설명합니다. 순환신경망을 설명합니다. 데이터를 읽습니다. ';
  const r = service.complete(text + '순환', { words: 1, k: 3, cacheWeight: 0.9 });
  assert.ok(
    r.completions.some((c) => c.text === '신경망을'),
    JSON.stringify(r.completions),
  );
});

test('an English language model still gets the word completer', () => {
  const { model, vocabulary } = trainTinyLm('lstm', 5);
  const loaded: LoadedModel = { model, vocabulary, dir: '', card: tinyCard('tiny-lm', 'language-model', 'LSTM', false, true) };
  assert.ok(completionServiceFor(loaded) instanceof CompletionService);
});

test('the inspector on a Korean language model: pieces as columns, next-piece predictions under each', () => {
  const loaded = tinyKorean();
  const trace = traceText(loaded, '데이터를 읽습니다. 모델을 layer를 사용합니다');
  const pieces = trace.tokens.filter((t) => !t.endOfSentence).map((t) => t.norm);
  assert.deepEqual(pieces.join('').replace(/▁/g, ''), '데이터를읽습니다.모델을layer를사용합니다');
  // a particle after a Latin word is a piece of its own, unmarked; a word's first piece is marked
  assert.deepEqual(pieces.slice(pieces.indexOf('layer'), pieces.indexOf('layer') + 2), ['layer', '를']);
  assert.ok(pieces.includes('▁데이터를'), pieces.join(' '));
  // <eos> where the completer reads one: before the text and after the finished sentence
  assert.equal(trace.tokens[0].endOfSentence, true);
  assert.equal(trace.tokens.filter((t) => t.endOfSentence).length, 2);
  assert.equal(trace.outputs.length, trace.tokens.length);
  for (const o of trace.outputs) assert.ok(o.next && o.next.length > 0);
  // under each column the next piece: after "▁사용합니" the rest of the eojeol the tiny model always saw there
  const after = (norm: string) => trace.outputs[trace.tokens.findIndex((t) => t.norm === norm)].next![0].word;
  assert.equal(after('▁사용합니'), '다');
});

test('one place chooses the reader: sentiment by letters, ghost text by the words before the cursor, the inspector by the selection’s words', () => {
  const ids = { en: 'en-model', ko: 'ko-model' };
  // letters: an English sentence with one Korean word stays English for sentiment
  assert.deepEqual(readerFor('sentiment', '이 영화 정말 좋았어요', ids), { model: 'ko-model', language: 'ko' });
  assert.deepEqual(readerFor('sentiment', 'forget gate는 sigmoid 함수의 output', ids), { model: 'en-model', language: 'en' });
  // words: the same note is Korean for a language model
  assert.deepEqual(readerFor('language-model', 'forget gate는 sigmoid 함수의 output', ids), { model: 'ko-model', language: 'ko' });
  assert.deepEqual(readerFor('language-model', '데이터를 읽습니다.\nThe rest of the ', ids, 'cursor'), { model: 'en-model', language: 'en' });
  // no Korean model: English reads everything; no letters: no language, English by default
  assert.deepEqual(readerFor('sentiment', '정말 좋았어요', { en: 'en-model' }), { model: 'en-model', language: 'en' });
  assert.equal(languageFor('sentiment', '10/10 !!!'), null);
  assert.equal(languageFor('language-model', '123 ...'), null);
});

test("the threshold rule's lower bound: Wilson's, one-sided 90%, narrower with more proposals shown", async () => {
  const { wilsonLower } = await import('../../src/lab/eval-ghost-korean');
  // hand-computed: p = 0.55 from 100 shown is bounded below by 0.4859, from 1,000 by 0.5298
  assert.ok(Math.abs(wilsonLower(55, 100) - 0.48595) < 1e-4, String(wilsonLower(55, 100)));
  assert.ok(Math.abs(wilsonLower(550, 1000) - 0.52977) < 1e-4, String(wilsonLower(550, 1000)));
  assert.equal(wilsonLower(0, 0), 0);
  assert.ok(wilsonLower(10, 10) < 1 && wilsonLower(10, 10) > 0.8);
  // a precision met exactly at 55% never passes the bound rule
  assert.ok(wilsonLower(5500, 10000) < 0.55);
});

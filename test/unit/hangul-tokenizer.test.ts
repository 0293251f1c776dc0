import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { countHangulPieces, hangulShare, hangulVocabulary, tokenizeHangul, WORD_START } from '../../src/core/text/hangul-tokenizer';
import { PAD, UNK, Vocabulary } from '../../src/core/text/vocabulary';

const known = (...pieces: string[]) => new Set(pieces);
const norms = (text: string, pieces: { has(p: string): boolean } = known()) => tokenizeHangul(text, pieces).map((t) => t.norm);
const surfaces = (text: string, pieces = known()) => tokenizeHangul(text, pieces).map((t) => text.slice(t.start, t.end));

test('Hangul words are cut into the longest known pieces; a word’s first piece is marked', () => {
  const pieces = known('▁재밌', '었다', '▁영화', '▁정말');
  assert.deepEqual(norms('정말 재밌었다', pieces), ['▁정말', '▁재밌', '었다']);
  // an unknown stretch falls back to single syllables, still marked at the word's start
  assert.deepEqual(norms('별로였다', pieces), ['▁별', '로', '였', '다']);
  // without a space before it (after a comma) a word's first piece is not marked
  assert.deepEqual(norms('영화,영화', pieces), ['▁영화', ',', '영', '화']);
});

test('offsets point at what was typed: spaces, NFD jamo sequences, emoji and Latin mixed in', () => {
  const text = 'ㅋㅋㅋㅋ 진짜 good 👍🏻 10점!!!  ^^';
  assert.deepEqual(norms(text), ['ㅋㅋ', '▁진', '짜', 'good', '👍🏻', '10', '점', '!!', '^^']);
  assert.deepEqual(surfaces(text), ['ㅋㅋㅋㅋ', '진', '짜', 'good', '👍🏻', '10', '점', '!!!', '^^']);
  // the same words typed as decomposed jamo (NFD, as macOS file names and some IMEs give them)
  const nfd = '진짜 최고'.normalize('NFD');
  assert.equal(nfd.length, 10);
  assert.deepEqual(norms(nfd), norms('진짜 최고'));
  assert.deepEqual(
    surfaces(nfd),
    ['진', '짜', '최', '고'].map((s) => s.normalize('NFD')),
  );
  // ㅠㅠ and ...: runs squeezed, so "ㅠㅠㅠㅠㅠ" and "ㅠㅠ" are one signal
  assert.deepEqual(norms('슬퍼요ㅠㅠㅠㅠㅠ....'), ['▁슬', '퍼', '요', 'ㅠㅠ', '...']);
});

test('property: tokens are in order, never overlap, and cover every letter of the text', () => {
  const alphabet = fc.constantFrom(...Array.from('가나다라 영화ㅋㅠ abc12 👍.!,^'), '진'.normalize('NFD'));
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 40 }), (chars) => {
      const text = chars.join('');
      const tokens = tokenizeHangul(text, known('▁영화', '가나', '▁가나다'));
      let at = 0;
      let covered = '';
      for (const t of tokens) {
        assert.ok(t.start >= at && t.end > t.start, JSON.stringify({ text, t }));
        at = t.end;
        covered += text.slice(t.start, t.end);
      }
      assert.equal(covered.replace(/\s/g, ''), text.replace(/\s/g, ''));
    }),
  );
});

test('the vocabulary keeps every syllable before longer pieces, and counting matches cutting', () => {
  const counts = new Map<string, number>();
  for (const text of ['영화 최고', '영화 최고다', '영화가 별로', '최고의 영화']) countHangulPieces(text, counts);
  // "영화가" counts "▁영화" too (a piece starting a word), and no piece counts unmarked at a word's start
  assert.equal(counts.get('▁영화'), 4);
  assert.equal(counts.get('영화'), undefined);
  assert.equal(counts.get('화가'), 1);
  const vocabulary = hangulVocabulary(counts, 8, 1);
  assert.deepEqual(vocabulary.words.slice(0, 2), [PAD, UNK]);
  assert.ok(
    vocabulary.words.slice(2).every((w) => [...w.replace(WORD_START, '')].length === 1),
    vocabulary.words.join(' '),
  );
  const bigger = hangulVocabulary(counts, 40, 1);
  assert.ok(bigger.has('▁영화') && bigger.has('▁최고'));
  assert.deepEqual(norms('영화 최고다', bigger), ['▁영화', '▁최고다']);
});

test('Hangul share decides the language of a sentence', () => {
  assert.equal(hangulShare('이 영화 정말 최고'), 1);
  assert.equal(hangulShare('great movie!'), 0);
  assert.equal(hangulShare('12 👍 !!'), 0);
  assert.ok(Math.abs(hangulShare('배우 acting') - 2 / 8) < 1e-9);
  assert.ok(new Vocabulary([PAD, UNK]).size === 2);
});

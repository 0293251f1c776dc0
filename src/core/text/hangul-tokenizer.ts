// Korean raw text -> tokens with source offsets, for the Korean sentiment models.
//
// Spacing in user reviews is unreliable and particles attach to words ("영화가", "영화는"), so
// whitespace words generalise poorly. A Hangul word is cut into the longest pieces of one to
// MAX_PIECE syllables that the model's vocabulary knows ("재밌었다" -> "▁재밌" "었다"), the
// first piece of a word marked with "▁" as SentencePiece marks it, so the model still sees
// where the writer put a space. With no multi-syllable pieces this is plain syllables.
//
// Written by hand: no npm tokenizer cuts Hangul this way and keeps UTF-16 offsets for the
// editor's decorations (and the vocabulary is a plain list of pieces, one format for every model).
//
// ㅋㅋ, ㅠㅠ, ^^, emoticons, emoji and numbers stay tokens: in reviews they carry the verdict.
// Runs of one jamo or one symbol are squeezed ("ㅋㅋㅋㅋ" -> "ㅋㅋ", "!!!" -> "!!", "...." -> "...").

import type { Token } from './tokenizer';
import { PAD, UNK, Vocabulary } from './vocabulary';

/** the card's `tokenizer` for models that read text with this file (absent: tokenizer.ts) */
export const HANGUL_TOKENIZER = 'hangul-1';
/** longest piece, in syllables */
export const MAX_PIECE = 4;
/** marks a piece that starts a word (after a space, or at the start of the text) */
export const WORD_START = '▁';

interface Piece {
  /** 'hangul': syllables of one word (norm is the NFC syllables, unmarked) */
  kind: 'hangul' | 'other';
  norm: string;
  start: number;
  end: number;
  /** each syllable's [start, end) in the source (NFD jamo sequences span several code units) */
  syllables?: Array<[number, number]>;
}

const SYLLABLE = String.raw`(?:[\u1100-\u1112][\u1161-\u1175]|[\uAC00-\uD7A3])[\u11A8-\u11C2]?`;
const PATTERNS: Array<[kind: string, source: string]> = [
  ['hangul', `(?:${SYLLABLE})+`],
  ['emoticon', String.raw`\^[_\-ㅡ.]?\^|[;:=]-?[)(DPp]|[Tㅜㅠ][_.ㅡ][Tㅜㅠ]`],
  ['jamo', String.raw`[\u3131-\u318E\u1100-\u11FF]`],
  ['number', String.raw`\p{N}+(?:[.,]\p{N}+)*`],
  ['word', String.raw`(?:(?![\u3131-\u318E\u1100-\u11FF\uAC00-\uD7A3])[\p{L}\p{M}])+`],
  ['emoji', String.raw`\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}])*`],
  ['space', String.raw`[\s\p{C}\uFFFD]+`],
  ['symbol', String.raw`[^]`],
];
const SCANNER = new RegExp(PATTERNS.map(([, s]) => `(${s})`).join('|'), 'gu');
const ONE_SYLLABLE = new RegExp(SYLLABLE, 'gu');

/** The text's words, jamo, numbers and symbols, before Hangul words are cut into pieces. */
export function hangulPieces(text: string): Piece[] {
  const out: Piece[] = [];
  SCANNER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SCANNER.exec(text)) !== null) {
    const start = m.index;
    const surface = m[0];
    const end = start + surface.length;
    const kind = PATTERNS[m.slice(1).findIndex((g) => g !== undefined)][0];
    const last = out[out.length - 1];
    switch (kind) {
      case 'space':
        break;
      case 'hangul': {
        const syllables: Array<[number, number]> = [];
        let norm = '';
        for (const s of surface.matchAll(ONE_SYLLABLE)) {
          syllables.push([start + s.index!, start + s.index! + s[0].length]);
          norm += s[0].normalize('NFC');
        }
        out.push({ kind: 'hangul', norm, start, end, syllables });
        break;
      }
      case 'jamo':
      case 'symbol': {
        // a run of one character is one token, squeezed
        const char = surface;
        if (last && last.end === start && last.kind === 'other' && last.norm[0] === char && [...last.norm].every((c) => c === char)) {
          last.end = end;
          last.norm = char === '.' ? '...' : char + char;
        } else out.push({ kind: 'other', norm: char, start, end });
        break;
      }
      case 'word':
        out.push({ kind: 'other', norm: surface.toLowerCase().normalize('NFC'), start, end });
        break;
      default:
        out.push({ kind: 'other', norm: surface, start, end });
    }
  }
  return out;
}

/** Whether a piece starts a word: the text or a space before it. */
function startsWord(text: string, at: number): boolean {
  return at === 0 || /\s/.test(text[at - 1]);
}

/**
 * Tokens of a text as a model with these pieces reads it: each Hangul word cut greedily into the
 * longest known pieces (a syllable the vocabulary does not know is one token, read as <unk>).
 */
export function tokenizeHangul(text: string, known: { has(piece: string): boolean }): Token[] {
  const tokens: Token[] = [];
  for (const p of hangulPieces(text)) {
    if (p.kind !== 'hangul') {
      tokens.push({ norm: p.norm, start: p.start, end: p.end });
      continue;
    }
    const syl = [...p.norm];
    const spans = p.syllables!;
    for (let i = 0; i < syl.length;) {
      const marker = i === 0 && startsWord(text, p.start) ? WORD_START : '';
      let n = Math.min(MAX_PIECE, syl.length - i);
      while (n > 1 && !known.has(marker + syl.slice(i, i + n).join(''))) n--;
      tokens.push({ norm: marker + syl.slice(i, i + n).join(''), start: spans[i][0], end: spans[i + n - 1][1] });
      i += n;
    }
  }
  return tokens;
}

/**
 * Counts of every candidate piece in a training text: each non-Hangul token once, and every run
 * of 1..maxPiece syllables inside a Hangul word (marked when it starts the word). The vocabulary
 * is the most frequent of these; longer pieces then win where the vocabulary has them.
 */
export function countHangulPieces(text: string, counts: Map<string, number>, maxPiece = MAX_PIECE): void {
  const add = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const p of hangulPieces(text)) {
    if (p.kind !== 'hangul') {
      add(p.norm);
      continue;
    }
    const syl = [...p.norm];
    const marked = startsWord(text, p.start);
    for (let i = 0; i < syl.length; i++)
      for (let n = 1; n <= maxPiece && i + n <= syl.length; n++) add((i === 0 && marked ? WORD_START : '') + syl.slice(i, i + n).join(''));
  }
}

/** any Hangul letter (syllable, compatibility or conjoining jamo) */
export const HANGUL = /[\u1100-\u11FF\u3131-\u318E\uAC00-\uD7A3]/;

/** Share of the letters in a text that are Hangul (syllables or jamo): how routing decides a language. */
export function hangulShare(text: string): number {
  let letters = 0;
  let hangul = 0;
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    letters++;
    if (HANGUL.test(ch)) hangul++;
  }
  return letters === 0 ? 0 : hangul / letters;
}

/**
 * A Korean model's vocabulary from piece counts: every single syllable (marked or not) and
 * every other token seen at least `minCount` times first, so that a word without a longer known
 * piece still reads syllable by syllable instead of as <unk>; the most frequent longer pieces fill
 * the rest. Ties by spelling, so the same data gives the same ids.
 */
export function hangulVocabulary(counts: Map<string, number>, size: number, minCount = 3): Vocabulary {
  const byCount = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
  const isLong = (w: string) => /[\uAC00-\uD7A3]{2}/.test(w);
  const entries = [...counts.entries()].filter(([w, c]) => c >= minCount && w !== PAD && w !== UNK);
  const base = entries.filter(([w]) => !isLong(w)).sort(byCount);
  const long = entries.filter(([w]) => isLong(w)).sort(byCount);
  const words = [...base, ...long].slice(0, size - 2).map(([w]) => w);
  return new Vocabulary([PAD, UNK, ...words]);
}

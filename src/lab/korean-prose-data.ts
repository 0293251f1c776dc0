// Korean technical prose for the Korean language model (data/korean-prose/, see its README.md):
// translations of the Python, React, Vue, Vite and Keras docs and Korean desktop/OS help, with
// English terms left in as Korean writers leave them ("layer를", "GRU는").
//
// Held out, decided before any training (and never by a result): whole documents, by md5 of the
// `# <source>/<id>` header, < 3 of 100 test, 3–4 dev (as data/english).
//
// Read as the model reads it: each paragraph cut into sentences, each sentence into hangul-1
// pieces (Hangul words as the longest known pieces, "▁" on a word's first piece; Latin words whole
// and lower-cased), then <eos>.

import { countHangulPieces, hangulVocabulary, tokenizeHangul } from '../core/text/hangul-tokenizer';
import { EOS, Vocabulary } from '../core/text/vocabulary';
import { casingTable } from '../core/training/casing';
import { parseProse, proseSide, readEnglishFile, type Side } from './english-data';
import * as path from 'node:path';

export const KOREAN_PROSE_DIR = path.resolve(__dirname, '../../data/korean-prose');
export const KOREAN_PROSE_FILES = ['python-docs-ko.txt', 'web-docs-ko.txt', 'os-docs-ko.txt'];

export interface KoreanDocument {
  name: string;
  origin: string;
  paragraphs: string[];
}

/** Every file of data/korean-prose split by whole documents (the header's md5 bucket). */
export function readKoreanProse(dir = KOREAN_PROSE_DIR): Record<Side, KoreanDocument[]> {
  const split: Record<Side, KoreanDocument[]> = { train: [], dev: [], test: [] };
  for (const file of KOREAN_PROSE_FILES)
    for (const d of parseProse(readEnglishFile(file, dir), 'docs', file))
      split[proseSide('docs', d.name)].push({ name: d.name, origin: file, paragraphs: d.paragraphs });
  return split;
}

/** A paragraph's sentences: cut after . ! ? (and their full-width forms) followed by a space. */
export function koreanSentences(paragraph: string): string[] {
  return paragraph
    .split(/(?<=[.!?。！？])\s+/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Piece counts of the training documents (every candidate piece, see countHangulPieces). */
export function koreanPieceCounts(docs: KoreanDocument[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of docs) for (const p of d.paragraphs) countHangulPieces(p, counts);
  return counts;
}

/** The vocabulary: <pad>, <unk>, <eos>, then hangulVocabulary's choice of `size - 3` pieces. */
export function koreanLmVocabulary(counts: Map<string, number>, size: number): Vocabulary {
  const pieces = hangulVocabulary(counts, size - 1);
  return new Vocabulary([...pieces.words.slice(0, 2), EOS, ...pieces.words.slice(2)]);
}

export interface TokenizedKorean {
  /** each sentence's pieces (norms) */
  sentences: string[][];
  /** each piece as written (the casing table reads Latin words from these) */
  surfaces: string[][];
}

export function tokenizeKorean(doc: KoreanDocument, vocabulary: Vocabulary): TokenizedKorean {
  const sentences: string[][] = [];
  const surfaces: string[][] = [];
  for (const p of doc.paragraphs)
    for (const s of koreanSentences(p)) {
      const tokens = tokenizeHangul(s, vocabulary);
      if (!tokens.length) continue;
      sentences.push(tokens.map((t) => t.norm));
      surfaces.push(tokens.map((t) => s.slice(t.start, t.end)));
    }
  return { sentences, surfaces };
}

/** How Latin words are usually written ("gru" → "GRU", "python" → "Python"): the completer's casing. */
export function koreanCasing(docs: TokenizedKorean[], vocabulary: Vocabulary): Record<string, string> {
  return casingTable(docs, (w) => /^[a-z]/.test(w) && vocabulary.has(w));
}

export interface KoreanCorpus {
  vocabulary: Vocabulary;
  train: TokenizedKorean[];
  valid: TokenizedKorean[];
  heldOut: TokenizedKorean[];
  casing: Record<string, string>;
}

/** What train-lm reads for `--corpus korean`: the split, tokenized over a vocabulary of `size` pieces. */
export function buildKoreanCorpus(size: number, log: (m: string) => void = () => {}): KoreanCorpus {
  const split = readKoreanProse();
  log(`read: ${split.train.length} training, ${split.dev.length} dev, ${split.test.length} test documents of data/korean-prose`);
  const vocabulary = koreanLmVocabulary(koreanPieceCounts(split.train), size);
  const train = split.train.map((d) => tokenizeKorean(d, vocabulary));
  return {
    vocabulary,
    train,
    valid: split.dev.map((d) => tokenizeKorean(d, vocabulary)),
    heldOut: split.test.map((d) => tokenizeKorean(d, vocabulary)),
    casing: koreanCasing(train, vocabulary),
  };
}

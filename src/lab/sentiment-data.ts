// The sentiment data sets, read from the project's data/ folder through the same tokenizer
// the extension uses on raw text.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { tokenizeToStrings } from '../core/text/tokenizer';

export const DATA_DIR = path.resolve(__dirname, '../../data');

export interface LabelledText {
  text: string;
  tokens: string[];
  label: number;
  domain?: string;
}

function readTsv(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.split('\t'));
}

export function readSst2(split: 'train' | 'dev' | 'test'): LabelledText[] {
  return readTsv(path.join(DATA_DIR, 'sst2', `${split}.tsv`)).map(([label, text]) => ({ text, tokens: tokenizeToStrings(text), label: Number(label) }));
}

export interface Review {
  label: number;
  domain: string;
  title: string;
  text: string;
  heldOut: boolean;
  /** the review before each held-out one: trained on, unless a training asks for a reviews dev split */
  dev: boolean;
}

/** Every 10th review of each domain and label is held out for evaluation (and the one before it can be a dev split). */
export function readReviews(): Review[] {
  const seen = new Map<string, number>();
  return readTsv(path.join(DATA_DIR, 'multi-domain', 'reviews.tsv')).map(([label, domain, title, text]) => {
    const key = `${domain}/${label}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return { label: Number(label), domain, title: title ?? '', text: text ?? '', heldOut: n % 10 === 9, dev: n % 10 === 8 };
  });
}

/**
 * Training examples: SST-2 phrases plus (unless `reviews` is false), per training review, its
 * title and its text; with `reviewsDev`, without the reviews of the dev split.
 */
export function sentimentTrainingTexts(options: { reviews?: boolean; reviewsDev?: boolean } = {}): LabelledText[] {
  const out = readSst2('train');
  for (const r of options.reviews === false ? [] : readReviews()) {
    if (r.heldOut || (options.reviewsDev && r.dev)) continue;
    const title = tokenizeToStrings(r.title);
    if (title.length >= 2) out.push({ text: r.title, tokens: title, label: r.label, domain: r.domain });
    out.push({ text: r.text, tokens: tokenizeToStrings(r.text), label: r.label, domain: r.domain });
  }
  return out;
}

/** The held-out reviews (or, `dev`, the dev split a training can leave out), read whole as the extension reads them. */
export function heldOutReviews(split: 'test' | 'dev' = 'test'): LabelledText[] {
  return readReviews()
    .filter((r) => (split === 'dev' ? r.dev : r.heldOut))
    .map((r) => {
      const text = `${r.title}. ${r.text}`;
      return { text, tokens: tokenizeToStrings(text), label: r.label, domain: r.domain };
    });
}

/**
 * Hand-written raw sentences: `everyday` (product, restaurant, service, everyday, movie; 60
 * positive, 60 negative, with capitals, emoji and negation) and `negation` (20 negated negative
 * and 20 negated positive opinions, "Not bad at all." / "I wasn't impressed.", a CheckList-style
 * probe). Text the models never trained on: evaluation only.
 */
export function readHandWritten(set: 'everyday' | 'negation'): LabelledText[] {
  const file = path.join(DATA_DIR, 'everyday', set === 'everyday' ? 'sentences.tsv' : 'negation.tsv');
  return readTsv(file).map(([label, kind, text]) => ({ text, tokens: tokenizeToStrings(text), label: Number(label), domain: kind }));
}

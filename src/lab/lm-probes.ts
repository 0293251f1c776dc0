// Everyday probes (data/everyday/lm-probes.tsv): prefixes of ordinary English with the words that
// may come next. Measured per language model:
// - top-3: one of the acceptable words among the completer's three proposals after "prefix "
//   (the network alone, no document cache: nothing else is in the document);
// - jargon: a proposal at least 20× more frequent (per word, add-one) in one source of the training
//   text than in the books and guides, in any probe's top 3;
// - as a new user meets it: with the extension's defaults (the model's own threshold, the cache at
//   its weight, the setting's number of words), whether ghost text appears right after the space,
//   and whether its first word is acceptable. A word the probe accepts is never its jargon.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompletionService } from '../core/completion/completion';
import { COMPLETION_DEFAULTS, minProbabilityFor } from '../core/completion/completion-defaults';
import { LanguageModelRunner } from '../core/completion/language-model';
import type { LoadedModel } from '../core/model/model-bundle';
import { PROSE_FILES, readEnglishFile } from './english-data';
import { TECH_PROSE_DIR } from './tech-prose-data';

export interface Probe {
  prefix: string;
  accept: string[];
}

export const PROBES_FILE = path.resolve(__dirname, '../../data/everyday/lm-probes.tsv');

export function readProbes(file = PROBES_FILE): Probe[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const [prefix, words] = l.split('\t');
      return { prefix, accept: words.split('|').map((w) => w.toLowerCase()) };
    });
}

export interface ProbeResult {
  prefix: string;
  accept: string[];
  top3: string[];
  inTop3: boolean;
  /** what the extension shows right after the space with its defaults ('' for nothing) */
  shown: string;
  shownRight: boolean;
}

export function runProbes(loaded: LoadedModel, probes: Probe[]): ProbeResult[] {
  const threshold = minProbabilityFor(loaded.card);
  return probes.map(({ prefix, accept }) => {
    // a fresh service per probe: each is its own document
    const alone = new CompletionService(new LanguageModelRunner(loaded));
    const top3 = alone.complete(`${prefix} `, { k: 3, words: 1, minProbability: 0, cacheWeight: 0 }).completions.map((c) => c.words[0]);
    const asUser = new CompletionService(new LanguageModelRunner(loaded));
    const [first] = asUser.complete(`${prefix} `, { k: 1, words: COMPLETION_DEFAULTS.words, minProbability: threshold }).completions;
    const shown = first?.text.trim() ?? '';
    return {
      prefix,
      accept,
      top3,
      inTop3: top3.some((w) => accept.includes(w.toLowerCase())),
      shown,
      shownRight: !!first && accept.includes(first.words[0].toLowerCase()),
    };
  });
}

/** Word counts (lower case, letters) of each training source, only for the words asked about. */
function sourceCounts(words: Set<string>): Map<string, { total: number; counts: Map<string, number> }> {
  const texts: Array<[string, () => string]> = [
    ...Object.keys(PROSE_FILES).map((f): [string, () => string] => [f, () => readEnglishFile(f)]),
    ['commits.txt', () => readEnglishFile('commits.txt')],
    ...['peps.txt', 'react-docs.txt', 'commit-messages.txt'].map((f): [string, () => string] => [
      `tech-prose/${f}`,
      () => fs.readFileSync(path.join(TECH_PROSE_DIR, f), 'utf8'),
    ]),
  ];
  const out = new Map<string, { total: number; counts: Map<string, number> }>();
  for (const [name, read] of texts) {
    const counts = new Map<string, number>();
    let total = 0;
    for (const m of read()
      .toLowerCase()
      .matchAll(/[a-z][a-z']*/g)) {
      total++;
      if (words.has(m[0])) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
    }
    out.set(name, { total, counts });
  }
  return out;
}

/** The proposals that are jargon: ≥ 20× more frequent in one source than in the books and guides. */
export function jargonAmong(words: Set<string>): Map<string, string> {
  const bySource = sourceCounts(words);
  const reference = ['general-books.txt', 'general-guides.txt'].map((f) => bySource.get(f)!);
  const refTotal = reference.reduce((s, r) => s + r.total, 0);
  const jargon = new Map<string, string>();
  for (const w of words) {
    const ref = (reference.reduce((s, r) => s + (r.counts.get(w) ?? 0), 0) + 1) / refTotal;
    for (const [name, s] of bySource) {
      if (name === 'general-books.txt' || name === 'general-guides.txt') continue;
      const f = ((s.counts.get(w) ?? 0) + 1) / s.total;
      if (f >= 20 * ref) {
        jargon.set(w, name);
        break;
      }
    }
  }
  return jargon;
}

export interface ProbeSummary {
  probes: number;
  top3: number;
  shownAfterSpace: number;
  rightWhenShown: number;
  jargon: Array<{ prefix: string; word: string; source: string }>;
}

export function summarizeProbes(results: ProbeResult[], jargon: Map<string, string>): ProbeSummary {
  const shown = results.filter((r) => r.shown);
  return {
    probes: results.length,
    top3: results.filter((r) => r.inTop3).length / results.length,
    shownAfterSpace: shown.length / results.length,
    rightWhenShown: shown.length ? shown.filter((r) => r.shownRight).length / shown.length : 0,
    // a word the probe accepts is not jargon there ("Fix a" → "typo" is a commit message's word)
    jargon: results.flatMap((r) =>
      r.top3
        .filter((w) => jargon.has(w.toLowerCase()) && !r.accept.includes(w.toLowerCase()))
        .map((word) => ({ prefix: r.prefix, word, source: jargon.get(word.toLowerCase())! })),
    ),
  };
}

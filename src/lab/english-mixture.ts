// The broad English language model's reading: six sources (technical docs, plain-English guides,
// novels, commit messages, and the Brown and tech-prose training documents the earlier models read),
// each tokenized once into an id stream; every epoch draws its stream from them by weight
// (core/training/source-mixture.ts).
//
// The weights were written down before any run (no short runs decided them: docs/evaluation.md says why):
// docs 0.35, commits 0.25, guides 0.12, books 0.12, Brown 0.08, tech-prose 0.08. Docs and commit
// messages are where the targets are hardest; guides, books and Brown carry the everyday English
// the probes ask for; tech-prose (78% PEPs) is kept but no longer dominates.
// The vocabulary counts each word as often as the mixture reads it (count × weight ÷ source size).

import { EOS, PAD, UNK, Vocabulary } from '../core/text/vocabulary';
import { sentenceStarts, type MixtureSource } from '../core/training/source-mixture';
import { casingTable } from '../core/training/casing';
import { readBrown, splitBrown, toStream } from './brown-data';
import { readEnglish, type EnglishDocument, type EnglishKind } from './english-data';
import { readTechProse, splitDocuments, tokenizeProse, type TokenizedDocument } from './tech-prose-data';

export type MixtureName = EnglishKind | 'brown' | 'tech-prose';

export const MIXTURE_WEIGHTS: Record<MixtureName, number> = { docs: 0.35, commits: 0.25, guides: 0.12, books: 0.12, brown: 0.08, 'tech-prose': 0.08 };

export interface EnglishMixture {
  vocabulary: Vocabulary;
  sources: MixtureSource[];
  /** dev documents of every source, about `devTokens` tokens each, one stream (the epoch's check) */
  valid: Int32Array;
  /** the same per source (reported per kind) */
  validBySource: Record<MixtureName, Int32Array>;
  casing: Record<string, string>;
  /** training tokens per source */
  sizes: Record<MixtureName, number>;
}

function byKind(docs: EnglishDocument[], kind: EnglishKind): EnglishDocument[] {
  return docs.filter((d) => d.kind === kind);
}

/** Documents in order until about `tokens` tokens (each sentence and its <eos>). */
function upTo(docs: TokenizedDocument[], tokens: number): TokenizedDocument[] {
  const out: TokenizedDocument[] = [];
  let n = 0;
  for (const d of docs) {
    if (n >= tokens) break;
    out.push(d);
    for (const s of d.sentences) n += s.length + 1;
  }
  return out;
}

export function buildEnglishMixture(vocabularySize: number, devTokens = 25_000, log: (m: string) => void = () => {}): EnglishMixture {
  const english = readEnglish();
  const prose = readTechProse();
  const tech = { peps: splitDocuments(prose.peps), react: splitDocuments(prose.react), commits: splitDocuments(prose.commits) };
  const brown = splitBrown(readBrown());
  log(`read: ${english.train.length} training, ${english.dev.length} dev, ${english.test.length} test documents of data/english`);
  const tokenized = (docs: Array<{ paragraphs: string[] }>) => docs.map(tokenizeProse);
  const brownDocs = (docs: typeof brown.train): TokenizedDocument[] => docs.map((d) => ({ sentences: d.sentences, surfaces: d.surfaces ?? d.sentences }));
  const kinds: EnglishKind[] = ['docs', 'guides', 'books', 'commits'];
  const train = {} as Record<MixtureName, TokenizedDocument[]>;
  const dev = {} as Record<MixtureName, TokenizedDocument[]>;
  for (const k of kinds) {
    train[k] = tokenized(byKind(english.train, k));
    // dev documents interleaved across files (each file's in turn), so a short cut still spans them
    dev[k] = tokenized(byKind(english.dev, k).sort((a, b) => (a.name < b.name ? -1 : 1)));
    log(`${k}: tokenized`);
  }
  train.brown = brownDocs(brown.train);
  dev.brown = brownDocs(brown.valid);
  train['tech-prose'] = tokenized([...tech.peps.train, ...tech.react.train, ...tech.commits.train]);
  dev['tech-prose'] = tokenized([...tech.peps.valid, ...tech.react.valid, ...tech.commits.valid]);
  const names = Object.keys(MIXTURE_WEIGHTS) as MixtureName[];
  const sizes = {} as Record<MixtureName, number>;
  const counts = new Map<string, number>();
  for (const n of names) {
    const local = new Map<string, number>();
    let size = 0;
    for (const d of train[n])
      for (const s of d.sentences) {
        size += s.length + 1;
        for (const w of s) local.set(w, (local.get(w) ?? 0) + 1);
      }
    sizes[n] = size;
    const scale = MIXTURE_WEIGHTS[n] / size;
    for (const [w, c] of local) counts.set(w, (counts.get(w) ?? 0) + c * scale);
  }
  // weighted counts are fractions of the mixture, so no count floor
  const vocabulary = Vocabulary.fromCounts(counts, vocabularySize, [PAD, UNK, EOS], 0);
  const eos = vocabulary.exact(EOS);
  const sources: MixtureSource[] = names.map((n) => {
    const ids = toStream(train[n], vocabulary);
    return { name: n, ids, starts: sentenceStarts(ids, eos), weight: MIXTURE_WEIGHTS[n] };
  });
  const validBySource = Object.fromEntries(names.map((n) => [n, toStream(upTo(dev[n], devTokens), vocabulary)])) as Record<MixtureName, Int32Array>;
  const parts = names.map((n) => validBySource[n]);
  const valid = new Int32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    valid.set(p, at);
    at += p.length;
  }
  const casing = casingTable(
    names.flatMap((n) => train[n]),
    (w) => vocabulary.has(w),
  );
  return { vocabulary, sources, valid, validBySource, casing, sizes };
}

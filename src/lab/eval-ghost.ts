// npm run eval:ghost: ghost text measured the way a writer meets it (src/core/completion/typing-simulation.ts).
// Held-out documents of every training source are typed letter by letter; before each letter the
// completer is asked exactly as the extension asks it (the editor's window of text before the
// cursor, the settings' defaults). Reported per set: how often ghost text is shown, how often
// what is shown is right, and the keystrokes it saves, beside the document-words baseline.
//   npm run eval:ghost [-- --models DIR] [--split dev|test] [--chars N] [--tune] [--write-cards]
// --tune (dev split only): the document cache's weights and the showing threshold, chosen by the
// rule written in tuneCompleter() before any result was seen; with --write-cards, each model's
// card gets the threshold the rule gives it at the shipped cache weights (its completion.minProbability,
// what the extension uses for it unless the user sets rnnLens.completion.minProbability).
// Without --tune each model is measured at its own threshold (minProbabilityFor).
// --adapt all:RATE | output:RATE: the network also learns from each document as it is typed
// (dynamic evaluation, dynamic-evaluation.ts), one step per 20 tokens between asks. Measured
// on dev and not shipped (docs/evaluation.md, "Ghost text, measured as a writer meets it"): the extension does
// not adapt. With --tune it is measured at the shipped cache weights only.

import { CompletionService, CACHE_WEIGHT, PAIR_SHARE } from '../core/completion/completion';
import { COMPLETION_DEFAULTS, editorWindow, minProbabilityFor } from '../core/completion/completion-defaults';
import { LanguageModelRunner } from '../core/completion/language-model';
import { DocumentAdaptation } from './dynamic-evaluation';
import { listModels, loadModelDir, writeCard, type LoadedModel } from '../core/model/model-bundle';
import {
  Completer,
  documentWordsCompleter,
  precision,
  savings,
  scoreTyping,
  shownRate,
  traceTyping,
  TypingResult,
  TypingTrace,
} from '../core/completion/typing-simulation';
import * as path from 'node:path';
import { flags } from './args';
import { take } from './take-text';
import { evaluateKorean } from './eval-ghost-korean';
import { languageOf } from '../core/text/model-tokenizer';
import { logContext } from '../core/completion/commit-context';
import { BrownDocument } from './brown-data';
import { readLmCorpus, ProseDocument } from './tech-prose-data';
import { HELD_OUT_PROJECTS, PROSE_FILES, readEnglish, type EnglishDocument } from './english-data';

const args = flags(
  {
    models: path.resolve(__dirname, '../../models'),
    split: 'test',
    chars: 12000,
    tune: false,
    'write-cards': false,
    adapt: '',
    /** words in a proposal (the setting's default unless given) */
    words: COMPLETION_DEFAULTS.words,
    /** dev: word-by-word savings for proposals of 1…4 words, at each model's threshold */
    'words-grid': false,
    /** only these sets (comma-separated names) */
    only: '',
    /** only this model id */
    model: '',
    /** --tune: the threshold at the shipped cache weights only (a fifth of the time) */
    'shipped-cache': false,
    /** the Korean language models on data/korean-prose, typed on a dubeolsik keyboard (eval-ghost-korean.ts) */
    korean: false,
    /** --korean --tune: 'point' (precision ≥ 55% on every dev set) or 'bound' (its 90% lower bound) */
    'threshold-rule': 'point',
  },
  'eval-ghost [--korean] [--models DIR] [--model ID] [--split dev|test] [--chars N] [--words N] [--words-grid] [--only SET,SET] [--tune [--shipped-cache]] [--write-cards] [--adapt none|all:RATE|output:RATE]',
  { split: ['dev', 'test'], 'threshold-rule': ['point', 'bound'] },
);

/** Brown's tokens back into running text: no space before punctuation and clitics, quotes as typed. */
function brownText(doc: BrownDocument): string {
  return (doc.surfaces ?? doc.sentences)
    .map((s) =>
      s
        .join(' ')
        .replace(/``\s*/g, '"')
        .replace(/\s*''/g, '"')
        .replace(/\s+([,.;:?!)%]|n't\b|'(?:s|re|ve|ll|d|m)\b)/g, '$1')
        .replace(/\(\s+/g, '('),
    )
    .join(' ');
}

const prose = (d: Pick<ProseDocument, 'paragraphs'>) => d.paragraphs.join('\n\n') + '\n';

/** The sets 0.2.0 was measured on (tech-prose and Brown), then those of data/english. */
export interface GhostSets {
  'technical prose': string[];
  'commit messages': string[];
  brown: string[];
  'technical docs': string[];
  guides: string[];
  books: string[];
  'commits, unseen project': string[];
}

/** Commit messages as the commit box reads them: one document, a message a line, oldest first. */
const commitLog = (messagesNewestFirst: Array<{ paragraphs: string[] }>) => logContext(messagesNewestFirst.map((m) => m.paragraphs.join('\n')));

function sets(split: 'dev' | 'test', chars: number): GhostSets {
  const corpus = readLmCorpus();
  const raw = split === 'dev' ? corpus.raw.valid : corpus.raw.heldOut;
  const brown = split === 'dev' ? corpus.raw.brownValid : corpus.raw.brownHeldOut;
  const english = readEnglish()[split];
  const ofKind = (kind: EnglishDocument['kind']) => english.filter((d) => d.kind === kind);
  const docFiles = Object.keys(PROSE_FILES).filter((f) => PROSE_FILES[f] === 'docs');
  // the files of data/english keep their messages newest first, as the old file did
  const projects = HELD_OUT_PROJECTS[split];
  return {
    'technical prose': [...take(raw.react.map(prose), chars / 2), ...take(raw.peps.map(prose), chars / 2)],
    'commit messages': take([logContext(raw.commits.map((m) => m.paragraphs.join('\n')).reverse())], chars),
    brown: take(brown.map(brownText), chars),
    // every docs file its share, so one manual does not stand for all
    'technical docs': docFiles.flatMap((f) =>
      take(
        ofKind('docs')
          .filter((d) => d.origin === f)
          .map(prose),
        chars / docFiles.length,
      ),
    ),
    guides: take(ofKind('guides').map(prose), chars),
    books: take(ofKind('books').map(prose), chars),
    'commits, unseen project': projects.flatMap((p) => take([commitLog(ofKind('commits').filter((d) => d.origin === p))], chars / projects.length)),
  };
}

type Ask = Completer;

function traces(documents: string[], ask: () => Ask): TypingTrace[] {
  return documents.map((d) => traceTyping(d, ask()));
}

function total(ts: TypingTrace[], threshold: number | ((typedLetters: number) => number), wordByWord = false): TypingResult {
  const sum: TypingResult = { keystrokes: 0, saved: 0, asks: 0, shown: 0, right: 0 };
  for (const t of ts) {
    const r = scoreTyping(t, threshold, wordByWord);
    for (const k of Object.keys(sum) as Array<keyof TypingResult>) sum[k] += r[k];
  }
  return sum;
}

/** The completer as the extension runs it: a fresh service (as for a new document), the editor's window. */
function modelAsk(service: CompletionService, cacheWeight = CACHE_WEIGHT, pairShare = PAIR_SHARE, words = COMPLETION_DEFAULTS.words): () => Ask {
  return () => (before) => {
    const text = editorWindow(before);
    // the extension lets the network learn between keystrokes; here, before each ask
    service.learn(text);
    return service.complete(text, { words, k: 1, minProbability: 0, cacheWeight, pairShare }).completions.map((c) => ({ text: c.text, p: c.pFirst }));
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const row = (r: TypingResult) => ({
  shown: Number(shownRate(r).toFixed(4)),
  precision: Number(precision(r).toFixed(4)),
  savings: Number(savings(r).toFixed(4)),
});

/**
 * Decided before any dev result was seen: for each cache setting, the threshold is the smallest on
 * a 0.01 grid that keeps precision ≥ 55% on every dev set (a margin over the 50% the issue asks);
 * the setting chosen is the one with the highest mean keystroke savings over the three dev sets
 * at its threshold.
 */
function tuneCompleter(service: CompletionService, data: GhostSets) {
  const grid: Array<[number, number]> =
    args.adapt || args['shipped-cache']
      ? [[CACHE_WEIGHT, PAIR_SHARE]]
      : [
          [0, 0],
          [0.15, 0.5],
          [0.3, 0.5],
          [0.15, 0.75],
          [0.3, 0.75],
        ];
  const results = grid.map(([cacheWeight, pairShare]) => {
    const ts = Object.values(data).map((docs) => traces(docs, modelAsk(service, cacheWeight, pairShare, 1)));
    let threshold = 1;
    for (let t = 0; t <= 0.99; t = Math.round((t + 0.01) * 100) / 100) {
      if (ts.every((set) => precision(total(set, t)) >= 0.55)) {
        threshold = t;
        break;
      }
    }
    const mean = ts.reduce((s, set) => s + savings(total(set, threshold)), 0) / ts.length;
    const perSet = ts.map((set) => row(total(set, threshold)));
    process.stderr.write(`cache ${cacheWeight} pairs ${pairShare}: threshold ${threshold}, mean savings ${pct(mean)} ${JSON.stringify(perSet)}\n`);
    // the second rule (also dev only): one threshold at a word's start and one once letters are typed
    let split = { start: threshold, typed: threshold, mean };
    for (let t0 = args['shipped-cache'] ? 1 : 0.1; t0 <= 0.99; t0 = Math.round((t0 + 0.02) * 100) / 100)
      for (let t1 = 0.1; t1 <= 0.99; t1 = Math.round((t1 + 0.02) * 100) / 100) {
        const at = (i: number) => (i === 0 ? t0 : t1);
        const r = ts.map((set) => total(set, at));
        if (!r.every((x) => precision(x) >= 0.55)) continue;
        const m = r.reduce((s, x) => s + savings(x), 0) / r.length;
        if (m > split.mean) split = { start: t0, typed: t1, mean: m };
      }
    const splitSets = ts.map((set) => row(total(set, (i) => (i === 0 ? split.start : split.typed))));
    process.stderr.write(`  start ${split.start}, typed ${split.typed}: mean savings ${pct(split.mean)} ${JSON.stringify(splitSets)}\n`);
    return { cacheWeight, pairShare, threshold, mean, perSet, split, splitSets };
  });
  const shipped = results.find((r) => r.cacheWeight === CACHE_WEIGHT && r.pairShare === PAIR_SHARE);
  if (!shipped) throw new Error(`the grid has no point at the shipped cache weights (${CACHE_WEIGHT}, ${PAIR_SHARE})`);
  return { best: results.reduce((a, b) => (b.mean > a.mean ? b : a)), shipped };
}

/** --adapt: the network learning from each document as it is typed (dynamic-evaluation.ts). */
function adaptation(loaded: LoadedModel): DocumentAdaptation | null {
  if (!args.adapt || args.adapt === 'none') return null;
  const [scope, rate] = args.adapt.split(':');
  if ((scope !== 'all' && scope !== 'output') || !(Number(rate) > 0)) throw new Error(`--adapt must be none, all:RATE or output:RATE (got ${args.adapt})`);
  return new DocumentAdaptation(loaded, { scope, rate: Number(rate), segment: 20 });
}

function serviceFor(dir: string): CompletionService {
  const loaded = loadModelDir(dir);
  return new CompletionService(new LanguageModelRunner(loaded), adaptation(loaded));
}

function main(): void {
  const split = args.split as 'dev' | 'test';
  if (args.korean)
    return evaluateKorean({
      models: args.models,
      model: args.model,
      split,
      chars: args.chars,
      tune: args.tune,
      writeCards: args['write-cards'],
      words: args.words,
      shippedCache: args['shipped-cache'],
      thresholdRule: args['threshold-rule'] as 'point' | 'bound',
    });
  const all = sets(split, args.chars);
  const wanted = args.only ? args.only.split(',') : null;
  const data = Object.fromEntries(Object.entries(all).filter(([n]) => !wanted || wanted.includes(n))) as Partial<GhostSets> as GhostSets;
  const models = listModels(args.models).filter(
    (m) => m.card.task === 'language-model' && languageOf(m.card) === 'en' && (!args.model || m.card.id === args.model),
  );
  if (args['words-grid']) {
    if (split !== 'dev') throw new Error('--words-grid chooses on the dev split only (add --split dev)');
    for (const m of models) {
      const service = serviceFor(m.dir);
      const threshold = minProbabilityFor(m.card);
      for (let words = 1; words <= 4; words++) {
        const perSet = Object.values(data).map((docs) => total(traces(docs, modelAsk(service, CACHE_WEIGHT, PAIR_SHARE, words)), threshold, true));
        const mean = perSet.reduce((s, r) => s + savings(r), 0) / perSet.length;
        process.stdout.write(
          JSON.stringify({ model: m.card.id, words, threshold, meanWordByWordSavings: Number(mean.toFixed(4)), perSet: perSet.map(row) }) + '\n',
        );
      }
    }
    return;
  }
  if (args.tune) {
    if (split !== 'dev') throw new Error('--tune chooses on the dev split only (add --split dev)');
    for (const m of models) {
      const { best, shipped } = tuneCompleter(serviceFor(m.dir), data);
      process.stdout.write(JSON.stringify({ model: m.card.id, ...best, thresholdAtShippedCache: shipped.threshold }) + '\n');
      if (args['write-cards']) writeCard(m.dir, { ...m.card, completion: { minProbability: shipped.threshold } });
    }
    return;
  }
  const names = Object.keys(data) as Array<keyof GhostSets>;
  const baseline = Object.fromEntries(names.map((n) => [n, total(traces(data[n], documentWordsCompleter), 0)]));
  const lines = [
    `### Ghost text, typed letter by letter (${split === 'dev' ? 'dev' : 'held-out'} documents; each model at its own threshold, ${args.words} words, document cache ${CACHE_WEIGHT}; saved first word only, then word by word)`,
    '',
    `| completer | ${names.map((n) => `${n}: shown / precision / saved`).join(' | ')} |`,
    `| --- | ${names.map(() => '---').join(' | ')} |`,
  ];
  const cell = (r: TypingResult) => `${pct(shownRate(r))} / ${pct(precision(r))} / **${pct(savings(r))}**`;
  for (const m of models) {
    const service = serviceFor(m.dir);
    const threshold = minProbabilityFor(m.card);
    const traced = Object.fromEntries(names.map((n) => [n, traces(data[n], modelAsk(service, CACHE_WEIGHT, PAIR_SHARE, args.words))]));
    const results = Object.fromEntries(names.map((n) => [n, total(traced[n], threshold)]));
    const byWord = Object.fromEntries(names.map((n) => [n, total(traced[n], threshold, true)]));
    lines.push(
      `| ${m.card.id} (threshold ${threshold}) | ${names.map((n) => `${cell(results[n])}, word by word ${pct(savings(byWord[n]))} (${(savings(results[n]) / Math.max(1e-9, savings(baseline[n]))).toFixed(1)}× baseline)`).join(' | ')} |`,
    );
    if (args['write-cards'] && split === 'test')
      writeCard(m.dir, {
        ...m.card,
        metrics: {
          ...m.card.metrics,
          ghostText: {
            threshold,
            ...Object.fromEntries(names.map((n) => [n, { ...row(results[n]), wordByWordSavings: Number(savings(byWord[n]).toFixed(4)) }])),
            documentWordsBaseline: Object.fromEntries(names.map((n) => [n, row(baseline[n])])),
            characters: Object.fromEntries(names.map((n) => [n, data[n].reduce((s, d) => s + d.length, 0)])),
          },
        },
      });
  }
  lines.push(`| document words (baseline) | ${names.map((n) => cell(baseline[n])).join(' | ')} |`);
  process.stdout.write(lines.join('\n') + '\n');
}

main();

// npm run eval: measures every bundled model, prints the tables (Markdown), and writes the
// numbers into each model card (metrics). Baselines in the same tables: the AFINN lexicon
// (`sentiment`) and VADER (`vader-sentiment`) for sentiment; an interpolated Kneser-Ney trigram
// built on the identical Brown split and tokens for the language models.

import * as path from 'node:path';
import { cellOfClass } from '../core/layers/cells';
import { listModels, loadModelDir, LoadedModel, ModelCard, writeCard } from '../core/model/model-bundle';
import { analyzeSentiment, positiveProbabilities } from '../core/sentiment/sentiment';
import { detokenize } from '../core/completion/completion';
import { LmScore, scoreStream } from '../core/completion/lm-scoring';
import { streamPerplexity } from '../core/training/lm-trainer';
import { flags } from './args';
import { lmVocabulary, splitBrown, toStream } from './brown-data';
import { KneserNeyTrigram } from './kneser-ney';
import { readLmCorpus } from './tech-prose-data';
import { heldOutReviews, LabelledText, readHandWritten, readSst2 } from './sentiment-data';
import { readNsmc } from './korean-data';
import { classifyLines } from '../core/sentiment/classify-lines';
import { languageOf } from '../core/text/model-tokenizer';
import { jargonAmong, readProbes, runProbes, summarizeProbes } from './lm-probes';

const Afinn = require('sentiment');
const vader = require('vader-sentiment');

const args = flags({ models: path.resolve(__dirname, '../../models'), skip: '' }, 'evaluate [--models DIR] [--skip sentiment|korean|lm]');
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const DOMAINS = ['books', 'dvd', 'electronics', 'kitchen'];

function accuracyOf(predict: (t: LabelledText) => number, data: LabelledText[]): number {
  let right = 0;
  for (const t of data) right += (predict(t) >= 0.5 ? 1 : 0) === t.label ? 1 : 0;
  return right / data.length;
}

function sentimentTables(models: Array<{ dir: string; card: ModelCard }>): void {
  const test = readSst2('test');
  const dev = readSst2('dev');
  const reviews = heldOutReviews();
  const everyday = readHandWritten('everyday');
  const negation = readHandWritten('negation');
  const afinn = new Afinn();
  // The lexicons read raw text: SST-2's PTB tokens are joined back ("do n't" -> "don't") so their
  // negation rules see what they expect. Ties (no opinion words) count as positive.
  const raw = (t: LabelledText) => (t.domain ? t.text : detokenize(t.tokens.filter((w) => w !== '``' && w !== "''")));
  const baselines: Array<[string, (t: LabelledText) => number]> = [
    ['AFINN lexicon (npm sentiment)', (t) => (afinn.analyze(raw(t)).comparative >= 0 ? 1 : 0)],
    ['VADER (npm vader-sentiment)', (t) => (vader.SentimentIntensityAnalyzer.polarity_scores(raw(t)).compound >= 0 ? 1 : 0)],
  ];
  const rows: string[][] = [];
  // per gated model, SST-2 probabilities, for the ensemble row
  const gated: Array<{ test: Float32Array; dev: Float32Array }> = [];
  for (const { dir, card } of models.filter((m) => m.card.task === 'sentiment' && languageOf(m.card) === 'en')) {
    const t0 = performance.now();
    const loaded = loadModelDir(dir);
    const examples = (data: LabelledText[]) => data.map((t) => ({ ids: loaded.vocabulary.encode(t.tokens), label: t.label }));
    const sst = (data: LabelledText[]) => {
      const p = positiveProbabilities(loaded.model, examples(data));
      return data.reduce((n, t, i) => n + ((p[i] >= 0.5 ? 1 : 0) === t.label ? 1 : 0), 0) / data.length;
    };
    const sst2Test = sst(test);
    const sst2Dev = sst(dev);
    if (cellOfClass(card.cell)?.gated)
      gated.push({ test: positiveProbabilities(loaded.model, examples(test)), dev: positiveProbabilities(loaded.model, examples(dev)) });
    // reviews as the extension reads them: sentence by sentence, verdict over all
    const reviewAcc: Record<string, number> = {};
    for (const d of DOMAINS)
      reviewAcc[d] = accuracyOf(
        (t) => analyzeSentiment(loaded, t.text).positive,
        reviews.filter((r) => r.domain === d),
      );
    const reviewsAll = accuracyOf((t) => analyzeSentiment(loaded, t.text).positive, reviews);
    const everydayAcc = accuracyOf((t) => analyzeSentiment(loaded, t.text).positive, everyday);
    const negationAcc = accuracyOf((t) => analyzeSentiment(loaded, t.text).positive, negation);
    const f32 = (card.training as { float32?: { sst2Test: number; sst2Dev: number } }).float32;
    const metrics = {
      sst2Test,
      sst2Dev,
      reviewsHeldOut: reviewsAll,
      reviewsByDomain: reviewAcc,
      everydaySentences: everydayAcc,
      negationProbes: negationAcc,
      ...(f32 ? { quantizationCostSst2Test: f32.sst2Test - sst2Test, float32Sst2Test: f32.sst2Test } : {}),
    };
    writeCard(dir, { ...card, metrics });
    rows.push([
      card.id + (card.default ? ' (default)' : ''),
      pct(sst2Test),
      pct(sst2Dev),
      ...DOMAINS.map((d) => pct(reviewAcc[d])),
      pct(reviewsAll),
      pct(everydayAcc),
      pct(negationAcc),
      f32 ? `${(100 * (f32.sst2Test - sst2Test)).toFixed(2)} pt` : 'n/a',
      `${((performance.now() - t0) / 1000).toFixed(0)} s`,
    ]);
  }
  if (gated.length > 1) {
    // measured, not shipped: the mean log-odds of the gated models
    const logit = (p: number) => Math.log(Math.max(p, 1e-7) / Math.max(1 - p, 1e-7));
    const acc = (data: LabelledText[], key: 'test' | 'dev') =>
      data.reduce((n, t, i) => n + ((gated.reduce((s, g) => s + logit(g[key][i]), 0) >= 0 ? 1 : 0) === t.label ? 1 : 0), 0) / data.length;
    rows.push([`mean of the ${gated.length} gated models (not shipped)`, pct(acc(test, 'test')), pct(acc(dev, 'dev')), '', '', '', '', '', '', '', '', '']);
  }
  for (const [name, predict] of baselines) {
    rows.push([
      name,
      pct(accuracyOf(predict, test)),
      pct(accuracyOf(predict, dev)),
      ...DOMAINS.map((d) =>
        pct(
          accuracyOf(
            predict,
            reviews.filter((r) => r.domain === d),
          ),
        ),
      ),
      pct(accuracyOf(predict, reviews)),
      pct(accuracyOf(predict, everyday)),
      pct(accuracyOf(predict, negation)),
      '',
      '',
    ]);
  }
  console.log(
    `\n### Sentiment accuracy (SST-2 test ${test.length}, dev ${dev.length}; held-out reviews ${reviews.length}, ${reviews.length / 4} per domain; ${everyday.length} hand-written everyday sentences and ${negation.length} negation probes, data/everyday)\n`,
  );
  console.log(table(['model', 'SST-2 test', 'SST-2 dev', ...DOMAINS, 'reviews all', 'everyday', 'negation', 'uint8 cost (test)', 'eval time'], rows));
}

/**
 * Korean sentiment models on NSMC (data/nsmc): each review read whole, as `rnn-lens classify` reads
 * a line; beside a multinomial Naive Bayes over syllable 1–3-grams and words trained on the same
 * split (the reference point data/README.md names), and the English default, which knows no Hangul.
 */
function koreanTables(models: Array<{ dir: string; card: ModelCard }>): void {
  const korean = models.filter((m) => m.card.task === 'sentiment' && languageOf(m.card) === 'ko');
  if (!korean.length) return;
  const train = readNsmc('train');
  const dev = readNsmc('dev');
  const test = readNsmc('test');
  const rows: string[][] = [];
  const share = (right: number, n: number) => pct(right / n);
  for (const { dir, card } of korean) {
    const t0 = performance.now();
    const loaded = loadModelDir(dir);
    const accuracy = (reviews: typeof test) => {
      const verdicts = classifyLines(
        loaded,
        reviews.map((r) => r.text),
      );
      return verdicts.reduce((n, v, i) => n + (v.label === (reviews[i].label ? 'positive' : 'negative') ? 1 : 0), 0) / reviews.length;
    };
    const nsmcTest = accuracy(test);
    const nsmcDev = accuracy(dev);
    const seconds = (performance.now() - t0) / 1000;
    const f32 = (card.training as { float32?: { nsmcTest: number } }).float32;
    const metrics = { nsmcTest, nsmcDev, ...(f32 ? { quantizationCostNsmcTest: f32.nsmcTest - nsmcTest, float32NsmcTest: f32.nsmcTest } : {}) };
    writeCard(dir, { ...card, metrics });
    rows.push([
      card.id + (card.default ? ' (default)' : ''),
      pct(nsmcTest),
      pct(nsmcDev),
      f32 ? `${(100 * (f32.nsmcTest - nsmcTest)).toFixed(2)} pt` : 'n/a',
      `${seconds.toFixed(0)} s`,
    ]);
  }
  const nb = naiveBayes(train);
  const nbAcc = (reviews: typeof test) => share(reviews.filter((r) => nb(r.text) === r.label).length, reviews.length);
  rows.push(['Naive Bayes, syllable 1–3-grams + words (same training split)', nbAcc(test), nbAcc(dev), '', '']);
  const english = models.find((m) => m.card.task === 'sentiment' && languageOf(m.card) === 'en' && m.card.default);
  if (english) {
    const verdicts = classifyLines(
      loadModelDir(english.dir),
      test.map((r) => r.text),
    );
    const right = verdicts.filter((v, i) => v.label === (test[i].label ? 'positive' : 'negative')).length;
    const none = verdicts.filter((v) => v.label === null).length;
    rows.push([`${english.card.id} (English default; no verdict on ${share(none, test.length)})`, share(right, test.length), '', '', '']);
  }
  console.log(`\n### Korean sentiment accuracy (NSMC test ${test.length}, dev ${dev.length}; split by movie; each review read whole)\n`);
  console.log(table(['model', 'NSMC test', 'NSMC dev', 'uint8 cost (test)', 'eval time'], rows));
}

/** A multinomial Naive Bayes (add-one) over a review's syllable 1–3-grams and whitespace words. */
function naiveBayes(train: Array<{ text: string; label: number }>): (text: string) => number {
  const features = (text: string) => {
    const out = text.split(/\s+/).filter(Boolean);
    const s = [...text.replace(/\s+/g, '')];
    for (let n = 1; n <= 3; n++) for (let i = 0; i + n <= s.length; i++) out.push(`${n}:${s.slice(i, i + n).join('')}`);
    return out;
  };
  const counts = [new Map<string, number>(), new Map<string, number>()];
  const totals = [0, 0];
  const docs = [0, 0];
  for (const r of train) {
    docs[r.label]++;
    for (const f of features(r.text)) {
      counts[r.label].set(f, (counts[r.label].get(f) ?? 0) + 1);
      totals[r.label]++;
    }
  }
  const V = new Set([...counts[0].keys(), ...counts[1].keys()]).size;
  return (text) => {
    const score = [0, 1].map((c) => Math.log(docs[c]) + features(text).reduce((s, f) => s + Math.log(((counts[c].get(f) ?? 0) + 1) / (totals[c] + V)), 0));
    return score[1] >= score[0] ? 1 : 0;
  };
}

/**
 * Language models on held-out Brown documents, each read with its own vocabulary: perplexity
 * (comparable only between models of one vocabulary) and next-word top-k accuracy counting a
 * word outside the vocabulary as a miss (comparable across vocabularies), beside an interpolated
 * Kneser-Ney trigram on the 10,000-word Brown vocabulary; models trained on technical prose also
 * on its held-out documents.
 */
function lmTables(models: Array<{ dir: string; card: ModelCard }>): void {
  const split = splitBrown();
  const brownVocabulary = lmVocabulary(split.train);
  const rows: string[][] = [];
  let tech: ReturnType<typeof readLmCorpus> | null = null;
  for (const { dir, card } of models.filter((m) => m.card.task === 'language-model')) {
    const loaded: LoadedModel = loadModelDir(dir);
    const heldOut = toStream(split.heldOut, loaded.vocabulary);
    const s = scoreStream(loaded, heldOut);
    const f32 = (card.training as { float32HeldOutPerplexity?: number }).float32HeldOutPerplexity;
    const batchedPpl = f32 ? streamPerplexity(loaded.model, heldOut) : NaN;
    const onTech = /tech-prose/.test(card.data);
    const techScores: Record<string, LmScore> = {};
    if (onTech) {
      tech ??= readLmCorpus();
      for (const source of ['peps', 'react', 'commits'] as const) techScores[source] = scoreStream(loaded, toStream(tech.heldOut[source], loaded.vocabulary));
    }
    const metricsOf = (x: LmScore) => ({ tokens: x.tokens, perplexity: x.ppl, top1: x.top1, top3: x.top3, top5: x.top5, open: x.open });
    writeCard(dir, {
      ...card,
      metrics: {
        ...card.metrics,
        heldOutTokens: s.tokens,
        perplexity: s.ppl,
        top1: s.top1,
        top3: s.top3,
        top5: s.top5,
        brownOpenVocabulary: s.open,
        ...(onTech ? { techProseHeldOut: Object.fromEntries(Object.entries(techScores).map(([k, v]) => [k, metricsOf(v)])) } : {}),
        ...(f32 ? { quantizationCostPerplexity: batchedPpl - f32 } : {}),
      },
    });
    rows.push([
      card.id + (card.default ? ' (default)' : ''),
      loaded.vocabulary.size.toLocaleString('en-US'),
      s.ppl.toFixed(1),
      pct(s.open.top1),
      pct(s.open.top3),
      pct(s.open.top5),
      onTech ? ['peps', 'react', 'commits'].map((k) => `${techScores[k].ppl.toFixed(0)} / ${pct(techScores[k].open.top3)}`).join(', ') : 'n/a',
      f32 ? `${batchedPpl - f32 >= 0 ? '+' : ''}${(batchedPpl - f32).toFixed(2)}` : 'n/a',
    ]);
  }
  const train = toStream(split.train, brownVocabulary);
  const heldOut = toStream(split.heldOut, brownVocabulary);
  const kn = KneserNeyTrigram.train(train, brownVocabulary.size, brownVocabulary.exact('<eos>'));
  const scores = kn.score(heldOut);
  const ppl = Math.exp(-scores.reduce((a, b) => a + b.logProb, 0) / scores.length);
  const unk = brownVocabulary.unkId;
  const top = (k: number) => scores.filter((x, i) => x.rank <= k && heldOut[i] !== unk).length / scores.length;
  rows.push([
    'Kneser-Ney trigram (interpolated, Brown)',
    brownVocabulary.size.toLocaleString('en-US'),
    ppl.toFixed(1),
    pct(top(1)),
    pct(top(3)),
    pct(top(5)),
    '',
    '',
  ]);
  console.log(
    `\n### Language models on held-out Brown documents (${split.heldOut.length} documents, ${heldOut.length} tokens); top-k counts a word outside the model's vocabulary as a miss\n`,
  );
  console.log(
    table(
      ['model', 'vocabulary', 'Brown perplexity', 'top-1', 'top-3', 'top-5', 'held-out PEPs, React docs, commits: perplexity / top-3', 'uint8 cost (ppl)'],
      rows,
    ),
  );
}

/** The everyday probes (lm-probes.ts) for every language model, into its card and a table. */
function probeTables(models: Array<{ dir: string; card: ModelCard }>): void {
  const probes = readProbes();
  const lms = models.filter((m) => m.card.task === 'language-model');
  const results = lms.map((m) => runProbes(loadModelDir(m.dir), probes));
  const words = new Set(results.flatMap((r) => r.flatMap((x) => x.top3.map((w) => w.toLowerCase()))));
  const jargon = jargonAmong(words);
  const rows = lms.map(({ dir, card }, i) => {
    const s = summarizeProbes(results[i], jargon);
    writeCard(dir, { ...card, metrics: { ...card.metrics, everydayProbes: s } });
    return [
      card.id,
      pct(s.top3),
      String(s.jargon.length),
      s.jargon.map((j) => `${j.word} (${j.source})`).join(', ') || '—',
      pct(s.shownAfterSpace),
      pct(s.rightWhenShown),
    ];
  });
  console.log(`\n### Everyday probes (data/everyday/lm-probes.tsv, ${probes.length} prefixes)\n`);
  console.log(table(['model', 'acceptable word in top 3', 'jargon in a top 3', 'which', 'ghost text after the space (defaults)', 'right when shown'], rows));
  for (let i = 0; i < lms.length; i++)
    for (const r of results[i]) process.stderr.write(`${lms[i].card.id}\t${r.prefix}\t${r.top3.join(', ')}\t${r.shown || '—'}\n`);
}

function table(head: string[], rows: string[][]): string {
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

const models = listModels(args.models);
if (models.length === 0) throw new Error(`no models in ${args.models}`);
if (args.skip !== 'sentiment') sentimentTables(models);
if (args.skip !== 'sentiment' && args.skip !== 'korean') koreanTables(models);
if (args.skip !== 'lm') {
  lmTables(models);
  probeTables(listModels(args.models));
}
markDefaults(args.models);

/**
 * Each task's default: sentiment by SST-2 dev accuracy of the shipped (uint8) weights, a tie going
 * to the better float32 dev accuracy (test is only reported). Language models keep the default
 * their cards say (below).
 */
function markDefaults(root: string): void {
  const cards = listModels(root);
  const pick = (task: string, score: (c: ModelCard) => number, tieBreak: (c: ModelCard) => number = () => 0, language = 'en') => {
    const of = cards.filter((c) => c.card.task === task && languageOf(c.card) === language && Number.isFinite(score(c.card)));
    const better = (a: ModelCard, b: ModelCard) => score(b) > score(a) || (score(b) === score(a) && tieBreak(b) > tieBreak(a));
    const best = of.reduce((a, b) => (better(a.card, b.card) ? b : a), of[0]);
    for (const c of of) writeCard(c.dir, { ...c.card, default: c === best });
    if (best) console.log(`default ${language === 'ko' ? 'Korean ' : ''}${task} model: ${best.card.id}`);
  };
  pick(
    'sentiment',
    (c) => Number((c.metrics as { sst2Dev?: number }).sst2Dev),
    (c) => Number((c.training as { float32?: { sst2Dev?: number } }).float32?.sst2Dev ?? 0),
  );
  // Korean: by NSMC dev the same way
  pick(
    'sentiment',
    (c) => Number((c.metrics as { nsmcDev?: number }).nsmcDev),
    (c) => Number((c.training as { float32?: { nsmcDev?: number } }).float32?.nsmcDev ?? 0),
    'ko',
  );
  // the default language model is not picked here: the models read different dev sets, so their
  // perplexities do not compare; the dev typing rule written before a run decides it (its card's
  // `default`, docs/decisions/)
}

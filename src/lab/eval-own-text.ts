// npm run eval:own-text -- [--split dev|test] [--lm-only] [--sentiment-only] [--workers 1|2] [--lr X] [--epochs N]
// Training on your own text, measured on stand-ins (issue: "train on your own text"), through the
// same commands a user runs: the files are written to a temporary folder and `rnn-lens train-lm` /
// `train-sentiment`'s code trains on them.
//
// Stand-ins, fixed before any result was seen:
// - one team's documentation: held-out documents of one source of data/tech-prose (React docs, and
//   separately PEPs), in order, until ~5,000 words; every third file (i % 3 == 2) is the remaining
//   third, the others are what the model trains on. Ghost-text keystroke savings on the remaining
//   third, before (the bundled default) and after. --split dev uses the documents that chose the
//   completer's settings instead (for choosing the fine-tuning's own settings); test is reported.
// - a labelled file of customer-review sentences: the sentences (≥ 4 tokens) of the multi-domain
//   reviews held out from every bundled model's training that hold at least one word of the AFINN
//   lexicon (npm sentiment; a sentence with no opinion word rarely carries its review's label),
//   labelled by their review; the first
//   3,700 in a fixed shuffle: 2,600 rows written as a CSV to train on, 1,100 rows to score the
//   bundled default and the new model on. (Sentence labels inherited from the review are noisy:
//   both models are scored on the same noisy rows.)

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadModelDir } from '../core/model/model-bundle';
import { defaultModelsRoot, ModelRegistry } from '../core/model/registry';
import { Rng } from '../core/random';
import { splitSentences, tokenize, tokenizeToStrings } from '../core/text/tokenizer';
import { accuracy } from '../core/training/sentiment-trainer';
import { ghostTyping } from '../core/training/fine-tune-lm';
import { corpusDocument } from '../core/training/text-corpus';
import { trainLanguageModelOnFiles, trainSentimentOnFile } from '../core/training/user-training';
import { flags } from './args';
const Afinn = require('sentiment') as new () => { analyze(text: string): { words: string[] } };
const afinn = new Afinn();
import { readLmCorpus, ProseDocument } from './tech-prose-data';
import { readReviews } from './sentiment-data';

const args = flags(
  {
    split: 'test',
    'lm-only': false,
    'sentiment-only': false,
    workers: 2,
    lr: 0,
    epochs: 0,
    words: 5000,
    out: '',
    set: '',
    whole: false,
    shuffle: 7,
    'dev-share': 0,
    average: 0,
    'sentiment-base': '',
    'all-reviews': false,
  },
  'eval:own-text [--split dev|test] [--lm-only] [--sentiment-only] [--workers 1|2] [--lr X] [--epochs N]',
  { split: ['dev', 'test'] },
);
const registry = new ModelRegistry(defaultModelsRoot());
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-own-text-'));
const report: Record<string, unknown> = { split: args.split };
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function docsUntil(docs: ProseDocument[], words: number): ProseDocument[] {
  const out: ProseDocument[] = [];
  let n = 0;
  for (const d of docs) {
    if (n >= words) break;
    out.push(d);
    n += d.paragraphs.join(' ').split(/\s+/).length;
  }
  return out;
}

/** A set of documentation files: each file's text and a name. */
interface DocSet {
  name: string;
  docs: Array<{ name: string; text: string }>;
}

/** Markdown files outside every training set: this project's own docs (dev) and the tool library's (test). */
function localDocs(split: string): DocSet {
  const root = path.resolve(__dirname, '../..');
  const files =
    split === 'dev'
      ? ['README.md', 'ARCHITECTURE.md', 'CHANGELOG.md', '../shared/notes/real-vscode.md', '../shared/notes/tensorflowjs.md', '../shared/data/README.md'].map(
          (f) => path.resolve(root, f),
        )
      : ['README.md', 'issues/README.md', 'search/README.md', 'duplicates/README.md', 'env/machines/node.md', 'env/MACHINES.md', 'env/README.md'].map((f) =>
          path.resolve('/work/.library', f),
        );
  return {
    name: split === 'dev' ? 'project docs' : 'tool-library docs',
    docs: files
      .filter((f) => fs.existsSync(f))
      .map((f) => ({ name: path.basename(path.dirname(f)) + '-' + path.basename(f), text: fs.readFileSync(f, 'utf8') })),
  };
}

if (!args['sentiment-only']) {
  const corpus = readLmCorpus();
  const raw = args.split === 'dev' ? corpus.raw.valid : corpus.raw.heldOut;
  const base = registry.load(registry.defaultId('language-model'));
  const sets: DocSet[] = [
    ...(['react', 'peps'] as const).map((source) => ({
      name: source,
      docs: docsUntil(raw[source], args.words).map((d) => ({ name: d.name, text: d.paragraphs.join('\n\n') + '\n' })),
    })),
    localDocs(args.split),
  ];
  for (const set of sets.filter((x) => !args.set || x.name.includes(args.set))) {
    const source = set.name;
    const dir = path.join(tmp, source.replace(/\W+/g, '-'));
    fs.mkdirSync(dir, { recursive: true });
    const files = set.docs.map((d, i) => {
      const f = path.join(dir, `${String(i).padStart(3, '0')}-${d.name.replace(/[^a-z0-9.]+/gi, '-')}${d.name.endsWith('.md') ? '' : '.md'}`);
      fs.writeFileSync(f, d.text);
      return f;
    });
    const trainFiles = files.filter((_, i) => i % 3 !== 2);
    // typed as the typing simulation types prose: the files' prose as the training reads it
    const rest = files.filter((_, i) => i % 3 === 2).map((f) => corpusDocument(f, fs.readFileSync(f, 'utf8')).text);
    const started = Date.now();
    const o = trainLanguageModelOnFiles(
      {
        baseDir: base.dir,
        outRoot: path.join(tmp, 'models'),
        name: `own-${source}`,
        files: trainFiles,
        options: { workers: args.workers, ...(args.lr ? { learningRate: args.lr } : {}), ...(args.epochs ? { epochs: args.epochs } : {}) },
      },
      (e) => {
        if (e.kind === 'epoch' && 'perplexity' in e) process.stderr.write(`${source} ${e.pass} epoch ${e.epoch}: ${e.perplexity?.toFixed(1) ?? ''}\n`);
      },
    );
    const seconds = (Date.now() - started) / 1000;
    const before = ghostTyping(base, rest);
    const tuned = loadModelDir(o.dir);
    const after = ghostTyping(tuned, rest);
    // the memory's share, on a grid (the network and the memory stay as trained)
    const byMemoryWeight = Object.fromEntries(
      [0, 0.1, 0.2, 0.3, 0.4, 0.5].map((w) => {
        const r = ghostTyping(tuned, rest, w);
        return [w, { savings: r.saved / r.keystrokes, precision: r.right / Math.max(1, r.shown) }];
      }),
    );
    const s = (r: typeof before) => r.saved / r.keystrokes;
    const row = {
      documents: set.docs.length,
      words: set.docs
        .map((d) => d.text)
        .join(' ')
        .split(/\s+/).length,
      trainFiles: trainFiles.length,
      restFiles: rest.length,
      restChars: rest.join('').length,
      newWords: o.result.newWords,
      epochs: o.result.epochs,
      seconds: Math.round(seconds),
      before: { savings: s(before), precision: before.right / Math.max(1, before.shown) },
      after: { savings: s(after), precision: after.right / Math.max(1, after.shown) },
      ratio: s(after) / s(before),
      byMemoryWeight,
      internalHeldOut: o.result.before && o.result.after ? { before: o.result.before, after: o.result.after } : null,
    };
    report[`lm ${source}`] = row;
    process.stderr.write(
      `${source}: ${row.words} words, ${row.trainFiles}+${row.restFiles} files, ${row.newWords} new words, ${row.epochs} epochs, ${row.seconds} s; savings ${pct(s(before))} -> ${pct(s(after))} (${row.ratio.toFixed(2)}x), precision ${pct(row.before.precision)} -> ${pct(row.after.precision)}; by memory weight ${Object.entries(
        byMemoryWeight,
      )
        .map(([w, r]) => `${w}: ${pct(r.savings)}/${pct(r.precision)}`)
        .join(', ')}\n`,
    );
  }
}

if (!args['lm-only']) {
  const held = readReviews().filter((r) => r.heldOut);
  const sentences: Array<{ text: string; label: number }> = [];
  for (const r of held) {
    for (const text of [r.title, r.text]) {
      const tokens = tokenize(text);
      for (const s of splitSentences(text, tokens)) {
        if (s.last - s.first < 4) continue;
        const sentence = text.slice(tokens[s.first].start, tokens[s.last - 1].end);
        if (!afinn.analyze(sentence).words.length) continue;
        sentences.push({ text: text.slice(tokens[s.first].start, tokens[s.last - 1].end), label: r.label });
      }
    }
  }
  const rng = new Rng(args.shuffle);
  for (let i = sentences.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [sentences[i], sentences[j]] = [sentences[j], sentences[i]];
  }
  // --whole: the held-out reviews themselves (title and text, labels as the reviewer gave them):
  // 800 rows, two thirds to train on, one third to score
  // --all-reviews (with a --sentiment-base that never saw the multi-domain reviews): all 8,000 of them
  const whole = (args['all-reviews'] ? readReviews() : held).map((r) => ({ text: `${r.title}. ${r.text}`, label: r.label }));
  for (let i = whole.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [whole[i], whole[j]] = [whole[j], whole[i]];
  }
  // dev: the last 3,700 of the shuffle; test: the first 3,700 (disjoint when there are ≥ 7,400)
  const pool = args.whole ? whole : args.split === 'dev' ? sentences.slice(-3700) : sentences.slice(0, 3700);
  const cut = args.whole && !args['all-reviews'] ? Math.round((whole.length * 2) / 3) : 2600;
  const trainRows = pool.slice(0, cut);
  const testRows = pool.slice(cut, args['all-reviews'] ? cut + 1100 : undefined);
  const csv = path.join(tmp, 'reviews.csv');
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  fs.writeFileSync(csv, 'review,sentiment\n' + trainRows.map((r) => `${q(r.text)},${r.label ? 'positive' : 'negative'}`).join('\n') + '\n');
  const base = args['sentiment-base'] ? loadModelDir(path.resolve(args['sentiment-base'])) : registry.load(registry.defaultId('sentiment'));
  const started = Date.now();
  const o = trainSentimentOnFile({
    baseDir: base.dir,
    outRoot: path.join(tmp, 'models'),
    name: 'own-reviews',
    file: csv,
    options: {
      workers: args.workers,
      ...(args.lr ? { learningRate: args.lr } : {}),
      ...(args.epochs ? { epochs: args.epochs } : {}),
      ...(args['dev-share'] ? { devShare: args['dev-share'] } : {}),
      ...(args.average ? { average: args.average } : {}),
    },
  });
  const seconds = (Date.now() - started) / 1000;
  const tuned = loadModelDir(o.dir);
  const examples = (m: typeof base) => testRows.map((r) => ({ ids: m.vocabulary.encode(tokenizeToStrings(r.text)), label: r.label }));
  const before = accuracy(base.model, examples(base));
  const after = accuracy(tuned.model, examples(tuned));
  report.sentiment = {
    sentences: sentences.length,
    trainRows: trainRows.length,
    testRows: testRows.length,
    newWords: o.result.newWords,
    epochs: o.result.epochs,
    seconds: Math.round(seconds),
    before,
    after,
    gain: after - before,
    internalHeldOut: { before: o.result.before, after: o.result.after },
  };
  process.stderr.write(
    `sentiment: ${trainRows.length} training rows, ${testRows.length} test rows, ${o.result.newWords} new words, ${o.result.epochs} epochs, ${Math.round(seconds)} s; accuracy ${pct(before)} -> ${pct(after)} (${((after - before) * 100).toFixed(1)} points)\n`,
  );
}

fs.rmSync(tmp, { recursive: true, force: true });
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
if (args.out) fs.writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');

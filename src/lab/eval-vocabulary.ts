// npm run eval:vocabulary -- --model DIR [--sizes 15000,20000,25000,30000]
// How large a sentiment model's vocabulary must be: the model read with only the first N words of
// its vocabulary (the rest become <unk>), on SST-2 dev and the held-out reviews, against the bytes
// N words take (100 bytes a row of a uint8 table of 100 columns, plus the word in vocab.json).
// Exact for words no training sentence had (their rows are GloVe's, untouched by training), which
// is what a vocabulary grown from GloVe adds after the training words.

import { loadModelDir } from '../core/model/model-bundle';
import { analyzeSentiment, positiveProbabilities } from '../core/sentiment/sentiment';
import { Vocabulary } from '../core/text/vocabulary';
import { flags } from './args';
import { heldOutReviews, readSst2 } from './sentiment-data';

const args = flags({ model: '', sizes: '15000,20000,25000,30000' }, 'eval-vocabulary --model DIR [--sizes N,N,...]');
if (!args.model) {
  process.stderr.write('eval-vocabulary: --model DIR is required\n');
  process.exit(2);
}
const loaded = loadModelDir(args.model);
const dev = readSst2('dev');
const reviews = heldOutReviews();
const dim = loaded.model.embedding.outputDim;
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
console.log(`| words | SST-2 dev | held-out reviews | mean | table + vocab.json |\n|---|---|---|---|---|`);
for (const n of args.sizes.split(',').map(Number)) {
  if (!(n > 2) || n > loaded.vocabulary.size) continue;
  const words = loaded.vocabulary.words.slice(0, n);
  const vocabulary = new Vocabulary(words, loaded.vocabulary.options);
  const model = { ...loaded, vocabulary };
  const p = positiveProbabilities(
    loaded.model,
    dev.map((t) => ({ ids: vocabulary.encode(t.tokens), label: t.label })),
  );
  const devAcc = dev.reduce((s, t, i) => s + ((p[i] >= 0.5 ? 1 : 0) === t.label ? 1 : 0), 0) / dev.length;
  const revAcc = reviews.reduce((s, t) => s + ((analyzeSentiment(model, t.text).positive >= 0.5 ? 1 : 0) === t.label ? 1 : 0), 0) / reviews.length;
  const bytes = n * dim + JSON.stringify(words).length;
  console.log(`| ${n} | ${pct(devAcc)} | ${pct(revAcc)} | ${pct((devAcc + revAcc) / 2)} | ${(bytes / 1e6).toFixed(2)} MB |`);
}

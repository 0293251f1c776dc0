// npm run eval:aggregation -- --model DIR [--split dev|test]
// How a review's sentences make one verdict: the extension reads a text sentence by sentence and
// combines the sentences' verdicts (combineSentences). Candidates, on the multi-domain reviews'
// dev split (train the model with --reviews-dev yes so that it never saw them) or held-out split:
// the mean of the sentences' log-odds weighted by length or not, the whole text as one sequence,
// and the sum of the weighted mean and the whole.

import { loadModelDir } from '../core/model/model-bundle';
import { analyzeSentiment, combineSentences, positiveProbabilities } from '../core/sentiment/sentiment';
import { flags } from './args';
import { heldOutReviews } from './sentiment-data';

const args = flags({ model: '', split: 'dev' }, 'eval-aggregation --model DIR [--split dev|test]', { split: ['dev', 'test'] });
if (!args.model) {
  process.stderr.write('eval-aggregation: --model DIR is required\n');
  process.exit(2);
}
const loaded = loadModelDir(args.model);
const reviews = heldOutReviews(args.split as 'dev' | 'test');
const logit = (p: number) => Math.log(Math.max(p, 1e-7) / Math.max(1 - p, 1e-7));
const whole = positiveProbabilities(
  loaded.model,
  reviews.map((r) => ({ ids: loaded.vocabulary.encode(r.tokens) })),
);
const right = { weighted: 0, unweighted: 0, whole: 0, 'weighted + whole': 0 };
reviews.forEach((r, i) => {
  const { sentences } = analyzeSentiment(loaded, r.text);
  const weighted = sentences.reduce((s, x) => s + logit(x.positive) * x.tokens, 0) / sentences.reduce((s, x) => s + x.tokens, 0);
  // what the extension ships (sentiment.ts): each sentence one voice
  const unweighted = logit(combineSentences(sentences));
  const verdicts = { weighted, unweighted, whole: logit(whole[i]), 'weighted + whole': weighted + logit(whole[i]) };
  for (const k of Object.keys(right) as Array<keyof typeof right>) right[k] += (verdicts[k] >= 0 ? 1 : 0) === r.label ? 1 : 0;
});
console.log(`| verdict over a review (${reviews.length} reviews, ${args.split}) | accuracy |\n|---|---|`);
for (const [k, n] of Object.entries(right)) console.log(`| ${k} | ${((100 * n) / reviews.length).toFixed(2)}% |`);

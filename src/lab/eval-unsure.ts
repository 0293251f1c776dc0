// npm run eval:unsure [-- --write-cards] [--models DIR]
// The "unsure" band of each sentiment model: a binary model has no "neutral", but it can say when it
// is unsure. The rule, written before any result: the band is the interval around 0.5 that holds the
// 10% of the model's dev texts it is least sure of (half-width = the 10th percentile of |p − 0.5|
// over SST-2 dev for English models, the first 3,000 NSMC dev reviews for Korean ones), each text
// read as `rnn-lens classify` reads it. Reported: accuracy inside and outside the band on dev, and
// on test (SST-2 test, NSMC test) the share inside and its accuracy. --write-cards writes the
// half-width into each card (calibration.unsureBelow), which the extension and the CLI read.

import * as path from 'node:path';
import { classifyLines } from '../core/sentiment/classify-lines';
import { listModels, loadModelDir, writeCard } from '../core/model/model-bundle';
import { languageOf } from '../core/text/model-tokenizer';
import { flags } from './args';
import { readNsmc } from './korean-data';
import { readSst2 } from './sentiment-data';

export const UNSURE_SHARE = 0.1;
const KOREAN_DEV = 3000;

const args = flags({ models: path.resolve(__dirname, '../../models'), 'write-cards': false }, 'eval-unsure [--models DIR] [--write-cards]');

interface Scored {
  margin: number;
  right: boolean;
}

function score(dir: string, texts: Array<{ text: string; label: number }>): Scored[] {
  const loaded = loadModelDir(dir);
  const verdicts = classifyLines(
    loaded,
    texts.map((t) => t.text),
  );
  return verdicts.flatMap((v, i) =>
    v.positive === null ? [] : [{ margin: Math.abs(v.positive - 0.5), right: (v.positive >= 0.5 ? 1 : 0) === texts[i].label }],
  );
}

const accuracy = (xs: Scored[]) => (xs.length ? xs.filter((x) => x.right).length / xs.length : NaN);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

for (const { dir, card } of listModels(args.models).filter((m) => m.card.task === 'sentiment')) {
  const korean = languageOf(card) === 'ko';
  const dev = score(dir, korean ? readNsmc('dev').slice(0, KOREAN_DEV) : readSst2('dev'));
  const test = score(dir, korean ? readNsmc('test').slice(0, KOREAN_DEV) : readSst2('test'));
  const sorted = dev.map((x) => x.margin).sort((a, b) => a - b);
  const below = Number(sorted[Math.floor(UNSURE_SHARE * sorted.length)].toFixed(4));
  const split = (xs: Scored[]) => ({ inside: xs.filter((x) => x.margin < below), outside: xs.filter((x) => x.margin >= below) });
  const d = split(dev);
  const t = split(test);
  const calibration = {
    unsureBelow: below,
    rule: `|p − 0.5| below this: the ${UNSURE_SHARE * 100}% of ${korean ? `the first ${KOREAN_DEV} NSMC dev reviews` : 'SST-2 dev'} the model is least sure of`,
    devAccuracyInside: Number(accuracy(d.inside).toFixed(4)),
    devAccuracyOutside: Number(accuracy(d.outside).toFixed(4)),
    testShareInside: Number((t.inside.length / test.length).toFixed(4)),
    testAccuracyInside: Number(accuracy(t.inside).toFixed(4)),
    testAccuracyOutside: Number(accuracy(t.outside).toFixed(4)),
  };
  process.stdout.write(
    `${card.id}: unsure where |p − 0.5| < ${below} (p in ${(0.5 - below).toFixed(3)}–${(0.5 + below).toFixed(3)}); dev accuracy inside ${pct(calibration.devAccuracyInside)}, outside ${pct(calibration.devAccuracyOutside)}; test: ${pct(calibration.testShareInside)} inside, accuracy ${pct(calibration.testAccuracyInside)} inside, ${pct(calibration.testAccuracyOutside)} outside\n`,
  );
  if (args['write-cards']) writeCard(dir, { ...card, calibration });
}

// Negation examples built from SST-2's own one-word phrases. SST-2 labels "boring" negative but
// almost never shows "not boring" (7 of 67,349 phrases contain "not bad"), so a model trained on
// it reads "not bad at all" as negative. For each one-word phrase that the Brown corpus tags as
// an adjective or participle ("boring", "disappointed", "great"), two short negated phrases
// ("it 's not boring", "was n't disappointed at all") get the opposite label. Nouns are left out:
// a one-word noun phrase's label is too weak to flip ("no month" is not negative). Written in
// SST-2's own Penn-Treebank tokens so they read like the phrases around them.

import { Rng } from '../core/random';
import { forEachTaggedWord } from './brown-data';
import { LabelledText } from './sentiment-data';

const TEMPLATES = [
  'not {w}',
  'not {w} at all',
  "it 's not {w}",
  "it was n't {w}",
  'is not {w}',
  'was not {w} at all',
  "the film is n't {w}",
  'it is never {w}',
  "i was n't {w}",
  'they are not {w}',
];

/** The words the Brown corpus tags more often as an adjective or participle than as anything else. */
export function brownAdjectives(): Set<string> {
  const net = new Map<string, number>(); // adjective tags minus other tags, per word
  forEachTaggedWord((word, tag) => net.set(word, (net.get(word) ?? 0) + (/^(jj|jjr|jjs|vbn|vbg)$/.test(tag) ? 1 : -1)));
  return new Set([...net].filter(([, n]) => n > 0).map(([w]) => w));
}

/** Negated phrases with flipped labels, `perWord` (1 or 2) per adjective among SST-2's one-word phrases. */
export function negationExamples(
  sstTrain: LabelledText[],
  seed = 1,
  adjectives = brownAdjectives(),
  options: { negativeOnly?: boolean; perWord?: number } = {},
): LabelledText[] {
  const rng = new Rng(seed);
  const seen = new Set<string>();
  const out: LabelledText[] = [];
  for (const t of sstTrain) {
    if (t.tokens.length !== 1 || seen.has(t.tokens[0])) continue;
    const w = t.tokens[0];
    seen.add(w);
    if (!adjectives.has(w) || (options.negativeOnly && t.label !== 0)) continue;
    const first = rng.int(TEMPLATES.length);
    for (const k of [0, 3].slice(0, options.perWord ?? 2)) {
      const tokens = TEMPLATES[(first + k) % TEMPLATES.length].replace('{w}', w).split(' ');
      out.push({ text: tokens.join(' '), tokens, label: 1 - t.label, domain: 'negation' });
    }
  }
  return out;
}

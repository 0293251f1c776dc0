// A binary sentiment model has no "neutral", but it can say when it is unsure: where its positive
// probability falls in a band around 0.5 that held the 10% of its dev texts it was least sure of
// (npm run eval:unsure writes the band's half-width into the card). The label stays what it was;
// the words say "unsure", and the CLI adds "confident": false.

import type { ModelCard } from '../model/model-bundle';

/** The band's half-width for a model: |p − 0.5| below it is unsure (0: a card without one is never unsure). */
export function unsureBelow(card: Pick<ModelCard, 'calibration'>): number {
  const below = card.calibration?.unsureBelow;
  // a card edited by hand may say anything: only a half-width inside (0, 0.5) is a band
  return typeof below === 'number' && below > 0 && below < 0.5 ? below : 0;
}

/** Whether a positive probability is outside the unsure band. */
export const isConfident = (positive: number, below: number) => Math.abs(positive - 0.5) >= below;

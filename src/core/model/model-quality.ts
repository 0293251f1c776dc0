// What a model's card says about how good it is, in one phrase: the model pickers and the status
// bar show it beside each model, so a choice between models is a choice between measured numbers.

import type { ModelCard } from './model-bundle';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** "SST-2 test 85.9%", "ghost text saves 23.0% of keystrokes (held-out technical prose)", or '' when the card has no measure. */
export function measuredQuality(card: ModelCard): string {
  const m = card.metrics as {
    sst2Test?: number;
    nsmcTest?: number;
    ghostText?: Record<string, { savings?: number }>;
    heldOut?: { after?: { savings?: number } };
  };
  if (typeof m.nsmcTest === 'number') return `NSMC test ${pct(m.nsmcTest)}`;
  if (typeof m.sst2Test === 'number') return `SST-2 test ${pct(m.sst2Test)}`;
  const prose = m.ghostText?.['technical prose']?.savings;
  if (typeof prose === 'number') return `ghost text saves ${pct(prose)} of keystrokes (held-out technical prose)`;
  // the Korean language model: typed on a dubeolsik keyboard, Python docs in Korean held out
  const korean = m.ghostText?.['Python docs (ko)']?.savings;
  if (typeof korean === 'number') return `ghost text saves ${pct(korean)} of keystrokes (held-out Korean Python docs, dubeolsik)`;
  // a model trained on the user's text: measured on the files it held out
  const own = m.heldOut?.after?.savings;
  return typeof own === 'number' ? `ghost text saves ${pct(own)} of keystrokes (your held-out files)` : '';
}

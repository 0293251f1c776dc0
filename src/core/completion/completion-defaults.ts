// One source of the completer's defaults for the extension and `rnn-lens complete --serve`: the
// settings' defaults in package.json (what VS Code shows in the Settings editor), and the
// extension's window of text before the cursor.

import pkg from '../../../package.json';
import type { ModelCard } from '../model/model-bundle';

// the settings come in titled categories (Sentiment, Ghost Text, Inspector): ghost text's are in one
const settings = pkg.contributes.configuration.find((c) => c.id === 'rnnLens.ghostText')!.properties as unknown as Record<string, { default: unknown }>;

export const COMPLETION_DEFAULTS = {
  /** words in a ghost text, counting the word being finished */
  words: settings['rnnLens.completion.words'].default as number,
  /** show nothing when the first word's probability (network and document mixed) is below this */
  minProbability: settings['rnnLens.completion.minProbability'].default as number,
};

/**
 * The showing threshold for a model when the user has set none: the one calibrated for it on the
 * dev documents (its card's `completion.minProbability`, written by `npm run eval:ghost -- --split
 * dev --tune --write-cards`), else the setting's default. Each network's probabilities mean
 * something a little different: one threshold for all would make one of them wrong too often.
 */
export function minProbabilityFor(card: Pick<ModelCard, 'completion'>): number {
  const own = card.completion?.minProbability;
  // a card edited by hand may say anything: only a probability is a threshold
  return typeof own === 'number' && own >= 0 && own <= 1 ? own : COMPLETION_DEFAULTS.minProbability;
}

/** The extension reads at most this much text before the cursor … */
export const EDITOR_WINDOW_CHARS = 20_000;
/** … from a start that moves in steps of this many characters (so saved states keep matching). */
export const EDITOR_WINDOW_STEP = 1_000;

/** Where the extension's window starts for a cursor at offset `end`. */
export function editorWindowStart(end: number): number {
  return Math.max(0, Math.floor((end - EDITOR_WINDOW_CHARS) / EDITOR_WINDOW_STEP) * EDITOR_WINDOW_STEP);
}

/** The text the extension passes to the completer for `textBeforeCursor` (a whole document up to the cursor). */
export function editorWindow(textBeforeCursor: string): string {
  return textBeforeCursor.slice(editorWindowStart(textBeforeCursor.length));
}

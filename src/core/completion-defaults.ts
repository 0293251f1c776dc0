// One source of the completer's defaults for the extension and `rnn-lens complete --serve`: the
// settings' defaults in package.json (what VS Code shows in the Settings editor), and the
// extension's window of text before the cursor.

import pkg from '../../package.json';

const settings = pkg.contributes.configuration.properties;

export const COMPLETION_DEFAULTS = {
  /** words in a ghost text, counting the word being finished */
  words: settings['rnnLens.completion.words'].default as number,
  /** show nothing when the first word's probability (network and document mixed) is below this */
  minProbability: settings['rnnLens.completion.minProbability'].default as number,
};

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

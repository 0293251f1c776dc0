// The casing table a language model ships beside it (casing.json): how the completer writes a word
// it proposes. Learned from the training text as written.

/**
 * How each lower-case word is usually written where capitals are not forced (not the first word
 * of a sentence): "react" → "React", "i" → "I", "json" → "JSON". Only words whose usual form is
 * not lower case, written that way in at least `share` of such places.
 */
export function casingTable(
  docs: ReadonlyArray<{ sentences: string[][]; surfaces: string[][] }>,
  keep: (word: string) => boolean,
  share = 0.6,
  minCount = 3,
): Record<string, string> {
  const forms = new Map<string, Map<string, number>>();
  for (const d of docs)
    d.sentences.forEach((s, i) =>
      s.forEach((norm, j) => {
        if (j === 0 || !keep(norm)) return;
        const surface = d.surfaces[i][j];
        if (surface.toLowerCase() !== norm) return;
        const m = forms.get(norm) ?? new Map<string, number>();
        m.set(surface, (m.get(surface) ?? 0) + 1);
        forms.set(norm, m);
      }),
    );
  const table: Record<string, string> = {};
  for (const [norm, m] of forms) {
    let total = 0;
    let best = '';
    let bestCount = 0;
    for (const [surface, c] of m) {
      total += c;
      if (c > bestCount) [best, bestCount] = [surface, c];
    }
    if (best !== norm && total >= minCount && bestCount >= share * total) table[norm] = best;
  }
  return table;
}

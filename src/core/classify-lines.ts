// `rnn-lens classify`'s verdicts, one per line of text, for many lines at once: each line read
// whole by the model (as the command always has), the readable ones stepped together in batches
// of similar lengths (positiveProbabilities), so a file of reviews costs matrix products, not
// one small product per token of every line.

import { LoadedModel } from './model-bundle';
import { readability } from './readability';
import { labelOf, positiveProbabilities } from './sentiment';
import { tokenize } from './tokenizer';
import { round6 } from './trace';
import { encodeTokens } from './vocabulary';

export interface LineVerdict {
  label: 'positive' | 'negative' | null;
  positive: number | null;
  /** why there is no verdict (label null) */
  reason?: string;
  error?: string;
  model: string;
}

export function classifyLines(loaded: LoadedModel, lines: readonly string[]): LineVerdict[] {
  const model = loaded.card.id;
  const verdicts: LineVerdict[] = new Array(lines.length);
  const readable: Array<{ line: number; ids: Int32Array }> = [];
  lines.forEach((line, i) => {
    const tokens = tokenize(line);
    const ids = encodeTokens(tokens, loaded.vocabulary);
    if (ids.length === 0) {
      verdicts[i] = { label: null, positive: null, reason: 'There are no words in this line.', error: 'no words in this line', model };
      return;
    }
    const { reason } = readability(line, tokens, ids, loaded.vocabulary);
    if (reason) verdicts[i] = { label: null, positive: null, reason, model };
    else readable.push({ line: i, ids });
  });
  const p = positiveProbabilities(loaded.model, readable);
  readable.forEach((r, k) => (verdicts[r.line] = { label: labelOf(p[k]), positive: round6(p[k]), model }));
  return verdicts;
}

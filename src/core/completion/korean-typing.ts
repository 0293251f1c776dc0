// Ghost text measured the way a Korean writer meets it (npm run eval:ghost -- --korean): a document
// typed on a dubeolsik keyboard (dubeolsik.ts counts the keys), the completer asked at the start of
// each eojeol only — a Korean IME keeps the syllable being typed open, and VS Code shows no ghost
// text while a composition is open, so the start of an eojeol (after a space or a line break) is
// where the writer can see it. When the first eojeol proposed is the one the writer was going to
// type (its letters: the leading run of Hangul, Latin letters and digits), Tab takes it for one
// key; punctuation after it is typed. Scored by typing-simulation.ts's scoreTyping, with a word's
// "core" counted in keys instead of characters.

import { dubeolsikKeystrokes } from './dubeolsik';
import { furtherWords, type Completer, type TracedAsk, type TypingTrace } from './typing-simulation';

/** An eojeol's letters: what Tab can take (the rest of the whitespace-separated token is typed). */
export const EOJEOL_CORE = /^[\p{L}\p{N}]+/u;

const fold = (text: string) => text.normalize('NFC').toLowerCase();
const same = (a: string, b: string) => fold(a) === fold(b);

/** The further eojeols of a proposal taken one by one (one key each) while each is what the document says next. */
export const furtherEojeols = (document: string, after: number, rest: string, coreStarts: readonly number[]) =>
  furtherWords(document, after, rest, coreStarts, dubeolsikKeystrokes, fold);

export function traceKoreanTyping(document: string, complete: Completer): TypingTrace {
  const trace: TypingTrace = { keystrokes: dubeolsikKeystrokes(document), words: [] };
  const cores: Array<{ start: number; core: string }> = [];
  for (const m of document.matchAll(/\S+/g)) {
    const core = EOJEOL_CORE.exec(m[0])?.[0] ?? '';
    if (core) cores.push({ start: m.index, core });
  }
  const starts = cores.map((c) => c.start);
  for (const { start, core } of cores) {
    const [best] = complete(document.slice(0, start));
    let ask: TracedAsk | null = null;
    if (best) {
      const text = best.text.replace(/^\s+/, '');
      const word = /^\S*/.exec(text)![0];
      ask = { p: best.p ?? 1, right: word.length > 0 && same(word, core) };
      const rest = text.slice(word.length);
      if (ask.right && rest.trim()) ask.further = furtherEojeols(document, start + core.length, rest, starts);
    }
    trace.words.push({ core: dubeolsikKeystrokes(core), asks: [ask] });
  }
  return trace;
}

/**
 * The baseline any editor could offer at the same moments: at the start of each eojeol, the
 * document's most frequent eojeol so far (its letters, as EOJEOL_CORE takes them). With
 * `afterPrevious`, the one that most often followed the previous eojeol, where there is one: a
 * harder baseline, reported beside it.
 */
export function documentEojeolsCompleter(afterPrevious = false): Completer {
  const counts = new Map<string, number>();
  const pairs = new Map<string, Map<string, number>>();
  let seen = 0;
  let lastText = '';
  let previous = '';
  return (text) => {
    if (!text.startsWith(lastText)) {
      counts.clear();
      pairs.clear();
      seen = 0;
      previous = '';
    }
    lastText = text;
    const cut = text.search(/\S*$/);
    if (cut > seen) {
      for (const token of text.slice(seen, cut).split(/\s+/)) {
        const core = EOJEOL_CORE.exec(token)?.[0];
        if (!core) continue;
        counts.set(core, (counts.get(core) ?? 0) + 1);
        if (previous) {
          const m = pairs.get(previous) ?? new Map<string, number>();
          m.set(core, (m.get(core) ?? 0) + 1);
          pairs.set(previous, m);
        }
        previous = core;
      }
      seen = cut;
    }
    if (text.slice(cut)) return [];
    const from = (afterPrevious && pairs.get(previous)) || counts;
    let best = '';
    let bestCount = 0;
    for (const [w, c] of from) if (c > bestCount) [best, bestCount] = [w, c];
    return best ? [{ text: best }] : [];
  };
}

// Ghost text measured the way a writer meets it (npm run eval:ghost): a document is typed letter
// by letter, and before each letter of every word (and at its start) the completer is asked
// what it would show for the text before the cursor. When the first word it proposes is the
// rest of the word being typed, the writer accepts it with one keystroke (Tab, or Ctrl+→ for
// the first word of a longer ghost text) and goes on after the word; otherwise they type the
// next letter. Only a word's alphabetic core (/^[A-Za-z][A-Za-z']*/ of the whitespace-separated
// token) can be accepted; what follows it, and the spaces and line breaks, are typed.
//
// A second accounting (scoreTyping's `wordByWord`): after taking the first word, the writer also
// takes each further word of the ghost text that is what they were going to type next, one
// keystroke (Ctrl+→) a word, and goes on after the last one taken. The first accounting is the
// one the targets are counted in; this one says what the further words of a proposal are worth.

export interface GhostProposal {
  /** what the ghost text would insert after the cursor */
  text: string;
  /** the completer's probability for it (compared with a showing threshold by scoreTyping) */
  p?: number;
}

/** A completer as the simulation sees it: the text before the cursor in, ghost texts out (best first). */
export type Completer = (textBeforeCursor: string) => GhostProposal[];

export interface TypingResult {
  /** keystrokes to type the document without completion (every character) */
  keystrokes: number;
  /** keystrokes saved by accepting proposals (the letters not typed, less one per acceptance) */
  saved: number;
  /** times the completer was asked */
  asks: number;
  /** asks that got ghost text */
  shown: number;
  /** shown proposals whose first word was the rest of the word */
  right: number;
}

export const CORE = /^[A-Za-z][A-Za-z']*/;

/** The first word of a ghost text: after the typed letters, up to the next space. */
function firstWord(proposal: string, typed: string): string {
  const text = typed ? proposal : proposal.replace(/^\s+/, '');
  return /^\S*/.exec(text)![0];
}

/**
 * Every ask the writer could meet: each letter of every word's core, whether or not an earlier
 * proposal would have been accepted, with the best proposal's probability and whether it was
 * right. scoreTyping() then plays the writer for any showing threshold without asking again
 * (the completer's answer depends on the text only).
 */
export interface TypingTrace {
  keystrokes: number;
  words: Array<{ core: number; asks: Array<TracedAsk | null> }>;
}

export interface TracedAsk {
  p: number;
  /** the first word is the rest of the word being typed */
  right: boolean;
  /** when right: what the further words of the proposal that match the text save, word by word */
  further?: { saved: number; words: number };
}

/**
 * The further words of a proposal taken one at a time while each is what the document says next
 * (the space before it included; letters compared without case, as the first word is). Each
 * costs one keystroke; `words` counts the document's words with a core that they cover. The Korean
 * simulation counts a segment's keys on its keyboard and compares in NFC (korean-typing.ts).
 */
export function furtherWords(
  document: string,
  after: number,
  rest: string,
  coreStarts: readonly number[],
  keysOf: (text: string) => number = (text) => text.length,
  fold: (text: string) => string = (text) => text.toLowerCase(),
): { saved: number; words: number } {
  let pos = after;
  let saved = 0;
  for (const segment of rest.match(/\s*\S+/g) ?? []) {
    if (fold(document.slice(pos, pos + segment.length)) !== fold(segment)) break;
    pos += segment.length;
    saved += keysOf(segment) - 1;
  }
  let words = 0;
  for (const start of coreStarts) if (start > after && start < pos) words++;
  return { saved, words };
}

export function traceTyping(document: string, complete: Completer): TypingTrace {
  const trace: TypingTrace = { keystrokes: document.length, words: [] };
  const cores: Array<{ start: number; core: string }> = [];
  for (const m of document.matchAll(/\S+/g)) {
    const core = CORE.exec(m[0])?.[0] ?? '';
    if (core) cores.push({ start: m.index, core });
  }
  const starts = cores.map((c) => c.start);
  for (const { start, core } of cores) {
    const asks: TypingTrace['words'][number]['asks'] = [];
    for (let i = 0; i < core.length; i++) {
      const [best] = complete(document.slice(0, start + i));
      if (!best) {
        asks.push(null);
        continue;
      }
      const typed = core.slice(0, i);
      const word = firstWord(best.text, typed);
      const right = word.length > 0 && word.toLowerCase() === core.slice(i).toLowerCase();
      const ask: TracedAsk = { p: best.p ?? 1, right };
      if (right) {
        const text = typed ? best.text : best.text.replace(/^\s+/, '');
        const rest = text.slice(text.indexOf(word) + word.length);
        if (rest.trim()) ask.further = furtherWords(document, start + core.length, rest, starts);
      }
      asks.push(ask);
    }
    trace.words.push({ core: core.length, asks });
  }
  return trace;
}

/**
 * The writer's keystrokes over a trace when ghost text is shown only at probability ≥ threshold;
 * the threshold may depend on how many letters of the word are typed (0: at the word's start).
 */
export function scoreTyping(trace: TypingTrace, threshold: number | ((typedLetters: number) => number) = 0, wordByWord = false): TypingResult {
  const at = typeof threshold === 'number' ? () => threshold : threshold;
  const result: TypingResult = { keystrokes: trace.keystrokes, saved: 0, asks: 0, shown: 0, right: 0 };
  for (let k = 0; k < trace.words.length; k++) {
    const w = trace.words[k];
    for (let i = 0; i < w.asks.length; i++) {
      result.asks++;
      const a = w.asks[i];
      if (!a || a.p < at(i)) continue;
      result.shown++;
      if (a.right) {
        result.right++;
        result.saved += w.core - i - 1;
        if (wordByWord && a.further) {
          // the words taken with Ctrl+→ are written: the writer goes on after them
          result.saved += a.further.saved;
          k += a.further.words;
        }
        break;
      }
    }
  }
  return result;
}

/** The writer typing the document with every proposal shown (a completer that applies its own threshold). */
export function simulateTyping(document: string, complete: Completer): TypingResult {
  return scoreTyping(traceTyping(document, complete));
}

/**
 * The baseline any editor has: after at least one typed letter, the most frequent word so far
 * in the document that starts with those letters (case-insensitive), as ghost text.
 */
export function documentWordsCompleter(): Completer {
  const counts = new Map<string, number>();
  let seen = 0;
  let lastText = '';
  return (text) => {
    if (!text.startsWith(lastText)) {
      counts.clear();
      seen = 0;
    }
    lastText = text;
    // count the words completed since the last ask (those followed by a space)
    const done = text.lastIndexOf(' ') + 1;
    const cut = Math.max(done, text.lastIndexOf('\n') + 1);
    if (cut > seen) {
      for (const token of text.slice(seen, cut).split(/\s+/)) {
        const core = CORE.exec(token)?.[0];
        if (core) counts.set(core.toLowerCase(), (counts.get(core.toLowerCase()) ?? 0) + 1);
      }
      seen = cut;
    }
    const typed = text.slice(cut).toLowerCase();
    if (!typed || !CORE.test(typed)) return [];
    let best = '';
    let bestCount = 0;
    for (const [word, c] of counts) if (word.length > typed.length && word.startsWith(typed) && c > bestCount) [best, bestCount] = [word, c];
    return best ? [{ text: best.slice(typed.length) }] : [];
  };
}

export const savings = (r: TypingResult) => (r.keystrokes ? r.saved / r.keystrokes : 0);
export const precision = (r: TypingResult) => (r.shown ? r.right / r.shown : 0);
export const shownRate = (r: TypingResult) => (r.asks ? r.shown / r.asks : 0);

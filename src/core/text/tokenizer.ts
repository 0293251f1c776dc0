// Raw text -> tokens in the style of the training data (SST-2: lower-cased, Penn-Treebank
// splitting: `do n't`, `it 's`, ``quotes''), each token keeping its offsets in the source text.
//
// Written by hand because no tokenizer library gives both PTB-style splitting and source
// offsets for every token; the editor needs the offsets for decorations and the inspector.
// The same function reads the (already tokenized) training data, so it must be idempotent on
// PTB text: tokenize("do n't") gives the same tokens as tokenize("don't").

export interface Token {
  /** the token as the vocabulary spells it: lower-cased, PTB-normalised */
  norm: string;
  /** UTF-16 offsets of the token in the source text: text.slice(start, end) is what was typed */
  start: number;
  end: number;
}

const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}`;
const WORD_CHAR = String.raw`(?:(?![${CJK}])[\p{L}\p{M}\p{N}])`;

// Alternatives are tried in order at each position; the first that matches wins.
const PATTERNS: Array<[kind: string, source: string]> = [
  ['url', String.raw`(?:https?:\/\/|www\.)[^\s<>"]+[^\s<>".,;:!?)\]']`],
  ['email', String.raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`],
  ['ptbBracket', String.raw`-[lr][rsc]b-`],
  ['openQuote', '``|“|„'],
  ['closeQuote', String.raw`''|”`],
  ['ellipsis', String.raw`\.{2,}|…`],
  ['dashes', String.raw`-{2,}|—|–`],
  ['number', String.raw`\p{N}+(?:[.,:/]\p{N}+)+`],
  ['clitic', String.raw`['’](?:s|re|ve|ll|d|m)(?![\p{L}\p{N}])`],
  ['word', String.raw`${WORD_CHAR}+(?:[-'’]${WORD_CHAR}+)*`],
  ['cjk', `[${CJK}]`],
  ['emoji', String.raw`\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}])*`],
  ['emoticon', String.raw`[:;=]-?[()DPp]`],
  ['space', String.raw`[\s\p{C}\uFFFD]+`],
  ['symbol', String.raw`[^]`],
];

const SCANNER = new RegExp(PATTERNS.map(([, s]) => `(${s})`).join('|'), 'gu');

const BRACKETS: Record<string, string> = {
  '-lrb-': '(',
  '-rrb-': ')',
  '-lsb-': '[',
  '-rsb-': ']',
  '-lcb-': '{',
  '-rcb-': '}',
};

// Emoji and emoticons carry sentiment the training text expresses in words; reading them as
// the word they stand for lets every model use them. Anything not listed stays <unk>.
const EMOJI_WORDS: Record<string, string> = {
  '🙂': 'good',
  '😀': 'happy',
  '😃': 'happy',
  '😄': 'happy',
  '😁': 'happy',
  '😊': 'happy',
  '😍': 'love',
  '🥰': 'love',
  '❤': 'love',
  '❤️': 'love',
  '💕': 'love',
  '😘': 'love',
  '👍': 'good',
  '👌': 'good',
  '👏': 'great',
  '🎉': 'great',
  '🔥': 'great',
  '⭐': 'great',
  '🌟': 'great',
  '💯': 'perfect',
  '😂': 'funny',
  '🤣': 'funny',
  '😆': 'funny',
  '😞': 'sad',
  '😔': 'sad',
  '😢': 'sad',
  '😭': 'sad',
  '☹': 'sad',
  '☹️': 'sad',
  '🙁': 'sad',
  '😠': 'angry',
  '😡': 'angry',
  '🤬': 'angry',
  '👎': 'bad',
  '💩': 'awful',
  '🤮': 'awful',
  '🤢': 'awful',
  '😒': 'boring',
  '🙄': 'boring',
  '😴': 'boring',
  '🥱': 'boring',
  '😐': 'mediocre',
  ':)': 'good',
  ':-)': 'good',
  ';)': 'good',
  ';-)': 'good',
  ':D': 'happy',
  ':-D': 'happy',
  '=)': 'good',
  ':(': 'sad',
  ':-(': 'sad',
  '=(': 'sad',
  ':P': 'funny',
  ':p': 'funny',
};

const CONTRACTION = /^(.+?)(n['’]t|['’](?:s|re|ve|ll|d|m))$/i;

function normalizeApostrophes(s: string): string {
  return s.replace(/’/g, "'");
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const push = (norm: string, start: number, end: number) => tokens.push({ norm, start, end });
  SCANNER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SCANNER.exec(text)) !== null) {
    const start = m.index;
    const surface = m[0];
    const end = start + surface.length;
    const kind = PATTERNS[m.slice(1).findIndex((g) => g !== undefined)][0];
    switch (kind) {
      case 'space':
        break;
      case 'url':
        push('<url>', start, end);
        break;
      case 'email':
        push('<email>', start, end);
        break;
      case 'ptbBracket':
        push(BRACKETS[surface.toLowerCase()] ?? surface, start, end);
        break;
      case 'openQuote':
        push('``', start, end);
        break;
      case 'closeQuote':
        push("''", start, end);
        break;
      case 'ellipsis':
        push('...', start, end);
        break;
      case 'dashes':
        push('--', start, end);
        break;
      case 'emoji':
      case 'emoticon':
        push(EMOJI_WORDS[surface] ?? EMOJI_WORDS[surface.replace(/\uFE0F|[\u{1F3FB}-\u{1F3FF}]/gu, '')] ?? surface, start, end);
        break;
      case 'clitic':
        push(normalizeApostrophes(surface.toLowerCase()), start, end);
        break;
      case 'word': {
        const c = CONTRACTION.exec(surface);
        if (c) {
          // PTB: "don't" -> "do" "n't", "it's" -> "it" "'s", "can't" -> "ca" "n't"
          const cut = start + c[1].length;
          push(c[1].toLowerCase().normalize('NFC'), start, cut);
          push(normalizeApostrophes(c[2].toLowerCase()), cut, end);
        } else {
          push(normalizeApostrophes(surface.toLowerCase().normalize('NFC')), start, end);
        }
        break;
      }
      case 'symbol':
        if (surface === '"') {
          // A straight double quote opens after whitespace/an opening bracket or at the start.
          const prev = start > 0 ? text[start - 1] : ' ';
          push(/[\s([{]/.test(prev) ? '``' : "''", start, end);
        } else {
          push(normalizeApostrophes(surface), start, end);
        }
        break;
      default:
        push(surface.toLowerCase(), start, end);
    }
  }
  return tokens;
}

/** Tokens' vocabulary forms only: the training scripts' view of a text. */
export function tokenizeToStrings(text: string): string[] {
  return tokenize(text).map((t) => t.norm);
}

const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'vs', 'etc', 'e.g', 'i.e', 'jr', 'sr', 'prof', 'inc', 'no']);
/** The tokens that end a sentence (when the next word starts one). */
export const SENTENCE_END: ReadonlySet<string> = new Set(['.', '!', '?', '...']);

export interface SentenceSpan {
  start: number;
  end: number;
  /** index range into the token array: tokens[first, last) */
  first: number;
  last: number;
}

/**
 * Splits tokenized text into sentences: after . ! ? ... (and closing quotes/brackets that follow
 * them) when the next token starts a new sentence, and at blank lines / line breaks.
 */
export function splitSentences(text: string, tokens: Token[]): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let first = 0;
  const close = (last: number) => {
    if (last > first) spans.push({ start: tokens[first].start, end: tokens[last - 1].end, first, last });
    first = last;
  };
  for (let i = 0; i < tokens.length; i++) {
    const next = tokens[i + 1];
    if (!next) break;
    const gap = text.slice(tokens[i].end, next.start);
    if (gap.includes('\n')) {
      close(i + 1);
      continue;
    }
    if (!SENTENCE_END.has(tokens[i].norm)) continue;
    // let closing quotes and brackets stay with the sentence they end
    let j = i + 1;
    while (j < tokens.length && (tokens[j].norm === "''" || tokens[j].norm === ')')) j++;
    if (j >= tokens.length) break;
    const prevWord = i > 0 ? tokens[i - 1].norm : '';
    if (tokens[i].norm === '.' && ABBREVIATIONS.has(prevWord)) continue;
    const following = text.slice(tokens[j].start, tokens[j].end);
    const startsSentence = /^[\p{Lu}\p{N}"“`(]/u.test(following) || !/^\p{Ll}/u.test(following);
    if (startsSentence && text.slice(tokens[j - 1].end, tokens[j].start).length > 0) {
      close(j);
      i = j - 1;
    }
  }
  close(tokens.length);
  return spans;
}

/**
 * Whether the text's last sentence is finished, before the next word is typed: a line break
 * follows it, or a sentence mark (and any closing quotes or brackets) and then a space. This is
 * where splitSentences() would close the sentence if the next word starts one; the language
 * model's context gets its <eos> there, as its training streams have after every sentence.
 */
export function endsSentence(text: string, tokens: Token[]): boolean {
  if (!tokens.length) return true;
  const rest = text.slice(tokens[tokens.length - 1].end);
  if (rest.includes('\n')) return true;
  if (!/^\s+$/.test(rest)) return false;
  let i = tokens.length - 1;
  while (i > 0 && (tokens[i].norm === "''" || tokens[i].norm === ')')) i--;
  if (!SENTENCE_END.has(tokens[i].norm)) return false;
  return !(tokens[i].norm === '.' && i > 0 && ABBREVIATIONS.has(tokens[i - 1].norm));
}

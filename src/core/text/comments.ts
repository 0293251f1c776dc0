// Where prose is in a code file: is the cursor inside a comment (or a Python docstring), and
// what has been written in it so far? Ghost text in code is meant for comments only, and each
// language marks them its own way: `--` is a comment in SQL and a decrement in TypeScript, `;`
// is a comment in Lisp and a statement end in C, `#` starts a comment in a shell script only at
// the start of a word. A string can hold any of these markers, so strings are scanned too.
//
// Written by hand: VS Code gives extensions no token information (no API exposes the syntax
// highlighter's scopes), and a full parser per language would be far more than this needs. A
// small scanner over the text before the cursor knows line and block comments, strings with
// their escapes, and docstrings, which is all the decision takes.

export interface StringSyntax {
  open: string;
  close: string;
  /** a backslash escapes the next character */
  escape: boolean;
  /** the string may span lines (else it ends at the line break, as an unterminated one does) */
  multiline: boolean;
  /** a triple-quoted string that starts a statement is a docstring: prose, like a comment */
  docstring?: boolean;
}

export interface CommentSyntax {
  line: string[];
  block: Array<[open: string, close: string]>;
  strings: StringSyntax[];
  /** a line comment marker counts only at the start of a word (shells: `echo a#b` has none) */
  lineAtWordStart?: boolean;
}

const str = (open: string, close = open, escape = true, multiline = false, docstring = false): StringSyntax => ({
  open,
  close,
  escape,
  multiline,
  ...(docstring ? { docstring } : {}),
});
const C_STRINGS = [str('"'), str("'"), str('`', '`', true, true)];
const C_LIKE: CommentSyntax = { line: ['//'], block: [['/*', '*/']], strings: C_STRINGS };
const HASH: CommentSyntax = { line: ['#'], block: [], strings: [str('"'), str("'")], lineAtWordStart: true };
const LISP: CommentSyntax = { line: [';'], block: [['#|', '|#']], strings: [str('"', '"', true, true)] };

export const COMMENT_SYNTAX: Record<string, CommentSyntax> = {
  typescript: C_LIKE,
  javascript: C_LIKE,
  typescriptreact: C_LIKE,
  javascriptreact: C_LIKE,
  java: { ...C_LIKE, strings: [str('"""', '"""', true, true), str('"'), str("'")] },
  c: C_LIKE,
  cpp: C_LIKE,
  csharp: C_LIKE,
  go: C_LIKE,
  swift: { ...C_LIKE, strings: [str('"""', '"""', true, true), str('"')] },
  kotlin: { ...C_LIKE, strings: [str('"""', '"""', false, true), str('"'), str("'")] },
  php: { line: ['//', '#'], block: [['/*', '*/']], strings: [str('"'), str("'")] },
  // a Rust `'` is a lifetime as often as a char literal: only double-quoted strings count
  rust: { ...C_LIKE, strings: [str('"', '"', true, true)] },
  css: { line: [], block: [['/*', '*/']], strings: [str('"'), str("'")] },
  scss: C_LIKE,
  less: C_LIKE,
  python: { line: ['#'], block: [], strings: [str('"""', '"""', true, true, true), str("'''", "'''", true, true, true), str('"'), str("'")] },
  shellscript: HASH,
  ruby: HASH,
  perl: HASH,
  yaml: HASH,
  makefile: HASH,
  dockerfile: HASH,
  powershell: { ...HASH, block: [['<#', '#>']] },
  sql: { line: ['--'], block: [['/*', '*/']], strings: [str("'", "'", false, true), str('"', '"', false)] },
  lua: { line: ['--'], block: [['--[[', ']]']], strings: [str('"'), str("'"), str('[[', ']]', false, true)] },
  haskell: { line: ['--'], block: [['{-', '-}']], strings: [str('"')] },
  clojure: { line: [';'], block: [], strings: [str('"', '"', true, true)] },
  lisp: LISP,
  scheme: LISP,
  racket: LISP,
};

export interface CommentAtCursor {
  kind: 'line' | 'block' | 'docstring';
  /** what is written in the comment before the cursor, its markers and leading `*`s removed */
  text: string;
}

const startsWith = (text: string, i: number, s: string) => text.startsWith(s, i);

/**
 * The comment the end of `before` (the text before the cursor) is inside, or null when it is in
 * code or in a string. Unknown languages have no comments.
 */
export function commentAtCursor(before: string, languageId: string): CommentAtCursor | null {
  const syntax = COMMENT_SYNTAX[languageId];
  if (!syntax) return null;
  // longest markers first, so `--[[` wins over `--` and `"""` over `"`
  const blocks = [...syntax.block].sort((a, b) => b[0].length - a[0].length);
  const strings = [...syntax.strings].sort((a, b) => b.open.length - a.open.length);
  const lines = [...syntax.line].sort((a, b) => b.length - a.length);
  // between markers there is nothing to decide: jump to the next place one of them could start
  // (a scan per keystroke over up to 50,000 characters: this keeps it a fraction of a millisecond)
  const openers = new RegExp(
    [...blocks.map(([open]) => open), ...lines, ...strings.map((x) => x.open)].map((m) => m[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    'g',
  );
  let i = 0;
  const n = before.length;
  while (i < n) {
    openers.lastIndex = i;
    const next = openers.exec(before);
    if (!next) return null;
    i = next.index;
    const block = blocks.find(([open]) => startsWith(before, i, open));
    if (block) {
      const end = before.indexOf(block[1], i + block[0].length);
      if (end < 0) return { kind: 'block', text: blockText(before.slice(i + block[0].length)) };
      i = end + block[1].length;
      continue;
    }
    const line = lines.find((m) => startsWith(before, i, m) && (!syntax.lineAtWordStart || i === 0 || /[\s;|&(]/.test(before[i - 1])));
    if (line) {
      const end = before.indexOf('\n', i);
      if (end < 0) return { kind: 'line', text: before.slice(i + line.length) };
      i = end + 1;
      continue;
    }
    const s = strings.find((x) => startsWith(before, i, x.open));
    if (s) {
      const lineStart = before.lastIndexOf('\n', i - 1) + 1;
      const isDocstring = !!s.docstring && /^\s*$/.test(before.slice(lineStart, i));
      let j = i + s.open.length;
      let closed = false;
      while (j < n) {
        if (s.escape && before[j] === '\\') {
          j += 2;
          continue;
        }
        if (startsWith(before, j, s.close)) {
          closed = true;
          break;
        }
        if (before[j] === '\n' && !s.multiline) break;
        j++;
      }
      if (!closed && j >= n) return isDocstring ? { kind: 'docstring', text: before.slice(i + s.open.length) } : null;
      i = closed ? j + s.close.length : j + 1;
      continue;
    }
    i += 1;
  }
  return null;
}

/** A block comment's text: without the `*`s that start its lines in the usual style, and
 *  without the empty first line of a comment that opens with `/**` on a line of its own. */
function blockText(body: string): string {
  const lines = body.split('\n').map((l) => l.replace(/^\s*\*+(?!\/)\s?/, ''));
  lines[0] = lines[0].trimStart();
  while (lines.length > 1 && lines[0] === '') lines.shift();
  return lines.join('\n');
}

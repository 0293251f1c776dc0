// Ghost text in code goes only into comments, found by each language's own syntax.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { commentAtCursor } from '../../src/core/text/comments';

/** The comment text at the end of `before`, or null (in code or in a string). */
const at = (before: string, language: string) => commentAtCursor(before, language)?.text ?? null;

test('TypeScript: // and /* */ are comments; -- ; # and markers inside strings are not', () => {
  assert.equal(at('while (n--) { retur', 'typescript'), null, '-- is a decrement');
  assert.equal(at('a = b; consol', 'typescript'), null, '; ends a statement');
  assert.equal(at('const x = 1; // compute the ', 'typescript'), ' compute the ');
  assert.equal(at('const url = "http://example.com"; // fetch the ', 'typescript'), ' fetch the ', 'a comment after a string with // in it');
  assert.equal(at('const s = "// not a comment, just ', 'typescript'), null, 'inside a string');
  assert.equal(at("const s = 'it\\'s // still a string ", 'typescript'), null, 'an escaped quote does not end the string');
  assert.equal(at('const t = `line one\n// inside a template ', 'typescript'), null, 'template literals span lines');
  assert.equal(at('/**\n * Returns the number of\n * tokens in the ', 'typescript'), 'Returns the number of\ntokens in the ');
  assert.equal(at('/* done */ const y = 2; retu', 'typescript'), null, 'after a closed block comment');
  assert.equal(at('// a line comment\nconst z = ', 'typescript'), null, 'a line comment ends at the line break');
});

test('Python: # comments and docstrings; # inside strings is not a comment', () => {
  assert.equal(at('x = 1  # the number of ', 'python'), ' the number of ');
  assert.equal(at('s = "#notacomment" + "and ', 'python'), null);
  assert.equal(at('def f():\n    """Return the sum of the ', 'python'), 'Return the sum of the ', 'a docstring is prose');
  assert.equal(at('x = """a multi-line string\nthat is data, ', 'python'), null, 'a triple-quoted string that is a value is not');
  assert.equal(at('def f():\n    """Done."""\n    retu', 'python'), null, 'after the docstring closes');
});

test('SQL: -- and /* */; a quote doubled inside a string does not end it', () => {
  assert.equal(at('SELECT * FROM users -- all the ', 'sql'), ' all the ');
  assert.equal(at("SELECT 'it''s -- not a comment ", 'sql'), null);
  assert.equal(at('/* the report of each\n   month and ', 'sql'), 'the report of each\n   month and ');
  assert.equal(at('SELECT a FROM t WHERE b = 1; selec', 'sql'), null);
});

test('Lisp-like: ; comments and #| |# blocks; a ; in a string is not a comment', () => {
  assert.equal(at('(defn add [a b] ; adds the ', 'clojure'), ' adds the ');
  assert.equal(at('(println "a ; b ', 'clojure'), null);
  assert.equal(at('#| a block that explains the\n', 'racket'), 'a block that explains the\n');
  assert.equal(at('(define x 1) ; the ', 'scheme'), ' the ');
});

test('shell: # starts a comment only at the start of a word', () => {
  assert.equal(at('echo hello # print a ', 'shellscript'), ' print a ');
  assert.equal(at('echo ${#array[@]} and mo', 'shellscript'), null, '${#…} is the length of an array');
  assert.equal(at('echo a#b c', 'shellscript'), null);
  assert.equal(at("echo '# quoted' # the ", 'shellscript'), ' the ');
});

test('languages without comment syntax, and empty text, give nothing', () => {
  assert.equal(at('// looks like a comment', 'plaintext'), null);
  assert.equal(at('', 'typescript'), null);
});

// No verdict without evidence: which texts a model cannot read, and why.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { loadModelDir } from '../../src/core/model/model-bundle';
import { CORE_MESSAGES } from '../../src/extension/message-catalog';
import { fill, inEnglish, parseMessage } from '../../src/core/messages';
import { dominantScript, readability, REASONS } from '../../src/core/text/readability';
import { tokenize } from '../../src/core/text/tokenizer';
import { encodeTokens } from '../../src/core/text/vocabulary';
import { tinyModelsRoot } from './helpers/tiny-models';

const loaded = () => loadModelDir(path.join(tinyModelsRoot(), 'tiny-sentiment-gru'));
/** What readability() says, its reason as data… */
function said(text: string) {
  const { vocabulary } = loaded();
  const tokens = tokenize(text);
  return readability(text, tokens, encodeTokens(tokens, vocabulary), vocabulary);
}
/** …and as the CLI writes it (English). */
function read(text: string) {
  const r = said(text);
  return { ...r, reason: r.reason && inEnglish(r.reason) };
}

test('known words are readable; emoji count as the words they stand for', () => {
  assert.equal(read('a great movie').reason, null);
  assert.equal(read('😀 great').reason, null);
  assert.equal(read('a great zxqv').reason, null, 'two of three words known');
});

test('fewer than half of the words known: no verdict, with the counts', () => {
  const r = read('a zxqv plmk wert');
  assert.equal(r.letterTokens, 4);
  assert.equal(r.knownLetterTokens, 1);
  assert.match(r.reason!, /knows too few of these words to judge \(1 of its 4 words/);
});

test('another script is named', () => {
  assert.match(read('이 영화 정말 재미있어요').reason!, /Hangul script/);
  assert.match(read('Это очень хороший фильм').reason!, /Cyrillic script/);
  assert.equal(dominantScript(['日本語', 'abc']), 'Han');
  // kana beside the Chinese characters: Japanese, though katakana has the most letters here
  assert.match(read('日本語のテキスト').reason!, /Japanese script/);
});

test('each sentence the core says is worded once: it gives back its template and values (what the extension translates)', () => {
  const templates = CORE_MESSAGES;
  for (const template of templates) {
    const values = (template.match(/\{\d\}/g) ?? []).map((_, i) => (i === 0 ? 'Hangul' : String(10 + i)));
    assert.deepEqual(parseMessage(fill(template, ...values), templates), { template, values }, template);
  }
  // what readability() says is one of them, as data: the template and its values, put into words at the edges
  assert.deepEqual(said('Это очень хороший фильм').reason, { key: REASONS.script, values: ['Cyrillic', 0, 4] });
  assert.deepEqual(parseMessage(read('Это очень хороший фильм').reason!, templates), { template: REASONS.script, values: ['Cyrillic', '0', '4'] });
  assert.equal(parseMessage('Some other sentence.', templates), null);
});

test('binary junk is refused, even when it happens to hold known tokens', () => {
  for (let i = 0; i < 20; i++) {
    const junk = new TextDecoder().decode(crypto.randomBytes(300)) + ' a great';
    assert.match(read(junk).reason!, /binary data|knows too few/, JSON.stringify(junk.slice(0, 40)));
  }
  assert.match(read('\u0000\u0001\u0002 great \u0003\u0004').reason!, /binary data/);
});

test('only numbers or symbols: nothing to judge', () => {
  assert.match(read('123 456 !!!').reason!, /no words/);
});

test('a line of markup is not writing: no verdict, however many of its tag words the model knows', () => {
  const markup = read('<div class="great"><a href="good">a great movie</a></div>');
  // "div", "class", "great" (an attribute value), "a", "href", "good", "a", "div": in tags; "a great movie" outside
  assert.equal(markup.reason, fill(REASONS.markup, 8, 11));
  // prose with a tag or two inside is still prose; "x < y" is no tag
  assert.equal(read('a great movie, <b>great</b> fun').reason, null);
  assert.equal(read('a < great and good > movie').reason, null);
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { splitSentences, tokenize, tokenizeToStrings } from '../../src/core/text/tokenizer';
import { Vocabulary } from '../../src/core/text/vocabulary';

const norms = (s: string) => tokenizeToStrings(s);

test('raw text maps onto SST-2 style: lower case, PTB contractions, quotes, brackets', () => {
  assert.deepEqual(norms(`I don't think it's "great" (really)...`), ['i', 'do', "n't", 'think', 'it', "'s", '``', 'great', "''", '(', 'really', ')', '...']);
  assert.deepEqual(norms("Can't, won't, we're, I'm, they'll, she'd, we've"), [
    'ca',
    "n't",
    ',',
    'wo',
    "n't",
    ',',
    'we',
    "'re",
    ',',
    'i',
    "'m",
    ',',
    'they',
    "'ll",
    ',',
    'she',
    "'d",
    ',',
    'we',
    "'ve",
  ]);
  assert.deepEqual(norms('It’s “curly” don’t'), ['it', "'s", '``', 'curly', "''", 'do', "n't"]);
  assert.deepEqual(norms('WOW!!! Really?!'), ['wow', '!', '!', '!', 'really', '?', '!']);
  assert.deepEqual(norms('3.5 stars, $20 -- well-made'), ['3.5', 'stars', ',', '$', '20', '--', 'well-made']);
});

test('already-tokenized training text reads the same as raw text (one tokenizer for both)', () => {
  const sst = "it 's a charming and often affecting journey . do n't miss -lrb- it -rrb- `` now ''";
  assert.deepEqual(norms(sst), [
    'it',
    "'s",
    'a',
    'charming',
    'and',
    'often',
    'affecting',
    'journey',
    '.',
    'do',
    "n't",
    'miss',
    '(',
    'it',
    ')',
    '``',
    'now',
    "''",
  ]);
  assert.deepEqual(norms("It's a charming journey. Don't miss (it)"), norms("it 's a charming journey . do n't miss -lrb- it -rrb-"));
});

test('every token keeps its offsets in the source text', () => {
  const text = "  Don't  stop—😀 naïve Café https://example.com/x?y=1 end.";
  const tokens = tokenize(text);
  for (const t of tokens) assert.ok(t.end > t.start && text.slice(t.start, t.end).length > 0);
  assert.equal(text.slice(tokens[0].start, tokens[0].end), 'Do');
  assert.equal(text.slice(tokens[1].start, tokens[1].end), "n't");
  const url = tokens.find((t) => t.norm === '<url>')!;
  assert.equal(text.slice(url.start, url.end), 'https://example.com/x?y=1');
  for (let i = 1; i < tokens.length; i++) assert.ok(tokens[i].start >= tokens[i - 1].end, 'tokens do not overlap');
});

test('emoji become the word they stand for; other scripts and junk never throw', () => {
  assert.deepEqual(norms('loved it 😍👍🏽 but 😡'), ['loved', 'it', 'love', 'good', 'but', 'angry']);
  assert.deepEqual(norms(':) :('), ['good', 'sad']);
  assert.deepEqual(norms('中文字'), ['中', '文', '字']);
  assert.deepEqual(norms('한국어 문장'), ['한국어', '문장']);
  assert.deepEqual(norms('Ünïcödé ÉCOLE'), ['ünïcödé', 'école']);
  const junk = String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 65536));
  const tokens = tokenize(junk);
  for (const t of tokens) assert.ok(t.start < t.end);
  assert.deepEqual(tokenize('\u0000\u0001\u0002\uFFFD   \t\n'), []);
});

test('vocabulary lookups fall back to accent-free and de-elongated forms, then <unk>', () => {
  const v = new Vocabulary(['<pad>', '<unk>', 'naive', 'so', 'good', 'cafe']);
  assert.equal(v.id('naïve'), v.exact('naive'));
  assert.equal(v.id('café'), v.exact('cafe'));
  assert.equal(v.id('soooo'), v.exact('so'));
  assert.equal(v.id('goooood'), v.exact('good'));
  assert.equal(v.id('zyzzyva'), v.unkId);
  assert.throws(() => new Vocabulary(['a', 'b']), /must start with/);
});

test('a sentiment vocabulary maps unknown inflections to known words; prefixes and known words stay', () => {
  const words = ['<pad>', '<unk>', 'stupid', 'charming', 'silly', 'pure', 'horrible', 'mistake', 'dull', 'stop', 'humor', 'funny', 'stupidly'];
  const v = new Vocabulary(words, { inflections: true });
  for (const [typed, known] of [
    ['stupidest', 'stupid'],
    ['charmingly', 'charming'],
    ['silliest', 'silly'],
    ['purest', 'pure'],
    ['horribly', 'horrible'],
    ['mistakes', 'mistake'],
    ['dulled', 'dull'],
    ['stopped', 'stop'],
    ['humour', 'humor'],
    ['STUPIDEST'.toLowerCase(), 'stupid'],
    ['stupidly', 'stupidly'],
  ]) {
    assert.equal(v.word(v.id(typed)), known, typed);
  }
  assert.equal(v.id('unfunny'), v.unkId, 'a negating prefix is never stripped');
  assert.equal(v.id('dog'), v.unkId);
  const plain = new Vocabulary(words);
  assert.equal(plain.id('stupidest'), plain.unkId, 'off unless asked (language models)');
});

test('sentences split at . ! ? and line breaks, not at abbreviations or decimals', () => {
  const text = 'Great phone. Battery died after 2.5 days! Dr. Smith agreed... Was it worth it?\nNot really';
  const spans = splitSentences(text, tokenize(text)).map((s) => text.slice(s.start, s.end));
  assert.deepEqual(spans, ['Great phone.', 'Battery died after 2.5 days!', 'Dr. Smith agreed...', 'Was it worth it?', 'Not really']);
  assert.deepEqual(splitSentences('', []), []);
});

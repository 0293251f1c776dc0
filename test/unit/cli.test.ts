// The rnn-lens command line (dist/cli.js) as other tools use it: JSON on stdout, errors on
// stderr with a non-zero exit. Runs on tiny models built by the test.

import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PARALLEL_FROM } from '../../src/core/sentiment/classify-pool';
import { ModelRegistry } from '../../src/core/model/registry';
import { positiveProbability } from '../../src/core/sentiment/sentiment';
import { tokenize } from '../../src/core/text/tokenizer';
import { encodeTokens } from '../../src/core/text/vocabulary';
import { tinyModelsRoot } from './helpers/tiny-models';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
let models = '';

before(() => {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT });
  models = tinyModelsRoot();
});

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--models', models], { input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('models: every model with its task, cell, size and one default per task', () => {
  const r = run(['models']);
  assert.equal(r.code, 0, r.err);
  const list = JSON.parse(r.out) as Array<Record<string, unknown>>;
  assert.deepEqual(
    list.map((m) => m.id),
    ['tiny-lm-lstm', 'tiny-sentiment-bigru', 'tiny-sentiment-gru'],
  );
  for (const m of list) {
    for (const key of ['id', 'task', 'cell', 'bidirectional', 'parameters', 'bytes', 'default', 'metrics']) assert.ok(key in m, `${key} in ${m.id}`);
    assert.ok((m.bytes as number) > 1000 && (m.parameters as number) > 100);
  }
  assert.deepEqual(
    list
      .filter((m) => m.default)
      .map((m) => m.id)
      .sort(),
    ['tiny-lm-lstm', 'tiny-sentiment-gru'],
  );
  assert.equal(list.find((m) => m.id === 'tiny-sentiment-bigru')!.bidirectional, true);
});

test('classify: one JSON line per input line, from stdin or a file, with --model', () => {
  const r = run(['classify'], 'A great movie!\n\nAn awful film.\n');
  assert.equal(r.code, 0, r.err);
  const lines = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.equal(lines[0].label, 'positive');
  assert.ok(lines[0].positive > 0.5);
  assert.equal(lines[1].label, 'negative');
  assert.ok(lines[1].positive < 0.5);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')), 'in.txt');
  fs.writeFileSync(file, 'i loved it\n');
  const bi = run(['classify', '--model', 'tiny-sentiment-bigru', '--file', file]);
  assert.equal(bi.code, 0, bi.err);
  assert.equal(JSON.parse(bi.out).label, 'positive');
});

test('classify --file: a file long enough for both cores answers every line, in order, as the engine does one by one', () => {
  const words = ['great', 'awful', 'loved', 'boring', 'film', 'movie', 'it', 'was', 'not', 'a', 'the', 'i'];
  const input: string[] = [];
  for (let i = 0; i < PARALLEL_FROM + 300; i++) {
    const n = 1 + ((i * 7) % 23);
    input.push(i % 97 === 5 ? '' : Array.from({ length: n }, (_, k) => words[(i * 31 + k * 17) % words.length]).join(' '));
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')), 'many.txt');
  fs.writeFileSync(file, input.join('\n') + '\n');
  const r = run(['classify', '--file', file]);
  assert.equal(r.code, 0, r.err);
  const got = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const nonEmpty = input.filter((l) => l.trim());
  assert.equal(got.length, nonEmpty.length, 'one answer per non-empty line');
  const loaded = new ModelRegistry(models).loadFor('sentiment');
  nonEmpty.forEach((line, i) => {
    if (got[i].label === null) return assert.ok(got[i].reason, `line ${i}: no verdict needs a reason`);
    const alone = positiveProbability(loaded, encodeTokens(tokenize(line), loaded.vocabulary));
    assert.ok(Math.abs(got[i].positive - alone) <= 1e-5, `line ${i} "${line}": ${got[i].positive} from the file, ${alone} alone`);
  });
  assert.ok(got.filter((v) => v.label !== null).length > PARALLEL_FROM, 'most lines have a verdict');
});

test('complete: finishes a partial word, then whole words, with probabilities', () => {
  const r = run(['complete', '--words', '2', '--k', '2', 'the cat sat on the m']);
  assert.equal(r.code, 0, r.err);
  const { completions } = JSON.parse(r.out);
  assert.ok(completions.length >= 1 && completions.length <= 2);
  assert.ok(completions[0].text.startsWith('at'), completions[0].text);
  assert.ok(completions[0].p > 0 && completions[0].p <= 1);
});

test('complete --serve answers a stream of requests in order, says what is wrong with a bad line and goes on', () => {
  const requests = [
    '{"text": "the cat sat on the m"}',
    'not json',
    '{"text": 42}',
    '{"text": "the dog sat on the r", "words": 1, "k": 1}',
    '{"text": "the cat", "k": 0}',
    '{"text": "the cat sat on "}',
  ];
  const r = run(['complete', '--serve'], requests.join('\n') + '\n');
  assert.equal(r.code, 0, r.err);
  const answers = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(answers.length, requests.length, 'one answer per request');
  assert.equal(answers[0].partial, 'm');
  assert.ok(answers[0].completions.length >= 1 && typeof answers[0].completions[0].p === 'number');
  assert.match(answers[1].error, /not JSON/);
  assert.match(answers[2].error, /"text"/);
  assert.equal(answers[3].partial, 'r');
  assert.ok(answers[3].completions.length <= 1);
  assert.match(answers[4].error, /"k"/);
  assert.equal(answers[5].partial, '');
  assert.ok(!('error' in answers[5]));
});

test("complete --serve shows ghost text at the threshold calibrated for the model (its card's completion.minProbability)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-threshold-'));
  fs.cpSync(models, dir, { recursive: true });
  const cardFile = path.join(dir, 'tiny-lm-lstm', 'card.json');
  const card = JSON.parse(fs.readFileSync(cardFile, 'utf8'));
  const serve = () => {
    const r = spawnSync(process.execPath, [CLI, 'complete', '--serve', '--model', 'tiny-lm-lstm', '--models', dir], {
      input: '{"text": "the cat sat on the "}\n',
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout).completions as Array<{ text: string; p: number }>;
  };
  delete card.completion;
  fs.writeFileSync(cardFile, JSON.stringify(card));
  const atDefault = serve();
  assert.ok(atDefault.length >= 1, 'at the settings default the network proposes "mat" (p ≈ 0.98)');
  fs.writeFileSync(cardFile, JSON.stringify({ ...card, completion: { minProbability: 0.999999 } }));
  assert.deepEqual(serve(), [], 'a model calibrated to show only the surest words shows nothing here');
});

test('trace and score-lm print JSON with tokens, offsets, ids and the measurements', () => {
  const t = run(['trace', 'not bad at all']);
  assert.equal(t.code, 0, t.err);
  const trace = JSON.parse(t.out);
  assert.deepEqual(
    trace.tokens.map((x: { text: string }) => x.text),
    ['not', 'bad', 'at', 'all'],
  );
  assert.equal(trace.tokens[1].start, 4);
  assert.equal(trace.layers[0].steps.length, 4);
  const lmTrace = JSON.parse(run(['trace', '--model', 'tiny-lm-lstm', 'the cat']).out);
  assert.equal(lmTrace.outputs[1].next.length, 5);
  assert.deepEqual(
    lmTrace.tokens.map((x: { text: string }) => x.text),
    ['<eos>', 'the', 'cat'],
  );
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')), 'lm.txt');
  fs.writeFileSync(file, 'the cat sat on the mat .\nthe dog sat on the rug .\n');
  const s = run(['score-lm', '--file', file]);
  assert.equal(s.code, 0, s.err);
  const score = JSON.parse(s.out);
  assert.equal(score.tokens, 16);
  for (const k of ['ppl', 'top1', 'top3', 'top5']) assert.equal(typeof score[k], 'number');
});

test('errors go to stderr with a non-zero exit', () => {
  const unknown = run(['classify', '--model', 'nope'], 'text\n');
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /unknown model "nope"/);
  assert.equal(unknown.out, '');
  const wrongTask = run(['complete', '--model', 'tiny-sentiment-gru', 'the']);
  assert.equal(wrongTask.code, 1);
  assert.match(wrongTask.err, /is a sentiment model, not a language-model model/);
  assert.equal(run(['frobnicate']).code, 2);
  assert.equal(run(['complete', '--words', 'x', 'a']).code, 2);
  const missing = run(['score-lm', '--file', '/nonexistent/file.txt']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /nonexistent/);
});

test('classify TEXT classifies the argument; junk, other scripts and unknown words get label null and a reason', () => {
  const r = run(['classify', 'i loved it']);
  assert.equal(r.code, 0, r.err);
  const one = JSON.parse(r.out);
  assert.equal(one.label, 'positive');
  assert.equal(one.model, 'tiny-sentiment-gru');
  const lines = run(['classify'], '\u0000\u0001\u0002\u0003 a great\n이 영화 정말 재미있어요\nzxq vbn plm a\n')
    .out.trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => l.label),
    [null, null, null],
  );
  assert.match(lines[0].reason, /binary data/);
  assert.match(lines[1].reason, /Hangul/);
  assert.match(lines[2].reason, /too few of these words/);
  assert.ok(lines.every((l) => l.positive === null));
});

test('standard input: an empty pipe gives nothing, a slow producer is waited for, and answers stream as lines arrive', async () => {
  const empty = run(['classify'], '');
  assert.equal(empty.code, 0, empty.err);
  assert.equal(empty.out, '');
  // a producer that writes one line, waits, then writes another: the first answer must come
  // before the second line is written (the CLI does not wait for the end of its input)
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [CLI, 'classify', '--models', models]);
  const answers: string[] = [];
  let buffered = '';
  const firstAnswer = new Promise<void>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const done = buffered.split('\n');
      buffered = done.pop()!;
      answers.push(...done);
      if (answers.length >= 1) resolve();
    });
  });
  child.stdin.write('a great movie\n');
  await firstAnswer;
  assert.equal(answers.length, 1, 'answered while the input is still open');
  child.stdin.end('an awful film\n');
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(code, 0);
  assert.deepEqual(
    answers.concat(buffered ? [buffered] : []).map((l) => JSON.parse(l).label),
    ['positive', 'negative'],
  );
});

test('| head ends quietly: no stack trace when the reader goes away', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-')), 'many.txt');
  fs.writeFileSync(file, 'a great movie\n'.repeat(20_000));
  const r = spawnSync('bash', ['-c', `node ${JSON.stringify(CLI)} classify --models ${JSON.stringify(models)} --file ${JSON.stringify(file)} | head -n 2`], {
    encoding: 'utf8',
  });
  assert.equal(r.stdout.trim().split('\n').length, 2);
  assert.equal(r.stderr, '', 'nothing on stderr');
});

test('--help for every command names its options; usage errors name the command', () => {
  for (const [command, option] of [
    ['models', '--models'],
    ['classify', '--file'],
    ['complete', '--words'],
    ['trace', '--model'],
    ['score-lm', '--file'],
  ]) {
    const r = run([command, '--help']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`usage: rnn-lens ${command}`));
    assert.ok(r.out.includes(option), `${command} --help names ${option}`);
  }
  const bad = run(['classify', '--bogus']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /usage: rnn-lens classify/);
});

test('classify without --model sends Hangul to the Korean model, line by line and sentence by sentence (bundled models)', () => {
  const lines = [
    '배우들 연기가 정말 최고였어요',
    'What a wonderful film, I loved it.',
    '스토리가 너무 지루했다. But the music was wonderful and I loved every song.',
    '',
  ];
  const r = spawnSync(process.execPath, [CLI, 'classify'], { input: lines.join('\n'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const [korean, english, mixed] = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const registry = new ModelRegistry(path.join(ROOT, 'models'));
  const ko = registry.defaultId('sentiment', 'ko');
  const en = registry.defaultId('sentiment');
  assert.deepEqual([korean.model, korean.label], [ko, 'positive'], JSON.stringify(korean));
  assert.deepEqual([english.model, english.label], [en, 'positive'], JSON.stringify(english));
  // one line whose sentences went to both models: both named, each part's verdict given
  assert.deepEqual(mixed.model, [ko, en], JSON.stringify(mixed));
  assert.deepEqual(
    mixed.parts.map((p: { model: string; label: string; text: string }) => [p.model, p.label, p.text]),
    [
      [ko, 'negative', '스토리가 너무 지루했다.'],
      [en, 'positive', 'But the music was wonderful and I loved every song.'],
    ],
  );
  assert.ok(mixed.label === 'positive' || mixed.label === 'negative');
  // --model still reads everything with the one model: Hangul then gets no verdict from an English one
  const forced = spawnSync(process.execPath, [CLI, 'classify', '--model', en, lines[0]], { encoding: 'utf8' });
  const verdict = JSON.parse(forced.stdout);
  assert.deepEqual([verdict.model, verdict.label], [en, null]);
  assert.match(verdict.reason, /Hangul/);
  // trace without --model follows the text's language
  const trace = JSON.parse(spawnSync(process.execPath, [CLI, 'trace', lines[0]], { encoding: 'utf8' }).stdout);
  assert.equal(trace.model, ko);
});

test('a --file that is missing, a folder, or binary: one line naming it, exit 1, no stack trace', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-cli-file-'));
  const binary = path.join(dir, 'blob.bin');
  fs.writeFileSync(binary, Buffer.from([0, 1, 2, 0, 255, 0, 3]));
  const cases: Array<[string[], RegExp]> = [
    [['classify', '--file', path.join(dir, 'missing.txt')], /missing\.txt: no such file/],
    [['classify', '--file', dir], /a folder, not a file/],
    [['score-lm', '--file', path.join(dir, 'missing.txt')], /missing\.txt: no such file/],
    [['score-lm', '--file', binary], /binary data, not text/],
  ];
  for (const [args, message] of cases) {
    const r = run(args);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, message);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.doesNotMatch(r.err, /\n\s+at /);
  }
});

test('models --models DIR that does not exist is an error, not an empty list', () => {
  const r = spawnSync(process.execPath, [CLI, 'models', '--models', '/no/such/models/dir'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no such folder/);
  assert.equal(r.stdout, '');
});

test("trace reads at most the inspector's 2000 tokens unless --max-tokens says otherwise", () => {
  const long = 'a good film . '.repeat(800);
  const r = run(['trace', long]);
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(r.out).tokens.length, 2000);
  assert.match(r.err, /first 2000 tokens/);
  const few = run(['trace', '--max-tokens', '5', long]);
  assert.equal(JSON.parse(few.out).tokens.length, 5);
  assert.equal(run(['trace', '--max-tokens', '0', long]).code, 2);
});

test('a model folder that is a link is left out with a word, not silently', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-linked-models-'));
  fs.cpSync(path.join(models, 'tiny-sentiment-gru'), path.join(root, 'real'), { recursive: true });
  fs.symlinkSync(path.join(root, 'real'), path.join(root, 'linked'));
  fs.symlinkSync(root, path.join(root, 'loop'));
  const r = spawnSync(process.execPath, [CLI, 'models', '--models', root], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    JSON.parse(r.stdout).map((m: { id: string }) => m.id),
    ['tiny-sentiment-gru'],
  );
  assert.match(r.stderr, /linked is left out: is a link/);
  assert.match(r.stderr, /loop is left out: is a link/);
});

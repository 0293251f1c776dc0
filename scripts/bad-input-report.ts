// npm run report:bad-input: for each bad input of the reliability issue, the time until the command
// stopped or refused and its peak memory (GNU time's maximum resident set size), after a build.
// A report, not a test: times depend on the machine. Uses the bundled models and dist/cli.js.
//   expected: a SIGINT ends a training within about 2 s; a crafted model is refused within about
//   1 s and 100 MB.

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const TIME = '/usr/bin/time';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lens-bad-input-'));

interface Row {
  what: string;
  exit: number | null;
  seconds: number;
  peakMB: number;
  said: string;
}

/** Runs the CLI under GNU time; `signalAfter`: send SIGINT once stderr matches it. */
function measure(what: string, args: string[], signalAfter?: RegExp): Promise<Row> {
  return new Promise((resolve) => {
    const child = spawn(TIME, ['-f', 'PEAK %M', process.execPath, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let start = Date.now();
    let sent = false;
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (signalAfter && !sent && signalAfter.test(err)) {
        sent = true;
        start = Date.now();
        // GNU time passes the signal on to the command it runs
        spawnSync('pkill', ['-INT', '-P', String(child.pid)]);
      }
    });
    child.on('exit', (code) => {
      const peak = Number(/PEAK (\d+)/.exec(err)?.[1] ?? 0) / 1024;
      const said =
        err
          .split('\n')
          .filter((l) => l.startsWith('rnn-lens:') && !/^rnn-lens: (read|stopping)/.test(l))
          .pop() ?? '';
      resolve({ what, exit: code, seconds: (Date.now() - start) / 1000, peakMB: Math.round(peak), said: said.slice(0, 110) });
    });
  });
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error('build first: npm run build');
  const docs = path.join(tmp, 'docs');
  fs.mkdirSync(docs);
  for (let d = 0; d < 6; d++)
    fs.writeFileSync(
      path.join(docs, `d${d}.md`),
      Array.from({ length: 3000 }, (_, i) => `The team wrote note ${i} about the release of version ${d}.`).join(' '),
    );
  const labelled = path.join(tmp, 'labelled.tsv');
  fs.writeFileSync(
    labelled,
    'label\ttext\n' + Array.from({ length: 20000 }, (_, i) => (i % 2 ? `1\ta lovely film ${i}` : `0\ta dull film ${i}`)).join('\n') + '\n',
  );
  const big = path.join(tmp, 'big.tsv');
  const fd = fs.openSync(big, 'w');
  fs.ftruncateSync(fd, 200 * 1024 * 1024);
  fs.closeSync(fd);
  const crafted = path.join(tmp, 'models', 'crafted');
  fs.cpSync(path.join(ROOT, 'models', 'sentiment-simple-rnn'), crafted, { recursive: true });
  const mj = path.join(crafted, 'model.json');
  fs.writeFileSync(mj, fs.readFileSync(mj, 'utf8').replace('"paths"', '"pahts"'));
  const hugeVocab = path.join(tmp, 'models2', 'huge');
  fs.cpSync(path.join(ROOT, 'models', 'sentiment-simple-rnn'), hugeVocab, { recursive: true });
  fs.writeFileSync(path.join(hugeVocab, 'vocab.json'), JSON.stringify(Array.from({ length: 3_000_000 }, (_, i) => `w${i}`)));
  const rows: Row[] = [];
  rows.push(await measure('SIGINT during train-lm', ['train-lm', '--files', docs, '--out', path.join(tmp, 'out-lm'), '--epochs', '20'], /epoch 1\//));
  rows.push(
    await measure('SIGINT during train-sentiment', ['train-sentiment', '--file', labelled, '--out', path.join(tmp, 'out-s'), '--epochs', '20'], /epoch 1\//),
  );
  rows.push(await measure('a 200 MB labelled file', ['train-sentiment', '--file', big, '--out', path.join(tmp, 'out-big')]));
  rows.push(await measure('a manifest key misspelt', ['classify', '--models', path.dirname(crafted), '--model', 'sentiment-simple-rnn', 'fine']));
  rows.push(await measure('a 3M-word vocab.json', ['classify', '--models', path.dirname(hugeVocab), '--model', 'sentiment-simple-rnn', 'fine']));
  rows.push(await measure('classify --file missing', ['classify', '--file', path.join(tmp, 'missing.txt')]));
  process.stdout.write('| case | exit | seconds to stop or refuse | peak MB | what it said |\n| --- | --- | --- | --- | --- |\n');
  for (const r of rows)
    process.stdout.write(`| ${r.what} | ${r.exit} | ${r.seconds.toFixed(2)} | ${r.peakMB} | ${r.said.replace(/\|/g, '\\|').replace(tmp, '…')} |\n`);
}

void main();

// The Training view's state, folded from a training's events (the page draws exactly this).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TrainingViewModel } from '../../src/extension/training/training-view-model';
import type { TrainingEvent } from '../../src/core/training/user-training';
import { inEnglish, say } from '../../src/core/messages';

const batch = (pass: 'measure' | 'final', epoch: number, batch: number, batches: number, loss = 1): TrainingEvent => ({
  kind: 'batch',
  pass,
  epochs: 3,
  progress: { epoch, batch, batches, loss, accuracy: 0, tokens: 0, seconds: 0 },
});

test('the loss curve only goes forward, even when an epoch has one batch fewer than the one before', () => {
  const view = new TrainingViewModel('notes', 'language-model', 'lm-lstm');
  // the language-model trainer cuts the stream at a new offset each epoch: 9, then 8, then 9 batches
  for (const [epoch, batches] of [
    [1, 9],
    [2, 8],
    [3, 9],
  ]) {
    for (let b = 1; b <= batches; b++) view.add(batch('final', epoch, b, batches, 5 - epoch));
    view.add({ kind: 'epoch', pass: 'final', epoch, epochs: 3, perplexity: null, seconds: 0 } as TrainingEvent);
  }
  const steps = view.state.curves.final.map((p) => p.step);
  assert.equal(steps.length, 26);
  assert.ok(
    steps.every((s, i) => i === 0 || s > steps[i - 1]),
    steps.join(' '),
  );
  assert.deepEqual(
    view.state.epochs.map((e) => e.step),
    [9, 17, 26],
    'each epoch marked where its last batch is',
  );
  assert.match(view.state.message, /final run, on all of your text: epoch 3 of 3, batch 9 of 9/);
});

test('how it ended, in words; a core sentence goes through the wording the extension gives', () => {
  const said: string[] = [];
  const view = new TrainingViewModel('notes', 'language-model', 'lm-lstm', {
    t: (m, ...v) => `[${m.replace(/\{(\d)\}/g, (_, i: string) => String(v[Number(i)]))}]`,
    core: (m) => {
      const text = typeof m === 'string' ? m : inEnglish(m);
      said.push(text);
      return `<${text}>`;
    },
  });
  view.add({ kind: 'files', read: 2, tokens: 1234, capped: false, skipped: [{ path: '/w/notes/logo.md', reason: say('binary') }] });
  assert.deepEqual(view.state.facts, ['[2 files read, 1,234 tokens]', '[1 skipped: logo.md (<binary>)]']);
  view.add({ kind: 'stage', message: say('measuring the starting model on held-out text') });
  assert.equal(view.state.message, '<measuring the starting model on held-out text>');
  view.end({ type: 'error', message: 'only 12 tokens of prose: a language model needs at least a few hundred words to learn from' });
  assert.equal(view.state.status, 'failed');
  assert.equal(view.state.message, '[Training failed: <only 12 tokens of prose: a language model needs at least a few hundred words to learn from>]');
  assert.equal(said.length, 3);
});

test('the view adds up: how many epochs were tried and kept, and why a model whose precision fell is kept', () => {
  const view = new TrainingViewModel('notes', 'language-model', 'lm-lstm');
  const measures = { before: { perplexity: 140, savings: 0.18, precision: 0.67 }, after: { perplexity: 109.4, savings: 0.21, precision: 0.637 } };
  view.end({
    type: 'done',
    outcome: {
      dir: '/m/notes',
      id: 'notes',
      card: { name: 'notes' },
      result: { kept: 'fine-tuned', epochs: 2, newWords: 5, perplexityByEpoch: [120, 109.4, 111, 115, 118, 119], ...measures },
    },
  } as unknown as Parameters<TrainingViewModel['end']>[0]);
  assert.match(view.state.message, /tried 6 epochs and was best after 2, so "notes" learned from all of your text for 2/);
  assert.ok(
    view.state.facts.some((f) => /Kept because it saves more keystrokes .*18\.0% → 21\.0%.*67\.0% → 63\.7%/.test(f)),
    view.state.facts.join(' | '),
  );
  // the table's perplexity after is the curve's best epoch
  assert.equal(view.state.comparison.find((c) => /perplexity/.test(c.label))!.after, '109.4');
  const sentiment = new TrainingViewModel('tickets', 'sentiment', 'sentiment-gru');
  sentiment.end({
    type: 'done',
    outcome: { dir: '/m/t', id: 't', card: { name: 't' }, result: { epochs: 0, newWords: 0, before: 0.813, after: 0.813, devAccuracyByEpoch: [0.85, 0.85] } },
  } as unknown as Parameters<TrainingViewModel['end']>[0]);
  assert.match(sentiment.state.message, /no epoch beat sentiment-gru on the dev rows/);
  assert.match(sentiment.state.comparison[0].label, /held-out rows \(never seen; the dev rows chose the epoch\)/);
});

// Messages from the inspector's webview are checked before the panel acts on them.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFromWebview, parsePanelState } from '../../src/shared/inspector-protocol';

test('every message the webview sends is accepted with only its own fields', () => {
  assert.deepEqual(parseFromWebview({ type: 'ready', extra: 1 }), { type: 'ready' });
  assert.deepEqual(parseFromWebview({ type: 'setTask', task: 'language-model' }), { type: 'setTask', task: 'language-model' });
  assert.deepEqual(parseFromWebview({ type: 'setModel', model: 'sentiment-gru' }), { type: 'setModel', model: 'sentiment-gru' });
  assert.deepEqual(parseFromWebview({ type: 'pin', pinned: true }), { type: 'pin', pinned: true });
  assert.deepEqual(parseFromWebview({ type: 'rendered', tokens: 3, columns: 3 }), { type: 'rendered', tokens: 3, columns: 3 });
  assert.deepEqual(parseFromWebview({ type: 'ask', id: 7, request: { type: 'neighbours', model: 'lm-gru', id: 12 } }), {
    type: 'ask',
    id: 7,
    request: { type: 'neighbours', model: 'lm-gru', id: 12 },
  });
  assert.deepEqual(parseFromWebview({ type: 'ask', id: 8, request: { type: 'export', format: 'png', dataUrl: 'data:image/png;base64,AAAA' } }), {
    type: 'ask',
    id: 8,
    request: { type: 'export', format: 'png', dataUrl: 'data:image/png;base64,AAAA' },
  });
});

test('malformed messages are refused with a reason', () => {
  const refused: unknown[] = [
    null,
    42,
    'ready',
    [],
    {},
    { type: 'nope' },
    { type: 'setTask', task: 'other' },
    { type: 'setModel', model: '../../etc/passwd' },
    { type: 'setModel', model: 'x'.repeat(500) },
    { type: 'pin', pinned: 'yes' },
    { type: 'rendered', tokens: -1, columns: 2 },
    { type: 'rendered', tokens: 1.5, columns: 2 },
    { type: 'ask', id: 'one', request: { type: 'compare' } },
    { type: 'ask', id: 1, request: { type: 'drop tables' } },
    { type: 'ask', id: 1, request: { type: 'export', format: 'exe' } },
    { type: 'ask', id: 1, request: { type: 'export', format: 'png', dataUrl: 'javascript:alert(1)' } },
    { type: 'ask', id: 1, request: { type: 'neighbours', model: 'lm-gru', id: -3 } },
  ];
  for (const m of refused) assert.equal(typeof parseFromWebview(m), 'string', JSON.stringify(m));
});

test('property: any value at all is either refused with a reason or parsed into a message of a known type', () => {
  const known = new Set(['ready', 'setTask', 'setModel', 'pin', 'rendered', 'ask']);
  let cases = 0;
  const shaped = fc.record(
    {
      type: fc.constantFrom('ready', 'setTask', 'setModel', 'pin', 'rendered', 'ask', 'other'),
      task: fc.anything(),
      model: fc.anything(),
      pinned: fc.anything(),
      tokens: fc.anything(),
      columns: fc.anything(),
      id: fc.anything(),
      request: fc.oneof(
        fc.anything(),
        fc.record({ type: fc.string(), model: fc.anything(), id: fc.anything(), format: fc.anything(), dataUrl: fc.anything() }),
      ),
    },
    { requiredKeys: ['type'] },
  );
  fc.assert(
    fc.property(fc.oneof(fc.anything(), shaped), (m) => {
      cases++;
      const r = parseFromWebview(m);
      if (typeof r === 'string') return r.length > 0;
      return known.has(r.type) && JSON.stringify(r).length <= JSON.stringify(m).length + 2;
    }),
    { numRuns: 3000 },
  );
  console.log(`# protocol property: ${cases} random messages`);
  assert.ok(cases >= 3000);
});

test('a restored panel state is used only if it is one', () => {
  assert.deepEqual(parsePanelState({ text: 'hi', task: 'sentiment', pinned: false }), { text: 'hi', task: 'sentiment', pinned: false });
  assert.equal(parsePanelState({ text: 1, task: 'sentiment', pinned: false }), undefined);
  assert.equal(parsePanelState(null), undefined);
});

test('the Training view accepts only its two messages from its page', async () => {
  const { parseTrainingMessage } = await import('../../src/shared/training-protocol');
  assert.deepEqual(parseTrainingMessage({ type: 'cancel' }), { type: 'cancel' });
  assert.deepEqual(parseTrainingMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
  for (const bad of [null, 'cancel', 42, {}, { type: 'delete' }, { type: ['cancel'] }]) assert.equal(parseTrainingMessage(bad), null);
});

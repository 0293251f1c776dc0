// Messages from the inspector's and the Training view's pages are checked before the host acts on
// them: each method's validator keeps only its own fields or says why not, and the host's channel
// refuses anything else (other methods, other shapes).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import fc from 'fast-check';
import { Channel, type NoSide } from '../../src/core/channel';
import { nodePort } from '../../src/core/node-port';
import { type InspectorHostSide, inspectorValidators, parsePanelState } from '../../src/shared/inspector-protocol';
import { TRAINING_VALIDATORS } from '../../src/shared/training-protocol';

const validators = inspectorValidators((id) => id !== 'not-installed') as Record<string, (p: unknown) => unknown>;
const refused = (r: unknown) => typeof r === 'object' && r !== null && typeof (r as { invalid?: unknown }).invalid === 'string';

test('every message the page sends is accepted with only its own fields', () => {
  assert.deepEqual(validators.ready({ extra: 1 }), {});
  assert.deepEqual(validators.setTask({ task: 'language-model', extra: 1 }), { task: 'language-model' });
  assert.deepEqual(validators.setModel({ model: 'sentiment-gru' }), { model: 'sentiment-gru' });
  assert.deepEqual(validators.pin({ pinned: true }), { pinned: true });
  assert.deepEqual(validators.rendered({ tokens: 3, columns: 3 }), { tokens: 3, columns: 3 });
  assert.deepEqual(validators.neighbours({ model: 'lm-gru', id: 12, type: 'x' }), { model: 'lm-gru', id: 12 });
  assert.deepEqual(validators.compare({ anything: 1 }), {});
  assert.deepEqual(validators.export({ format: 'png', dataUrl: 'data:image/png;base64,AAAA' }), { format: 'png', dataUrl: 'data:image/png;base64,AAAA' });
  assert.deepEqual(validators.export({ format: 'csv', dataUrl: 'data:image/png;base64,AAAA' }), { format: 'csv' });
});

test('malformed messages are refused with a reason', () => {
  const bad: Array<[string, unknown]> = [
    ['setTask', { task: 'other' }],
    ['setTask', null],
    ['setModel', { model: '../../etc/passwd' }],
    ['setModel', { model: 'x'.repeat(500) }],
    ['setModel', { model: 'not-installed' }],
    ['pin', { pinned: 'yes' }],
    ['rendered', { tokens: -1, columns: 2 }],
    ['rendered', { tokens: 1.5, columns: 2 }],
    ['export', { format: 'exe' }],
    ['export', { format: 'png', dataUrl: 'javascript:alert(1)' }],
    ['neighbours', { model: 'lm-gru', id: -3 }],
    ['attribution', 7],
  ];
  for (const [method, params] of bad) assert.ok(refused(validators[method](params)), `${method} ${JSON.stringify(params)}`);
});

test('property: any params at all are either refused with a reason or kept as no more than was sent', () => {
  let cases = 0;
  const methods = Object.keys(validators);
  fc.assert(
    fc.property(
      fc.constantFrom(...methods),
      fc.oneof(
        fc.anything(),
        fc.record({
          task: fc.anything(),
          model: fc.anything(),
          pinned: fc.anything(),
          tokens: fc.anything(),
          columns: fc.anything(),
          id: fc.anything(),
          format: fc.anything(),
          dataUrl: fc.anything(),
        }),
      ),
      (method, params) => {
        cases++;
        const r = validators[method](params);
        if (refused(r)) return (r as { invalid: string }).invalid.length > 0;
        return typeof r === 'object' && r !== null && JSON.stringify(r).length <= Math.max(2, JSON.stringify(params ?? {}).length);
      },
    ),
    { numRuns: 3000 },
  );
  console.log(`# protocol property: ${cases} random messages`);
  assert.ok(cases >= 3000);
});

test('the host channel acts only on the protocol: unknown methods and old-style messages are refused, a valid question answered', async () => {
  const { port1, port2 } = new MessageChannel();
  const reasons: string[] = [];
  const host = new Channel<InspectorHostSide, NoSide>(nodePort(port2), { validators: inspectorValidators(), onRefused: (r) => reasons.push(r) });
  host.onRequest('compare', () => []);
  const page = new Channel<NoSide, InspectorHostSide>(nodePort(port1));
  assert.deepEqual(await page.request('compare', {}), []);
  port1.postMessage({ type: 'ask', id: 1, request: { type: 'compare' } });
  port1.postMessage({ kind: 'notification', method: 'deleteEverything', params: {} });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(reasons, ['not a channel message', 'deleteEverything: not a message this side accepts']);
  port1.close();
  port2.close();
});

test('a restored panel state is used only if it is one', () => {
  assert.deepEqual(parsePanelState({ text: 'hi', task: 'sentiment', pinned: false }), { text: 'hi', task: 'sentiment', pinned: false });
  assert.equal(parsePanelState({ text: 1, task: 'sentiment', pinned: false }), undefined);
  assert.equal(parsePanelState(null), undefined);
});

test('the Training view accepts only its two messages from its page, with nothing else kept', () => {
  assert.deepEqual(Object.keys(TRAINING_VALIDATORS).sort(), ['cancel', 'ready']);
  assert.deepEqual(TRAINING_VALIDATORS.cancel({ path: '/' }), {});
  assert.deepEqual(TRAINING_VALIDATORS.ready(42), {});
});

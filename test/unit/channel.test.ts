// The typed channel every boundary uses: answers matched by id, progress, errors as data,
// cancellation both ways, transfer lists, a closed channel failing what waits, and an untrusted
// side held to its validators.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { CANCELLED, Channel, ChannelError, type Method, type NoSide, withTransfer } from '../../src/core/channel';
import { nodePort } from '../../src/core/node-port';

interface Worker {
  requests: {
    square: Method<{ x: number }, number>;
    count: Method<{ to: number }, string, number>;
    fail: Method<{ code: string }, never>;
    slow: Method<{ steps: number }, number>;
    bytes: Method<{ n: number }, Float32Array>;
  };
  notifications: { hello: { name: string } };
}

function pair() {
  const { port1, port2 } = new MessageChannel();
  const client = new Channel<NoSide, Worker>(nodePort(port1));
  const refused: string[] = [];
  let slowSawCancel = false;
  const heard: string[] = [];
  const server = new Channel<Worker, NoSide>(nodePort(port2), { onRefused: (r) => refused.push(r) })
    .onRequest('square', ({ x }) => x * x)
    .onRequest('count', ({ to }, { progress }) => {
      for (let i = 1; i <= to; i++) progress(i);
      return `counted to ${to}`;
    })
    .onRequest('fail', ({ code }) => {
      throw new ChannelError(code, `failed with ${code}`, { line: 7 });
    })
    .onRequest('slow', async ({ steps }, context) => {
      for (let i = 0; i < steps; i++) {
        await new Promise((r) => setTimeout(r, 2));
        if (context.cancelled) {
          slowSawCancel = true;
          return -1;
        }
      }
      return steps;
    })
    .onRequest('bytes', ({ n }) => {
      const a = new Float32Array(n).fill(2);
      return withTransfer(a, [a.buffer as ArrayBuffer]);
    })
    .onNotification('hello', ({ name }) => heard.push(name));
  const close = () => {
    port1.close();
    port2.close();
  };
  return { client, server, refused, heard, slowSawCancel: () => slowSawCancel, close };
}

test('answers come back typed and matched to their requests, in any order', async () => {
  const { client, close } = pair();
  const answers = await Promise.all([client.request('square', { x: 3 }), client.request('slow', { steps: 3 }), client.request('square', { x: -4 })]);
  assert.deepEqual(answers, [9, 3, 16]);
  assert.equal(client.waiting, 0);
  close();
});

test('progress arrives before the answer, in order', async () => {
  const { client, close } = pair();
  const seen: number[] = [];
  const result = await client.request('count', { to: 5 }, { onProgress: (p) => seen.push(p) });
  assert.equal(result, 'counted to 5');
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  close();
});

test('errors cross as a code and values, not a sentence', async () => {
  const { client, close } = pair();
  await assert.rejects(client.request('fail', { code: 'empty-input' }), (e: unknown) => {
    assert.ok(e instanceof ChannelError);
    assert.equal(e.code, 'empty-input');
    assert.deepEqual(e.values, { line: 7 });
    return true;
  });
  close();
});

test('cancelling rejects at once with the cancelled code, and the handler sees it', async () => {
  const { client, slowSawCancel, close } = pair();
  let cancel = () => {};
  const token = { isCancellationRequested: false, onCancellationRequested: (l: () => void) => (cancel = l) };
  const asked = client.request('slow', { steps: 200 }, { token });
  setTimeout(() => {
    token.isCancellationRequested = true;
    cancel();
  }, 10);
  await assert.rejects(asked, (e: unknown) => e instanceof ChannelError && e.code === CANCELLED);
  await new Promise((r) => setTimeout(r, 30));
  assert.ok(slowSawCancel(), 'the handler learned of the cancel');
  const already = { isCancellationRequested: true, onCancellationRequested: () => {} };
  await assert.rejects(client.request('square', { x: 1 }, { token: already }), (e: unknown) => e instanceof ChannelError && e.code === CANCELLED);
  close();
});

test('a transferred answer moves its buffer; a closed channel fails what waits and what is asked after', async () => {
  const { client, close } = pair();
  const a = await client.request('bytes', { n: 4 });
  assert.deepEqual(Array.from(a), [2, 2, 2, 2]);
  const waiting = client.request('slow', { steps: 500 });
  client.close(new Error('the worker stopped'));
  await assert.rejects(waiting, /the worker stopped/);
  await assert.rejects(client.request('square', { x: 2 }), /the worker stopped/);
  close();
});

test('an untrusted side is held to its validators: unknown methods and bad params are refused, with a reason', async () => {
  const { port1, port2 } = new MessageChannel();
  const refused: string[] = [];
  const got: number[] = [];
  interface Page {
    requests: { double: Method<{ n: number }, number> };
    notifications: { seen: { n: number } };
  }
  new Channel<Page, NoSide>(nodePort(port2), {
    onRefused: (r) => refused.push(r),
    validators: {
      double: (p) =>
        typeof p === 'object' && p !== null && Number.isInteger((p as { n: unknown }).n) ? { n: (p as { n: number }).n } : { invalid: 'n is not an integer' },
      seen: (p) => (typeof p === 'object' && p !== null && typeof (p as { n: unknown }).n === 'number' ? { n: (p as { n: number }).n } : { invalid: 'no n' }),
    },
  })
    .onRequest('double', ({ n }) => 2 * n)
    .onNotification('seen', ({ n }) => got.push(n));
  const page = new Channel<NoSide, Page>(nodePort(port1));
  assert.equal(await page.request('double', { n: 21 }), 42);
  await assert.rejects(page.request('double', { n: 'x' as unknown as number }), (e: unknown) => e instanceof ChannelError && e.code === 'refused');
  await assert.rejects(
    (page as unknown as Channel<NoSide, { requests: { evil: Method<unknown, unknown> }; notifications: Record<never, never> }>).request('evil', {}),
    /refused/,
  );
  page.notify('seen', { n: 1 });
  page.notify('seen', { m: 2 } as unknown as { n: number });
  port1.postMessage({ kind: 'request', id: -1, method: 'double' });
  port1.postMessage({ type: 'not the channel’s' });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(got, [1]);
  assert.ok(
    refused.some((r) => r.startsWith('double: n is not an integer')),
    refused.join('; '),
  );
  assert.ok(
    refused.some((r) => r.startsWith('evil:')),
    refused.join('; '),
  );
  assert.ok(
    refused.some((r) => r === 'seen: no n'),
    refused.join('; '),
  );
  assert.ok(
    refused.some((r) => r.startsWith('request: bad id')),
    refused.join('; '),
  );
  assert.ok(refused.includes('not a channel message'), refused.join('; '));
  assert.equal(refused.length, 5);
  port1.close();
  port2.close();
});

test('notifications reach their listener', async () => {
  const { client, heard, close } = pair();
  // the client side calls a notification of the worker's
  (client as unknown as Channel<NoSide, Worker>).notify('hello', { name: 'RNN' });
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(heard, ['RNN']);
  close();
});

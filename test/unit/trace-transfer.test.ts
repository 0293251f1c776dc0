// The inspector's webview gets the trace as float32 matrices; what it rebuilds must be the trace.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadModelDir } from '../../src/core/model/model-bundle';
import { traceJson, traceText } from '../../src/core/trace/trace';
import { packTrace, transferSize, unpackTrace } from '../../src/core/trace/trace-transfer';
import { tinyModelsRoot } from './helpers/tiny-models';

const load = (id: string) => loadModelDir(path.join(tinyModelsRoot(), id));
const TEXT = 'the actors were not good , but the story was great fun';

for (const id of ['tiny-sentiment-gru', 'tiny-lm-lstm']) {
  test(`trace transfer (${id}): after a structured clone (what postMessage does), every step's values come back`, () => {
    const trace = traceText(load(id), TEXT);
    // structuredClone is the browser's postMessage algorithm: typed arrays survive as typed arrays
    const received = unpackTrace(structuredClone(packTrace(trace)));
    assert.deepEqual(received.tokens, trace.tokens);
    assert.deepEqual(received.outputs, trace.outputs);
    assert.equal(received.layers.length, trace.layers.length);
    trace.layers.forEach((layer, l) => {
      const got = received.layers[l];
      assert.deepEqual({ ...got, steps: undefined }, { ...layer, steps: undefined });
      assert.equal(got.steps.length, trace.tokens.length);
      layer.steps.forEach((s, t) => {
        assert.deepEqual(Array.from(got.steps[t].h), Array.from(s.h), `h at token ${t}`);
        assert.deepEqual(s.c && Array.from(got.steps[t].c!), s.c && Array.from(s.c));
        for (const g of layer.gateNames) assert.deepEqual(Array.from(got.steps[t].gates[g]), Array.from(s.gates[g]), `${g} at token ${t}`);
      });
    });
  });
}

test('trace transfer: one matrix per layer and quantity, far smaller than the JSON of the same trace', () => {
  const trace = traceText(load('tiny-lm-lstm'), TEXT.repeat(20));
  const packed = packTrace(trace);
  const layer = packed.layers[0];
  assert.equal(layer.h.length, trace.tokens.length * layer.units);
  assert.deepEqual(Object.keys(layer.gates), trace.layers[0].gateNames);
  assert.ok(layer.c, 'an LSTM sends its cell state');
  const { binaryBytes, jsonBytes } = transferSize(packed);
  const values = trace.layers.reduce((n, l) => n + l.steps.length * l.units * (2 + l.gateNames.length), 0);
  assert.equal(binaryBytes, 4 * values);
  // what still goes as JSON is the trace without its step values (tokens, outputs, layer names)
  const withoutValues = JSON.stringify({ ...trace, layers: trace.layers.map(({ steps: _steps, ...l }) => ({ ...l, gates: {} })) });
  assert.ok(jsonBytes <= withoutValues.length, `${jsonBytes} bytes of JSON, ${withoutValues.length} without the values`);
  assert.ok(binaryBytes + jsonBytes < traceJson(trace).length, `${binaryBytes + jsonBytes} bytes against ${traceJson(trace).length} as JSON`);
});

test('trace JSON (exports, CLI): the float32 views become plain lists of six-decimal numbers', () => {
  const trace = traceText(load('tiny-sentiment-gru'), 'not bad at all');
  const parsed = JSON.parse(traceJson(trace));
  const h = parsed.layers[0].steps[2].h;
  assert.ok(Array.isArray(h));
  assert.equal(h.length, trace.layers[0].units);
  h.forEach((v: number, u: number) => {
    assert.ok(Math.abs(v - trace.layers[0].steps[2].h[u]) <= 5e-7);
    assert.ok(Math.abs(v * 1e6 - Math.round(v * 1e6)) < 1e-6, `${v} has six decimals at most`);
  });
});

test('a packed trace split into an outline and parts comes back whole, part by part', async () => {
  const { splitTrace, fillTrace } = await import('../../src/core/trace/trace-transfer');
  const { trainTinySentiment } = await import('./helpers/tiny-models');
  const { traceText } = await import('../../src/core/trace/trace');
  const s = trainTinySentiment('lstm', true);
  const trace = traceText(
    { model: s.model, vocabulary: s.vocabulary, card: { id: 't', task: 'sentiment', cell: 'LSTM', bidirectional: true } } as never,
    'a great movie , not bad',
  );
  const packed = packTrace(trace);
  const { outline, parts } = splitTrace(packed);
  assert.ok(outline.layers.every((l) => l.h.length === 0 && Object.values(l.gates).every((g) => g.length === 0)));
  assert.equal(
    parts.length,
    packed.layers.reduce((n, l) => n + 1 + (l.c ? 1 : 0) + Object.keys(l.gates).length, 0),
  );
  for (const p of parts) fillTrace(outline, p);
  assert.deepEqual(outline, packed);
  assert.throws(() => fillTrace(outline, { layer: 9, quantity: 'h', data: new Float32Array(0) }), /layer 9/);
  assert.throws(() => fillTrace(outline, { layer: 0, quantity: 'nope', data: new Float32Array(0) }), /unknown quantity nope/);
});

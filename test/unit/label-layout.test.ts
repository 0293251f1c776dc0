// The Embeddings plot's word labels: none overlaps another, none runs off the plot, the text's own
// words are placed first, and a crowded corner drops labels rather than piling them up.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { labelWidth, placeLabels } from '../../src/webview/label-layout';

const box = (l: { x: number; y: number; anchor: 'start' | 'end' }, word: string) => {
  const width = labelWidth(word);
  return { x: l.anchor === 'start' ? l.x : l.x - width, y: l.y - 11, width, height: 11 };
};

test('labels never overlap and stay inside the plot, whatever the points', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          cx: fc.double({ min: 10, max: 630, noNaN: true }),
          cy: fc.double({ min: 10, max: 410, noNaN: true }),
          word: fc.string({ minLength: 1, maxLength: 12 }),
        }),
        {
          maxLength: 120,
        },
      ),
      (points) => {
        const placed = placeLabels(points, [...points.keys()], 640, 420);
        const boxes = placed.map((l) => box(l, points[l.index].word));
        for (const b of boxes) assert.ok(b.x >= -1e-9 && b.y >= -1e-9 && b.x + b.width <= 640 + 1e-9 && b.y + b.height <= 420 + 1e-9, JSON.stringify(b));
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const [a, b] = [boxes[i], boxes[j]];
            assert.ok(!(a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height), 'two labels overlap');
          }
      },
    ),
  );
});

test('a word at the right edge is written to the left of its dot; in a crowd, the first in order wins', () => {
  const [edge] = placeLabels([{ cx: 635, cy: 200, word: 'government' }], [0], 640, 420);
  assert.equal(edge.anchor, 'end');
  // ten dots on one spot: four places around it, so at most four labels, the first ones in order
  const crowd = Array.from({ length: 10 }, (_, i) => ({ cx: 300, cy: 200, word: `w${i}` }));
  const placed = placeLabels(crowd, [9, 8, 7, 6, 5, 4, 3, 2, 1, 0], 640, 420);
  assert.ok(placed.length <= 4);
  assert.equal(placed[0].index, 9);
  // Hangul is wider
  assert.equal(labelWidth('영화'), 2 * labelWidth('ab'));
});

// Word labels on a scatter plot that neither overlap nor run off its edges: each label, in order
// of importance, takes the first of four places around its dot (right above, right below, left
// above, left below) that stays inside the plot and clear of the labels placed before it; a label
// with no free place is left out (its dot keeps the word as a tooltip). Written by hand: a
// force-directed placer from npm would be larger than the plot it serves.

export interface LabelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedLabel {
  /** index of the point in the input */
  index: number;
  /** where the text starts (SVG text: x at its start, y at its baseline) */
  x: number;
  y: number;
  anchor: 'start' | 'end';
}

/** Approximate width of a word at the plot's label size: Hangul and other wide letters count double. */
export function labelWidth(word: string, charWidth = 6.2): number {
  let w = 0;
  for (const ch of word) w += /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7A3\u3040-\u30FF\u4E00-\u9FFF]/.test(ch) ? 2 * charWidth : charWidth;
  return w;
}

const overlaps = (a: LabelBox, b: LabelBox) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Places labels for dots at (cx, cy) in a W×H plot, most important first (`order`: indices into
 * `points`); returns the ones that fit, each with where its text goes.
 */
export function placeLabels(
  points: ReadonlyArray<{ cx: number; cy: number; word: string }>,
  order: readonly number[],
  W: number,
  H: number,
  height = 11,
  gap = 3,
): PlacedLabel[] {
  const placed: LabelBox[] = [];
  const out: PlacedLabel[] = [];
  for (const i of order) {
    const { cx, cy, word } = points[i];
    const width = labelWidth(word);
    const candidates: Array<{ box: LabelBox; label: PlacedLabel }> = [
      { box: { x: cx + gap, y: cy - gap - height, width, height }, label: { index: i, x: cx + gap, y: cy - gap, anchor: 'start' } },
      { box: { x: cx + gap, y: cy + gap, width, height }, label: { index: i, x: cx + gap, y: cy + gap + height, anchor: 'start' } },
      { box: { x: cx - gap - width, y: cy - gap - height, width, height }, label: { index: i, x: cx - gap, y: cy - gap, anchor: 'end' } },
      { box: { x: cx - gap - width, y: cy + gap, width, height }, label: { index: i, x: cx - gap, y: cy + gap + height, anchor: 'end' } },
    ];
    const free = candidates.find(
      ({ box }) => box.x >= 0 && box.y >= 0 && box.x + box.width <= W && box.y + box.height <= H && !placed.some((p) => overlaps(p, box)),
    );
    if (!free) continue;
    placed.push(free.box);
    out.push(free.label);
  }
  return out;
}

// Small DOM and colour helpers for the inspector. User text only enters through text nodes.

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { className?: string } = {},
  children: Array<Node | string> = [],
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  children: Array<Node | string> = [],
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

/** A theme colour (a --vscode-* variable) as RGB, read through the browser's own parser. */
export function themeColor(variable: string, fallback: string): [number, number, number] {
  const probe = el('span');
  probe.style.color = `var(${variable}, ${fallback})`;
  document.body.append(probe);
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(probe).color);
  probe.remove();
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [128, 128, 128];
}

function mix(a: number[], b: number[], f: number): string {
  return `rgb(${a.map((x, i) => Math.round(x + (b[i] - x) * f)).join(',')})`;
}

/** A two-sided scale: lo -> one theme colour, centre -> the editor background, hi -> another. */
function twoSidedScale(lo: number, centre: number, hi: number, low: [string, string], high: [string, string]): (v: number) => string {
  const [l, h] = [themeColor(...low), themeColor(...high)];
  const mid = themeColor('--vscode-editor-background', '#1e1e1e');
  return (v: number) =>
    v >= centre ? mix(mid, h, Math.min(1, (v - centre) / (hi - centre || 1))) : mix(mid, l, Math.min(1, (centre - v) / (centre - lo || 1)));
}

/** Diverging scale for a network's values: lo -> blue, centre -> editor background, hi -> red. */
export function divergingScale(lo: number, centre: number, hi: number): (v: number) => string {
  return twoSidedScale(lo, centre, hi, ['--vscode-charts-blue', '#3794ff'], ['--vscode-charts-red', '#f14c4c']);
}

/**
 * The sentiment convention used everywhere in RNN Lens (editor decorations, inspector, Compare
 * view): lo (negative) -> red, centre -> editor background, hi (positive) -> green.
 */
export function sentimentScale(lo: number, centre: number, hi: number): (v: number) => string {
  return twoSidedScale(lo, centre, hi, ['--vscode-charts-red', '#f14c4c'], ['--vscode-charts-green', '#89d185']);
}

/** Sequential scale: 0 -> background, max -> the theme's orange. */
export function sequentialScale(max: number): (v: number) => string {
  const high = themeColor('--vscode-charts-orange', '#d18616');
  const mid = themeColor('--vscode-editor-background', '#1e1e1e');
  return (v: number) => mix(mid, high, Math.min(1, Math.max(0, v / (max || 1))));
}

export function legend(lo: number, hi: number, color: (v: number) => string, label: string): HTMLElement {
  const bar = el('canvas', { width: 200, height: 10 });
  const ctx = bar.getContext('2d')!;
  for (let x = 0; x < 200; x++) {
    ctx.fillStyle = color(lo + ((hi - lo) * x) / 199);
    ctx.fillRect(x, 0, 1, 10);
  }
  // enough digits that the two ends differ: an occlusion range of ±0.003 is not "-0.00 … 0.00"
  const digits = Math.min(6, Math.max(2, Math.ceil(-Math.log10(Math.max(hi - lo, 1e-12))) + 1));
  return el('div', { className: 'legend' }, [
    el('span', { textContent: lo.toFixed(digits) }),
    bar,
    el('span', { textContent: hi.toFixed(digits) }),
    el('span', { className: 'legend-label', textContent: ' ' + label }),
  ]);
}

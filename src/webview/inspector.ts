// The inspector's webview: a heatmap of tokens (columns) by units (rows) for the hidden state,
// the LSTM cell state or a gate, per direction of a bidirectional layer; the model's output
// after each token underneath. User text only ever enters the page through textContent.

import type { LayerTrace, ModelTrace, StepTrace } from '../core/trace';

interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: unknown): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface PanelState {
  text: string;
  task: 'sentiment' | 'language-model';
  model?: string;
  pinned: boolean;
}

interface ModelChoice {
  id: string;
  cell: string;
  bidirectional: boolean;
}

type Message =
  | { type: 'trace'; trace: ModelTrace; models: ModelChoice[]; model: string; state: PanelState; notes: string[] }
  | { type: 'error'; message: string; state: PanelState; models?: ModelChoice[]; model?: string }
  | { type: 'state'; state: PanelState };

const vscode = acquireVsCodeApi();
const CELL_W = 40;
const CELL_H = 5;

const app = document.getElementById('app')!;
let view = { quantity: 'h', direction: 'forward' as 'forward' | 'backward' };
let current: { trace: ModelTrace; models: ModelChoice[]; model: string; state: PanelState; notes: string[] } | null = null;
let focus = { t: 0, u: 0 };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { className?: string } = {}, children: Array<Node | string> = []): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}

// ---- colours from the theme -------------------------------------------------------------
function themeColor(variable: string, fallback: string): [number, number, number] {
  const probe = el('span');
  probe.style.color = `var(${variable}, ${fallback})`;
  document.body.append(probe);
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(probe).color);
  probe.remove();
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [128, 128, 128];
}

function palette() {
  return {
    low: themeColor('--vscode-charts-blue', '#3794ff'),
    high: themeColor('--vscode-charts-red', '#f14c4c'),
    mid: themeColor('--vscode-editor-background', '#1e1e1e'),
  };
}

function mix(a: number[], b: number[], f: number): string {
  return `rgb(${a.map((x, i) => Math.round(x + (b[i] - x) * f)).join(',')})`;
}

/** Diverging scale: lo -> blue, centre -> background, hi -> red. */
function scale(lo: number, centre: number, hi: number) {
  const p = palette();
  return (v: number) => (v >= centre ? mix(p.mid, p.high, Math.min(1, (v - centre) / (hi - centre || 1))) : mix(p.mid, p.low, Math.min(1, (centre - v) / (centre - lo || 1))));
}

// ---- what to draw -----------------------------------------------------------------------
function quantities(layer: LayerTrace): Array<[key: string, label: string]> {
  const q: Array<[string, string]> = [['h', 'hidden state h']];
  if (layer.steps[0]?.c) q.push(['c', 'cell state c']);
  for (const g of layer.gateNames) q.push([`gate:${g}`, `${g} ${g === 'candidate' ? 'values' : 'gate'}`]);
  return q;
}

function values(step: StepTrace, quantity: string): number[] {
  if (quantity === 'h') return step.h;
  if (quantity === 'c') return step.c ?? [];
  return step.gates[quantity.slice(5)] ?? [];
}

function range(layer: LayerTrace, quantity: string): { lo: number; centre: number; hi: number } {
  if (quantity.startsWith('gate:') && quantity !== 'gate:candidate') return { lo: 0, centre: 0.5, hi: 1 };
  if (quantity === 'c') {
    const m = Math.max(1e-6, ...layer.steps.flatMap((s) => (s.c ?? []).map(Math.abs)));
    return { lo: -m, centre: 0, hi: m };
  }
  return { lo: -1, centre: 0, hi: 1 };
}

// ---- rendering ----------------------------------------------------------------------------
function select(label: string, options: Array<[string, string]>, value: string, onChange: (v: string) => void, id: string): HTMLElement {
  const s = el('select', { id });
  for (const [v, text] of options) s.append(el('option', { value: v, textContent: text, selected: v === value }));
  s.addEventListener('change', () => onChange(s.value));
  return el('label', { className: 'control' }, [label + ' ', s]);
}

function render(): void {
  app.replaceChildren();
  if (!current) {
    app.append(el('p', { className: 'empty', textContent: 'Waiting for a trace…' }));
    return;
  }
  const { trace, models, model, state, notes } = current;
  const layers = trace.layers.filter((l) => l.direction === view.direction);
  const layer = layers[layers.length - 1] ?? trace.layers[trace.layers.length - 1];
  if (layer && !quantities(layer).some(([k]) => k === view.quantity)) view.quantity = 'h';

  const controls = el('header', { className: 'controls' });
  controls.append(
    select('Task', [['sentiment', 'Sentiment'], ['language-model', 'Language model']], state.task, (task) => vscode.postMessage({ type: 'setTask', task }), 'task'),
    select('Model', models.map((m) => [m.id, m.id]), model, (m) => vscode.postMessage({ type: 'setModel', model: m }), 'model'),
  );
  if (layer) controls.append(select('Show', quantities(layer), view.quantity, (q) => ((view.quantity = q), render()), 'quantity'));
  if (trace.bidirectional) {
    controls.append(select('Direction', [['forward', 'forward (left to right)'], ['backward', 'backward (right to left)']], view.direction, (d) => ((view.direction = d as 'forward'), render()), 'direction'));
  }
  const pin = el('input', { type: 'checkbox', id: 'pin', checked: state.pinned });
  pin.addEventListener('change', () => vscode.postMessage({ type: 'pin', pinned: pin.checked }));
  controls.append(el('label', { className: 'control' }, [pin, ' Pin (stop following the selection)']));
  app.append(controls);

  const summary = el('p', { className: 'summary' });
  summary.append(`${trace.model} · ${trace.bidirectional ? 'bidirectional ' : ''}${trace.cell} · ${trace.tokens.length} tokens`);
  if (typeof trace.positive === 'number') summary.append(` · overall ${trace.positive >= 0.5 ? 'positive' : 'negative'} (positive probability ${trace.positive.toFixed(3)})`);
  app.append(summary);
  for (const n of notes) app.append(el('p', { className: 'note', textContent: n }));
  if (!layer || trace.tokens.length === 0) return;

  const T = trace.tokens.length;
  const U = layer.units;
  const r = range(layer, view.quantity);
  const color = scale(r.lo, r.centre, r.hi);
  const grid = el('div', { className: 'grid' });
  grid.style.setProperty('--columns', String(T));

  const tokenRow = el('div', { className: 'tokens', role: 'row' });
  trace.tokens.forEach((t, i) => {
    const cell = el('div', { className: `token${t.known ? '' : ' unknown'}`, textContent: t.text, title: `${t.text} → ${t.known ? t.norm : '<unk>'} (id ${t.id})` });
    cell.dataset.index = String(i);
    cell.setAttribute('role', 'columnheader');
    tokenRow.append(cell);
  });

  const canvas = el('canvas', { className: 'heatmap', width: T * CELL_W, height: U * CELL_H, tabIndex: 0 });
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${quantities(layer).find(([k]) => k === view.quantity)?.[1]}: ${U} units by ${T} tokens. Use the arrow keys to read values.`);
  const ctx = canvas.getContext('2d')!;
  for (let t = 0; t < T; t++) {
    const v = values(layer.steps[t], view.quantity);
    for (let u = 0; u < U; u++) {
      ctx.fillStyle = color(v[u] ?? 0);
      ctx.fillRect(t * CELL_W, u * CELL_H, CELL_W - 1, CELL_H);
    }
  }
  const tooltip = el('div', { className: 'tooltip', role: 'status' });
  const live = el('div', { className: 'sr-only', ariaLive: 'polite' });
  const describe = (t: number, u: number) => {
    const v = values(layer.steps[t], view.quantity)[u];
    const name = quantities(layer).find(([k]) => k === view.quantity)?.[1] ?? view.quantity;
    return `“${trace.tokens[t].text}” (token ${t + 1}) · unit ${u} · ${name} = ${v?.toFixed(6)}`;
  };
  canvas.addEventListener('mousemove', (e) => {
    const rect = canvas.getBoundingClientRect();
    const t = Math.floor(((e.clientX - rect.left) / rect.width) * T);
    const u = Math.floor(((e.clientY - rect.top) / rect.height) * U);
    if (t < 0 || t >= T || u < 0 || u >= U) return;
    tooltip.textContent = describe(t, u);
    tooltip.style.left = `${e.clientX + 12}px`;
    tooltip.style.top = `${e.clientY + 12}px`;
    tooltip.classList.add('visible');
  });
  canvas.addEventListener('mouseleave', () => tooltip.classList.remove('visible'));
  canvas.addEventListener('keydown', (e) => {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    focus = { t: Math.max(0, Math.min(T - 1, focus.t + m[0])), u: Math.max(0, Math.min(U - 1, focus.u + m[1])) };
    live.textContent = describe(focus.t, focus.u);
  });

  const legend = el('div', { className: 'legend' });
  const bar = el('canvas', { width: 200, height: 10 });
  const bctx = bar.getContext('2d')!;
  for (let x = 0; x < 200; x++) {
    bctx.fillStyle = color(r.lo + ((r.hi - r.lo) * x) / 199);
    bctx.fillRect(x, 0, 1, 10);
  }
  legend.append(el('span', { textContent: r.lo.toFixed(2) }), bar, el('span', { textContent: r.hi.toFixed(2) }), el('span', { className: 'legend-label', textContent: ` ${layer.direction} ${layer.cell} layer "${layer.layer}", ${U} units` }));

  const outputs = el('div', { className: 'outputs', role: 'row' });
  trace.outputs.forEach((o, i) => {
    const cell = el('div', { className: 'output' });
    cell.dataset.index = String(i);
    if (typeof o.positive === 'number') {
      const b = el('div', { className: 'bar' });
      b.style.height = `${Math.round(o.positive * 40)}px`;
      b.style.background = scale(0, 0.5, 1)(o.positive);
      cell.append(b, el('span', { textContent: o.positive.toFixed(2) }));
      cell.title = `positive probability after “${trace.tokens[i].text}”: ${o.positive.toFixed(4)}`;
    } else if (o.next) {
      for (const p of o.next) cell.append(el('div', { className: 'next', textContent: `${p.word} ${(p.p * 100).toFixed(0)}%`, title: `${p.word}: ${p.p.toFixed(4)}` }));
    }
    outputs.append(cell);
  });
  const outputLabel = el('p', { className: 'axis', textContent: trace.task === 'sentiment' ? 'Positive probability after each token' : 'Top 5 next-word predictions after each token' });

  grid.append(tokenRow, canvas, outputLabel, outputs);
  app.append(el('div', { className: 'scroll' }, [grid]), legend, tooltip, live);
  vscode.postMessage({ type: 'rendered', tokens: T, columns: tokenRow.childElementCount });
}

window.addEventListener('message', (event: MessageEvent<Message>) => {
  const m = event.data;
  if (m.type === 'trace') {
    current = { trace: m.trace, models: m.models, model: m.model, state: m.state, notes: m.notes };
    vscode.setState(m.state);
    render();
  } else if (m.type === 'error') {
    vscode.setState(m.state);
    current = null;
    app.replaceChildren(el('p', { className: 'error', textContent: `RNN Lens: ${m.message}` }));
  } else if (m.type === 'state' && current) {
    current.state = m.state;
    vscode.setState(m.state);
  }
});

render();
vscode.postMessage({ type: 'ready' });

// The inspector's webview. Heatmap: tokens (columns) by units (rows) for the hidden state, the
// LSTM cell state or a gate, per direction of a bidirectional layer; units can be ordered by
// variance, correlation with the output, or an LSTMVis-style selection; clicking a row plots
// that unit over the text. Other tabs: what drove the decision, models side by side, gate
// saturation, embeddings, and a table for screen readers. Exports: PNG, CSV, JSON.
// User text only ever enters the page through text nodes.

import { gateLabel, t } from './l10n';
import { explanation } from './explanations';
import type { Quantity } from '../core/trace/trace-stats';
import { selectUnits, stepValues, unitStats } from '../core/trace/trace-stats';
import type { LayerTrace, ModelTrace } from '../core/trace/trace-types';
import { fillTrace, unpackTrace } from '../core/trace/trace-transfer';
import { Channel } from '../core/channel';
import type { InspectorHostSide, InspectorPageSide, ModelChoice, PanelState, TraceMessage } from '../shared/inspector-protocol';
import { pagePort } from './page-port';
import { divergingScale, el, legend, sentimentScale, svg } from './dom';
import { Attribution, attributionView, CompareRow, compareView, embeddingView, OcclusionState, saturationView, tableView } from './views';

interface VsCodeApi {
  postMessage(message: unknown): void;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type Tab = 'heatmap' | 'why' | 'compare' | 'gates' | 'embeddings' | 'table';
type Order = 'index' | 'variance' | 'correlation' | 'selection';

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;

let current: { trace: ModelTrace; models: ModelChoice[]; model: string; state: PanelState; notes: string[] } | null = null;
const ui = {
  tab: 'heatmap' as Tab,
  quantity: 'h' as Quantity,
  direction: 'forward' as 'forward' | 'backward',
  /** which recurrent layer of a stacked model (its name); null: the top one */
  layer: null as string | null,
  order: 'index' as Order,
  range: null as [number, number] | null,
  threshold: 0.5,
  unit: null as number | null,
  focus: { t: 0, u: 0 },
  /** 'readable': the first READABLE_ROWS units of the order, tall and numbered; 'all': every unit, 5 px a row */
  rows: 'readable' as 'readable' | 'all',
  page: 0,
};
// answers from the extension host, per trace
let cache: {
  attribution?: Attribution;
  occlusion?: OcclusionState;
  compare?: CompareRow[];
  pca?: Array<{ word: string; x: number; y: number }>;
  neighbours?: { word: string; neighbours: Array<{ word: string; cosine: number }> };
} = {};

// ---- the extension host, through the channel: questions typed by the shared protocol -----------
const host = new Channel<InspectorPageSide, InspectorHostSide>(pagePort(vscode));

function status(text: string, error = false): void {
  const s = document.getElementById('status');
  if (s) {
    s.textContent = text;
    s.className = error ? 'status error' : 'status';
  }
}

// ---- what to draw -----------------------------------------------------------------------
function quantities(layer: LayerTrace): Array<[Quantity, string]> {
  const q: Array<[Quantity, string]> = [['h', t('hidden state h')]];
  if (layer.steps[0]?.c) q.push(['c', t('cell state c')]);
  for (const g of layer.gateNames) q.push([`gate:${g}`, g === 'candidate' ? t('candidate values') : gateLabel(g)]);
  return q;
}

function range(layer: LayerTrace, quantity: Quantity): { lo: number; centre: number; hi: number } {
  if (quantity.startsWith('gate:') && quantity !== 'gate:candidate') return { lo: 0, centre: 0.5, hi: 1 };
  if (quantity === 'c') {
    let m = 1e-6;
    for (const s of layer.steps) for (const v of s.c ?? []) m = Math.max(m, Math.abs(v));
    return { lo: -m, centre: 0, hi: m };
  }
  return { lo: -1, centre: 0, hi: 1 };
}

function currentLayer(trace: ModelTrace): LayerTrace | undefined {
  const of = trace.layers.filter((l) => l.direction === ui.direction);
  return of.find((l) => l.layer === ui.layer) ?? of[of.length - 1] ?? trace.layers[trace.layers.length - 1];
}

/** Units in display order, and how many lead the order as matches of the selection. */
function unitOrder(trace: ModelTrace, layer: LayerTrace): { units: number[]; matched: number } {
  const all = Array.from({ length: layer.units }, (_, u) => u);
  if (ui.order === 'index') return { units: all, matched: 0 };
  if (ui.order === 'selection') {
    if (!ui.range) return { units: all, matched: 0 };
    const picked = selectUnits(layer, ui.quantity, ui.range[0], ui.range[1], ui.threshold).map((p) => p.unit);
    const rest = all.filter((u) => !picked.includes(u));
    return { units: [...picked, ...rest], matched: picked.length };
  }
  const stats = unitStats(
    layer,
    ui.quantity,
    trace.outputs.map((o) => o.positive),
  );
  const key = ui.order === 'variance' ? (u: number) => stats[u].variance : (u: number) => Math.abs(stats[u].correlation);
  return { units: all.sort((a, b) => key(b) - key(a)), matched: 0 };
}

function select(label: string, options: Array<[string, string]>, value: string, onChange: (v: string) => void, id: string): HTMLElement {
  const s = el('select', { id });
  for (const [v, text] of options) s.append(el('option', { value: v, textContent: text, selected: v === value }));
  s.addEventListener('change', () => onChange(s.value));
  return el('label', { className: 'control' }, [label + ' ', s]);
}

function button(text: string, onClick: () => void, title = '', id = ''): HTMLButtonElement {
  const b = el('button', { textContent: text, title, ...(id ? { id } : {}) });
  b.addEventListener('click', onClick);
  return b;
}

// ---- the heatmap --------------------------------------------------------------------------
function cellWidth(T: number): number {
  return T <= 150 ? 40 : T <= 600 ? 16 : 8;
}

/** Units shown when the heatmap is folded to readable rows (the first of the current order). */
const READABLE_ROWS = 32;

function heatmap(trace: ModelTrace, layer: LayerTrace): HTMLElement {
  const T = trace.tokens.length;
  const W = cellWidth(T);
  const ordered = unitOrder(trace, layer);
  // 128 rows of 5 px cannot be read: folded, the first 32 of the order (by variance, by the
  // output, by the selection) are 12 px tall and numbered; "all units" shows every row
  const folded = ui.rows === 'readable' && ordered.units.length > READABLE_ROWS;
  const units = folded ? ordered.units.slice(0, READABLE_ROWS) : ordered.units;
  const matched = Math.min(ordered.matched, units.length);
  const H = ui.rows === 'readable' ? 12 : 5;
  const r = range(layer, ui.quantity);
  const color = divergingScale(r.lo, r.centre, r.hi);
  const name = quantities(layer).find(([k]) => k === ui.quantity)?.[1] ?? ui.quantity;

  const grid = el('div', { className: 'grid' });
  grid.style.setProperty('--columns', String(T));
  grid.style.setProperty('--cell', `${W}px`);
  const labelEvery = Math.ceil(40 / W);
  const tokenRow = el('div', { className: 'tokens', role: 'row' });
  trace.tokens.forEach((tok, i) => {
    const inRange = ui.range && i >= ui.range[0] && i <= ui.range[1];
    const cell = el('div', {
      className: `token${tok.endOfSentence ? ' eos' : tok.known ? '' : ' unknown'}${inRange ? ' in-range' : ''}`,
      textContent: i % labelEvery === 0 ? tok.text : '',
      title: tok.endOfSentence
        ? t('<eos> (id {0}): not in the text. The model was trained with this mark between sentences, so it reads one here, as the ghost text does.', tok.id)
        : `${tok.text} → ${tok.known ? tok.norm : '<unk>'} (id ${tok.id}). Click: select from here; shift-click: select to here.`,
    });
    cell.dataset.index = String(i);
    cell.setAttribute('role', 'columnheader');
    cell.addEventListener('click', (e) => {
      ui.range = e.shiftKey && ui.range ? [Math.min(ui.range[0], i), Math.max(ui.range[0], i)] : [i, i];
      if (ui.order !== 'selection') ui.order = 'selection';
      render();
    });
    tokenRow.append(cell);
  });

  const canvas = el('canvas', { className: 'heatmap', id: 'heatmap-canvas', width: T * W, height: units.length * H, tabIndex: 0 });
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', t('{0}: {1} units by {2} tokens. Arrow keys read values; Enter plots the unit.', name, layer.units, T));
  const ctx = canvas.getContext('2d')!;
  for (let t = 0; t < T; t++) {
    const v = stepValues(layer, ui.quantity, t);
    units.forEach((u, row) => {
      ctx.fillStyle = color(v[u] ?? 0);
      ctx.fillRect(t * W, row * H, W - (W > 8 ? 1 : 0), H);
    });
  }
  if (matched > 0) {
    ctx.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-focusBorder') || '#007fd4';
    ctx.fillRect(0, matched * H - 1, T * W, 2);
  }
  if (ui.unit !== null) {
    const row = units.indexOf(ui.unit);
    ctx.strokeStyle = getComputedStyle(document.body).getPropertyValue('--vscode-focusBorder') || '#007fd4';
    ctx.strokeRect(0.5, row * H - 0.5, T * W - 1, H + 1);
  }
  const tooltip = el('div', { className: 'tooltip', role: 'status' });
  const live = el('div', { className: 'sr-only', ariaLive: 'polite' });
  const describe = (t: number, row: number) => {
    const u = units[row];
    return `“${trace.tokens[t].text}” (token ${t + 1}) · unit ${u} · ${name} = ${stepValues(layer, ui.quantity, t)[u]?.toFixed(6)}`;
  };
  const at = (e: MouseEvent) => {
    const rect = canvas.getBoundingClientRect();
    return { t: Math.floor(((e.clientX - rect.left) / rect.width) * T), row: Math.floor(((e.clientY - rect.top) / rect.height) * units.length) };
  };
  canvas.addEventListener('mousemove', (e) => {
    const { t, row } = at(e);
    if (t < 0 || t >= T || row < 0 || row >= units.length) return;
    tooltip.textContent = describe(t, row);
    tooltip.style.left = `${Math.min(e.clientX + 12, window.innerWidth - 320)}px`;
    tooltip.style.top = `${e.clientY + 12}px`;
    tooltip.classList.add('visible');
  });
  canvas.addEventListener('mouseleave', () => tooltip.classList.remove('visible'));
  canvas.addEventListener('click', (e) => {
    const { row } = at(e);
    ui.unit = units[row] ?? null;
    render();
  });
  canvas.addEventListener('keydown', (e) => {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (e.key === 'Enter') {
      ui.unit = units[ui.focus.u];
      render();
      return;
    }
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    ui.focus = { t: Math.max(0, Math.min(T - 1, ui.focus.t + m[0])), u: Math.max(0, Math.min(units.length - 1, ui.focus.u + m[1])) };
    live.textContent = describe(ui.focus.t, ui.focus.u);
  });

  const outputs = el('div', { className: 'outputs', role: 'row' });
  const probability = sentimentScale(0, 0.5, 1);
  trace.outputs.forEach((o, i) => {
    const cell = el('div', { className: 'output' });
    cell.dataset.index = String(i);
    if (typeof o.positive === 'number') {
      const b = el('div', { className: 'bar' });
      b.style.height = `${Math.round(o.positive * 40)}px`;
      b.style.background = probability(o.positive);
      cell.append(b);
      if (W >= 40) cell.append(el('span', { textContent: o.positive.toFixed(2) }));
      cell.title = `positive probability after “${trace.tokens[i].text}”: ${o.positive.toFixed(4)}`;
    } else if (o.next && W >= 40) {
      for (const p of o.next)
        cell.append(el('div', { className: 'next', textContent: `${p.word} ${(p.p * 100).toFixed(0)}%`, title: `${p.word}: ${p.p.toFixed(4)}` }));
    }
    outputs.append(cell);
  });
  const outputLabel = el('p', {
    className: 'axis',
    textContent: trace.task === 'sentiment' ? t('Positive probability after each token') : t('Top 5 next-word predictions after each token'),
  });
  // each row's unit number beside it, where the rows are tall enough to read
  const rows = el('div', { className: 'rows' });
  if (H >= 12) {
    grid.classList.add('labelled');
    rows.append(
      el(
        'div',
        { className: 'unit-labels', ariaHidden: 'true' },
        units.map((u) => el('span', { textContent: `u${u}` })),
      ),
    );
  }
  rows.append(canvas);
  grid.append(tokenRow, rows, outputLabel, outputs);

  const orderControls = el('div', { className: 'controls secondary' }, [
    select(
      t('Order units by'),
      [
        ['index', t('unit number')],
        ['variance', t('variance over the text')],
        ['correlation', t('|correlation| with the output')],
        ['selection', t('selection (LSTMVis)')],
      ],
      ui.order,
      (o) => ((ui.order = o as Order), render()),
      'order',
    ),
  ]);
  if (ordered.units.length > READABLE_ROWS)
    orderControls.append(
      select(
        t('Rows'),
        [
          ['readable', t('the first {0} units, readable', READABLE_ROWS)],
          ['all', t('all {0} units', ordered.units.length)],
        ],
        ui.rows,
        (r) => ((ui.rows = r === 'all' ? 'all' : 'readable'), render()),
        'rows',
      ),
    );
  if (ui.order === 'selection') {
    const th = el('input', { type: 'number', step: '0.05', value: String(ui.threshold), id: 'threshold' });
    th.addEventListener('change', () => ((ui.threshold = Number(th.value)), render()));
    orderControls.append(
      el('label', { className: 'control' }, ['threshold ', th]),
      el('span', {
        className: 'hint',
        textContent: ui.range
          ? `${ordered.matched} units ≥ ${ui.threshold} on tokens ${ui.range[0] + 1}–${ui.range[1] + 1} (listed first, above the line)`
          : t('click a token, shift-click another, to select a range'),
      }),
    );
  }
  const parts: Node[] = [
    orderControls,
    el('div', { className: 'scroll' }, [grid]),
    legend(
      r.lo,
      r.hi,
      color,
      layer.direction === 'backward'
        ? t('backward {0} layer “{1}”, {2} units', layer.cell, layer.layer, layer.units)
        : t('forward {0} layer “{1}”, {2} units', layer.cell, layer.layer, layer.units),
    ),
  ];
  if (ui.unit !== null) parts.push(unitLine(trace, layer, ui.unit, color));
  parts.push(tooltip, live);
  return el('section', { className: 'view' }, parts);
}

/** One unit over the text: tokens coloured by its value, and a line. */
function unitLine(trace: ModelTrace, layer: LayerTrace, unit: number, color: (v: number) => string): HTMLElement {
  const values = trace.tokens.map((_, t) => stepValues(layer, ui.quantity, t)[unit]);
  const strip = el('div', { className: 'strip' });
  trace.tokens.forEach((t, i) => {
    const chip = el('span', { className: 'chip', textContent: t.text, title: `${t.text}: ${values[i].toFixed(4)}` });
    chip.style.background = color(values[i]);
    strip.append(chip);
  });
  const W = Math.max(300, Math.min(1200, trace.tokens.length * 24)),
    H = 80;
  const r = range(layer, ui.quantity);
  const points = values
    .map((v, i) => `${(i / Math.max(1, values.length - 1)) * (W - 10) + 5},${H - 5 - ((v - r.lo) / (r.hi - r.lo || 1)) * (H - 10)}`)
    .join(' ');
  const plot = svg('svg', { width: W, height: H, role: 'img', 'aria-label': t('unit {0} over the text', unit) }, [
    svg('rect', { x: 0, y: 0, width: W, height: H, class: 'plot-frame' }),
    svg('polyline', { points, class: 'line' }),
  ]);
  return el('section', { className: 'unit-line' }, [
    el('h3', { textContent: `Unit ${unit}: ${quantities(layer).find(([k]) => k === ui.quantity)?.[1]} over the text` }),
    strip,
    plot,
  ]);
}

// ---- the page -------------------------------------------------------------------------------
/**
 * Draws the page for the current trace and controls. The page is rebuilt, so the focused
 * control (every control has an id) and the heatmap's scroll position are put back: a keyboard
 * user changing a select or a tab stays where they were.
 */
function render(): void {
  const focused = document.activeElement instanceof HTMLElement && document.activeElement.id ? document.activeElement.id : null;
  const scroll = app.querySelector('.scroll');
  const scrolled = scroll ? { left: scroll.scrollLeft, top: scroll.scrollTop } : null;
  draw();
  if (focused) document.getElementById(focused)?.focus();
  const again = app.querySelector('.scroll');
  if (again && scrolled) {
    again.scrollLeft = scrolled.left;
    again.scrollTop = scrolled.top;
  }
}

function draw(): void {
  app.replaceChildren();
  if (!current) {
    app.append(el('p', { className: 'empty', textContent: 'Waiting for a trace…' }));
    return;
  }
  const { trace, models, model, state, notes } = current;
  const layer = currentLayer(trace);
  if (layer && !quantities(layer).some(([k]) => k === ui.quantity)) ui.quantity = 'h';

  const controls = el('header', { className: 'controls' });
  controls.append(
    select(
      t('Task'),
      [
        ['sentiment', t('Sentiment')],
        ['language-model', t('Language model')],
      ],
      state.task,
      (task) => void host.notify('setTask', { task: task === 'language-model' ? 'language-model' : 'sentiment' }),
      'task',
    ),
    select(
      t('Model'),
      models.map((m) => [m.id, m.id]),
      model,
      (m) => void host.notify('setModel', { model: m }),
      'model',
    ),
  );
  if (layer) controls.append(select(t('Show'), quantities(layer), ui.quantity, (q) => ((ui.quantity = q as Quantity), render()), 'quantity'));
  // what the selected state or gate is, in the note's terms
  const explained = layer ? explanation(layer.cell, ui.quantity) : '';
  const stack = trace.layers.filter((l) => l.direction === ui.direction);
  if (layer && stack.length > 1) {
    // a stacked model: each layer reads the sequence of states of the one below it
    controls.append(
      select(
        t('Layer'),
        stack.map((l, i) => [l.layer, `${i + 1} of ${stack.length} (${l.layer})`]),
        layer.layer,
        (name) => ((ui.layer = name), render()),
        'layer',
      ),
    );
  }
  if (trace.bidirectional)
    controls.append(
      select(
        t('Direction'),
        [
          ['forward', t('forward (left to right)')],
          ['backward', t('backward (right to left)')],
        ],
        ui.direction,
        (d) => ((ui.direction = d as 'forward'), render()),
        'direction',
      ),
    );
  const pin = el('input', { type: 'checkbox', id: 'pin', checked: state.pinned });
  pin.setAttribute('aria-label', t('Pin: keep this text while the selection moves'));
  pin.addEventListener('change', () => void host.notify('pin', { pinned: pin.checked }));
  controls.append(el('label', { className: 'control' }, [pin, ` ${t('Pin')}`]));
  const save = (request: InspectorHostSide['requests']['export']['params']) =>
    void host.request('export', request).then(
      (r) => r && status(t('Saved {0}', r.saved)),
      (e: Error) => status(e.message, true),
    );
  controls.append(
    button(
      'PNG',
      () => {
        const canvas = app.querySelector<HTMLCanvasElement>('canvas.heatmap');
        if (!canvas) return status(t('Open the heatmap to export it as PNG.'), true);
        save({ format: 'png', dataUrl: canvas.toDataURL('image/png') });
      },
      t('Save the heatmap as PNG'),
      'export-png',
    ),
    button('CSV', () => save({ format: 'csv' }), t('Save the trace as CSV'), 'export-csv'),
    button('JSON', () => save({ format: 'json' }), t('Save the trace as JSON'), 'export-json'),
  );
  app.append(controls);
  if (explained) app.append(el('p', { className: 'explain', id: 'explain', textContent: explained }));

  const tabs: Array<[Tab, string]> = [
    ['heatmap', t('Heatmap')],
    ['why', t('Why')],
    ['compare', t('Compare models')],
    ['gates', t('Gate saturation')],
    ['embeddings', t('Embeddings')],
    ['table', t('Table')],
  ];
  const tabBar = el('div', { className: 'tabs', role: 'tablist' });
  tabBar.setAttribute('aria-label', t('Inspector views'));
  const shown = tabs.filter(([id]) => !((id === 'why' || id === 'compare') && trace.task !== 'sentiment'));
  if (!shown.some(([id]) => id === ui.tab)) ui.tab = 'heatmap';
  const choose = (id: Tab) => {
    ui.tab = id;
    render();
    document.getElementById(`tab-${id}`)?.focus();
  };
  for (const [id, label] of shown) {
    const b = button(label, () => choose(id), '', `tab-${id}`);
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-selected', String(ui.tab === id));
    b.setAttribute('aria-controls', 'tabpanel');
    // the ARIA tabs pattern: one tab stop; arrow keys, Home and End move between the tabs
    b.tabIndex = ui.tab === id ? 0 : -1;
    b.addEventListener('keydown', (e) => {
      const at = shown.findIndex(([t]) => t === id);
      const to =
        e.key === 'ArrowRight'
          ? (at + 1) % shown.length
          : e.key === 'ArrowLeft'
            ? (at - 1 + shown.length) % shown.length
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? shown.length - 1
                : -1;
      if (to < 0) return;
      e.preventDefault();
      choose(shown[to][0]);
    });
    tabBar.append(b);
  }
  app.append(tabBar);

  const summary = el('p', { className: 'summary' });
  // a language model's <eos> columns are steps, not tokens of the text
  const marks = trace.tokens.filter((x) => x.endOfSentence).length;
  summary.append(
    `${trace.model} · ${trace.bidirectional ? `${t('bidirectional')} ` : ''}${trace.cell} · ${t('{0} tokens', trace.tokens.length - marks)}${marks ? ` + ${marks} <eos>` : ''}`,
  );
  if (typeof trace.positive === 'number')
    summary.append(t(' · overall {0} (positive probability {1})', trace.positive >= 0.5 ? t('positive') : t('negative'), trace.positive.toFixed(3)));
  app.append(summary, el('p', { id: 'status', className: 'status', role: 'status' }));
  for (const n of notes) app.append(el('p', { className: 'note', textContent: n }));
  if (!layer || trace.tokens.length === 0) return;
  const panel = el('div', { id: 'tabpanel', role: 'tabpanel' });
  panel.setAttribute('aria-labelledby', `tab-${ui.tab}`);
  app.append(panel);

  if (ui.tab === 'why' && trace.task !== 'sentiment') ui.tab = 'heatmap';
  if (ui.tab === 'compare' && trace.task !== 'sentiment') ui.tab = 'heatmap';
  switch (ui.tab) {
    case 'heatmap':
      panel.append(heatmap(trace, layer));
      void host.notify('rendered', { tokens: trace.tokens.length, columns: panel.querySelectorAll('.tokens .token').length });
      break;
    case 'why':
      if (cache.attribution) {
        panel.append(attributionView(trace, cache.attribution, layer.layer, cache.occlusion ?? 'pending'));
        // occlusion takes seconds on a long selection: it fills in when it arrives
        if (!cache.occlusion) {
          const asked = cache;
          asked.occlusion = 'pending';
          const done = (o: OcclusionState) => {
            asked.occlusion = o;
            if (asked === cache && ui.tab === 'why') render();
          };
          host.request('occlusion', { model }).then(
            (o) => done(o ?? { error: 'nothing to occlude' }),
            (e: Error) => done({ error: e.message }),
          );
        }
      } else load(panel, (c) => host.request('attribution', { model }).then((a) => (c.attribution = a ?? undefined)));
      break;
    case 'compare':
      if (cache.compare) panel.append(compareView(trace, cache.compare));
      else load(panel, (c) => host.request('compare', {}).then((rows) => (c.compare = rows)));
      break;
    case 'gates':
      panel.append(saturationView(layer));
      break;
    case 'embeddings': {
      const asked = cache;
      const pick = (id: number) =>
        void host.request('neighbours', { model, id }).then(
          (n) => ((asked.neighbours = n), asked === cache && render()),
          (e) => status(e.message, true),
        );
      panel.append(embeddingView(trace, cache.pca ?? null, cache.neighbours ?? null, pick));
      if (!cache.pca) load(panel, (c) => host.request('pca', { model }).then((p) => (c.pca = p)));
      break;
    }
    case 'table': {
      const units = unitOrder(trace, layer).units.slice(0, 16);
      panel.append(tableView(trace, layer, ui.quantity, units, ui.page, (p) => ((ui.page = p), render())));
      break;
    }
  }
}

/** Asks for what a view needs; the answer lands in the cache it was asked for, and is drawn only
 *  if the inspector still shows that text (an answer for text since replaced is dropped). */
function load(panel: HTMLElement, work: (asked: typeof cache) => Promise<unknown>): void {
  const asked = cache;
  panel.append(el('p', { className: 'empty', textContent: 'Computing…' }));
  work(asked).then(
    () => asked === cache && render(),
    (e: Error) => asked === cache && status(e.message, true),
  );
}

// A theme switch changes the --vscode-* variables (on <html>) and the body's theme class; the
// canvases were painted with the old colours, so paint again.
const repaint = new MutationObserver(() => current && render());
repaint.observe(document.body, { attributes: true, attributeFilter: ['class'] });
repaint.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

/** A trace whose matrices are still arriving, and how many are still to come. */
let arriving: { message: TraceMessage; missing: number } | null = null;

function showTrace(m: TraceMessage): void {
  const trace = unpackTrace(m.trace);
  const sameText = current?.trace.tokens.map((t) => t.text).join(' ') === trace.tokens.map((t) => t.text).join(' ');
  if (!sameText || current?.model !== m.model) {
    cache = {};
    ui.range = null;
    ui.unit = null;
    ui.page = 0;
  }
  current = { trace, models: m.models, model: m.model, state: m.state, notes: m.notes };
  vscode.setState(m.state);
  render();
}

host
  .onNotification('trace', (m) => {
    if (m.parts > 0) arriving = { message: m, missing: m.parts };
    else showTrace(m);
  })
  .onNotification('tracePart', (part) => {
    if (!arriving || arriving.message.id !== part.id) return;
    fillTrace(arriving.message.trace, part);
    if (--arriving.missing > 0) return;
    const whole = arriving.message;
    arriving = null;
    showTrace(whole);
  })
  .onNotification('error', (m) => {
    vscode.setState(m.state);
    current = null;
    app.replaceChildren(el('p', { className: 'error', textContent: `RNN Lens: ${m.message}` }));
  })
  .onNotification('state', (m) => {
    if (!current) return;
    current.state = m.state;
    vscode.setState(m.state);
  });

render();
void host.notify('ready', {});

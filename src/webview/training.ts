// The Training view's page: the loss curve of each pass as it trains, the held-out measure of every
// epoch, and the before/after table when it is done. Everything the page shows comes from the host's
// state message; user-derived text (file names, column names) enters only through text nodes.

import { t } from './l10n';
import { Channel } from '../core/channel';
import type { TrainingHostSide, TrainingPageSide, TrainingViewState, CurvePoint, EpochPoint } from '../shared/training-protocol';
import { el, svg } from './dom';
import { pagePort } from './page-port';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void; setState(s: unknown): void; getState(): unknown };
const vscode = acquireVsCodeApi();
const host = new Channel<TrainingPageSide, TrainingHostSide>(pagePort(vscode));
const app = document.getElementById('app')!;

const W = 640;
const H = 220;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

function curve(state: TrainingViewState): SVGSVGElement {
  const all: CurvePoint[] = [...state.curves.measure, ...state.curves.final];
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': t('training loss by batch') });
  if (!all.length) {
    chart.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'muted' }, [t('waiting for the first batch…')]));
    return chart;
  }
  const maxStep = Math.max(1, ...all.map((p) => p.step));
  const lo = Math.min(...all.map((p) => p.loss));
  const hi = Math.max(...all.map((p) => p.loss));
  const span = hi - lo || 1;
  const x = (s: number) => PAD.left + ((W - PAD.left - PAD.right) * s) / maxStep;
  const y = (l: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - (l - lo) / span);
  chart.append(svg('line', { x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom, class: 'axis' }));
  chart.append(svg('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom, class: 'axis' }));
  for (const v of [lo, (lo + hi) / 2, hi]) chart.append(svg('text', { x: PAD.left - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, [v.toFixed(2)]));
  chart.append(svg('text', { x: (W + PAD.left) / 2, y: H - 6, 'text-anchor': 'middle', class: 'tick' }, [t('batches')]));
  // the loss axis, named (rotated along it)
  chart.append(
    svg(
      'text',
      { x: 12, y: (H - PAD.bottom + PAD.top) / 2, 'text-anchor': 'middle', class: 'tick', transform: `rotate(-90 12 ${(H - PAD.bottom + PAD.top) / 2})` },
      [t('training loss')],
    ),
  );
  for (const [pass, points] of Object.entries(state.curves)) {
    if (points.length < 1) continue;
    chart.append(svg('polyline', { points: points.map((p) => `${x(p.step).toFixed(1)},${y(p.loss).toFixed(1)}`).join(' '), class: `line ${pass}` }));
  }
  for (const e of state.epochs.filter((e) => e.pass === 'measure'))
    chart.append(svg('line', { x1: x(e.step), y1: PAD.top, x2: x(e.step), y2: H - PAD.bottom, class: 'epoch' }, [svg('title', {}, [t('epoch {0}', e.epoch)])]));
  return chart;
}

/**
 * What the per-epoch measure is, said the same way in the curve, its table and (by the host) the
 * before/after table: a language model's perplexity on the held-out files over the words its base
 * knew; a sentiment model's accuracy on the dev rows (the held-out rows are kept for the table).
 */
const measureLabel = (state: TrainingViewState) =>
  state.measureName === 'accuracy' ? t('accuracy on the dev rows, by epoch') : t('held-out perplexity (words the base knew), by epoch');

/** The held-out measure of each epoch of the held-out run (perplexity or accuracy), as it arrives. */
function measureCurve(state: TrainingViewState): SVGSVGElement | string {
  const points = state.epochs.filter((e) => e.pass === 'measure' && e.measure !== null);
  if (!points.length) return '';
  const h = 120;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${h}`, class: 'chart small', role: 'img', 'aria-label': measureLabel(state) });
  const values = points.map((p) => p.measure!);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const last = Math.max(2, ...points.map((p) => p.epoch));
  const x = (e: number) => PAD.left + ((W - PAD.left - PAD.right) * (e - 1)) / (last - 1);
  const y = (v: number) => PAD.top + (h - PAD.top - PAD.bottom) * (1 - (v - lo) / span);
  const fmt = (v: number) => (state.measureName === 'accuracy' ? `${(100 * v).toFixed(1)}%` : v.toFixed(1));
  chart.append(svg('line', { x1: PAD.left, y1: h - PAD.bottom, x2: W - PAD.right, y2: h - PAD.bottom, class: 'axis' }));
  for (const v of [lo, hi]) chart.append(svg('text', { x: PAD.left - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, [fmt(v)]));
  chart.append(svg('text', { x: (W + PAD.left) / 2, y: h - 6, 'text-anchor': 'middle', class: 'tick' }, [measureLabel(state)]));
  chart.append(svg('polyline', { points: points.map((p) => `${x(p.epoch).toFixed(1)},${y(p.measure!).toFixed(1)}`).join(' '), class: 'line measure' }));
  for (const p of points)
    chart.append(svg('circle', { cx: x(p.epoch), cy: y(p.measure!), r: 3, class: 'dot' }, [svg('title', {}, [t('epoch {0}: {1}', p.epoch, fmt(p.measure!))])]));
  return chart;
}

function epochTable(state: TrainingViewState): HTMLElement {
  const measured = state.epochs.filter((e: EpochPoint) => e.measure !== null);
  if (!measured.length) return el('p', { className: 'muted' }, [t('Each epoch is measured on text the training does not see; the best is kept.')]);
  const fmt = (v: number) => (state.measureName === 'accuracy' ? `${(100 * v).toFixed(1)}%` : v.toFixed(1));
  return el('table', { className: 'epochs' }, [
    el('tr', {}, [el('th', {}, [t('epoch')]), el('th', {}, [measureLabel(state)])]),
    ...measured.map((e) => el('tr', {}, [el('td', {}, [String(e.epoch)]), el('td', {}, [fmt(e.measure!)])])),
  ]);
}

function comparison(state: TrainingViewState): HTMLElement | string {
  if (!state.comparison.length) return '';
  return el('table', { className: 'comparison' }, [
    el('tr', {}, [el('th', {}, [t('on held-out text')]), el('th', {}, [t('before ({0})', state.base)]), el('th', {}, [t('after')])]),
    ...state.comparison.map((r) =>
      el('tr', {}, [
        el('td', {}, [r.label]),
        el('td', {}, [r.before]),
        el('td', { className: r.better === null ? '' : r.better ? 'better' : 'worse' }, [r.after]),
      ]),
    ),
  ]);
}

// The page is redrawn on every state (every 150 ms while batches stream in), but Cancel is one
// lasting button beside what is redrawn: a button replaced between a press and its release gets
// no click, and a replaced button loses the keyboard focus.
const content = el('div', {});
const cancel = el('button', { id: 'cancel', hidden: true }, [t('Cancel')]);
cancel.addEventListener('click', () => void host.notify('cancel', {}));
app.replaceChildren(content, cancel);

function render(state: TrainingViewState): void {
  vscode.setState(state);
  content.replaceChildren(
    el('h1', {}, [state.title]),
    el('p', { className: `status ${state.status}`, id: 'status' }, [state.message]),
    el(
      'ul',
      { className: 'facts' },
      state.facts.map((f) => el('li', {}, [f])),
    ),
    el('section', { className: 'legend' }, [
      el('span', { className: 'key measure' }, [t('held-out run (chooses the epochs)')]),
      el('span', { className: 'key final' }, [t('final run (all of your text)')]),
    ]),
    curve(state),
    measureCurve(state),
    epochTable(state),
    comparison(state),
    state.saved ? el('p', { className: 'muted' }, [t('Saved in {0}', state.saved)]) : '',
  );
  cancel.hidden = state.status !== 'running';
}

host.onNotification('state', ({ state }) => render(state));
const saved = vscode.getState() as TrainingViewState | undefined;
if (saved?.curves) render(saved);
void host.notify('ready', {});

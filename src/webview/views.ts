// The deeper inspector's views: what drove the decision (gradient and occlusion per token),
// every model side by side, gate saturation, the embedding space, and an accessible table.

import { placeLabels } from './label-layout';
import { gateLabel, t } from './l10n';
import type { CompareRow, OcclusionResult, Quantity, Saturation, TokenAttribution as Attribution } from '../core/trace/trace-stats';
import { gateSaturation, stepValues } from '../core/trace/trace-stats';
import type { LayerTrace, ModelTrace } from '../core/trace/trace-types';
import { el, legend, sentimentScale, sequentialScale, svg } from './dom';

export type { CompareRow, TokenAttribution as Attribution } from '../core/trace/trace-stats';

/** Tokens as a row of coloured chips. */
function tokenStrip(trace: ModelTrace, values: number[], color: (v: number) => string, describe: (v: number) => string): HTMLElement {
  const row = el('div', { className: 'strip' });
  trace.tokens.forEach((t, i) => {
    const chip = el('span', { className: 'chip', textContent: t.text, title: `${t.text}: ${describe(values[i])}` });
    chip.style.background = color(values[i]);
    row.append(chip);
  });
  return row;
}

/** Occlusion as the Why tab holds it: the answer, still on its way, or why it failed. */
export type OcclusionState = OcclusionResult | 'pending' | { error: string };

/** `layer`: the recurrent layer whose reach is shown (the layer picker's; default the top one). */
export function attributionView(trace: ModelTrace, a: Attribution, layer: string | undefined, occlusion: OcclusionState): HTMLElement {
  const shown = a.stateGradientByLayer.find((l) => l.layer === layer) ?? a.stateGradientByLayer[a.stateGradientByLayer.length - 1];
  const stacked = a.stateGradientByLayer.length > 1;
  const gMax = Math.max(1e-9, ...a.gradient);
  const changes = typeof occlusion === 'object' && 'occlusion' in occlusion ? occlusion.occlusion : null;
  const oMax = Math.max(1e-9, ...(changes ?? []).map(Math.abs));
  const grad = sequentialScale(gMax);
  const occ = sentimentScale(-oMax, 0, oMax);
  const sMax = Math.max(1e-9, ...shown.norms);
  const reach = sequentialScale(sMax);
  return el('section', { className: 'view' }, [
    el('h3', { textContent: t('Reach: how much the decision depends on the state after each token') + (stacked ? t(' (layer “{0}”)', shown.layer) : '') }),
    el('p', {
      className: 'hint',
      textContent:
        t(
          'Size of d(output logit)/d(state) after each token (hidden state, plus cell state for an LSTM), from the engine’s backward pass through time. In a SimpleRNN it shrinks step by step going back (the vanishing gradient); gates let GRU and LSTM carry it further.',
        ) +
        (stacked
          ? t(
              ' In a stacked model every route from a token to the decision passes through the lowest layer’s state, so layer 1 shows how far back the decision reaches; a higher layer shows the part carried in its own state.',
            )
          : ''),
    }),
    tokenStrip(trace, shown.norms, reach, (v) => `state gradient ${v.toFixed(5)}`),
    legend(0, sMax, reach, t('state gradient norm')),
    el('h3', { textContent: t('Gradient: how strongly each token’s embedding moves the decision') }),
    el('p', { className: 'hint', textContent: t('Size of d(output logit)/d(embedding) for each token: which words the decision is sensitive to.') }),
    tokenStrip(trace, a.gradient, grad, (v) => `gradient ${v.toFixed(5)}`),
    legend(0, gMax, grad, t('gradient norm')),
    el('h3', { textContent: t('Occlusion: the positive probability when the token is replaced by <unk>') }),
    el('p', {
      className: 'hint',
      textContent: t(
        'Red: without this token the text reads more negative (it was pushing positive); green: without it the text reads more positive. Original positive probability {0}.',
        a.positive.toFixed(3),
      ),
    }),
    ...(changes
      ? [tokenStrip(trace, changes, occ, (v) => `change ${v >= 0 ? '+' : ''}${v.toFixed(4)}`), legend(-oMax, oMax, occ, t('change in positive probability'))]
      : [el('p', { className: 'note', textContent: occlusionNote(occlusion, trace.tokens.length) })]),
  ]);
}

function occlusionNote(occlusion: OcclusionState, tokens: number): string {
  if (occlusion === 'pending') return t('Computing occlusion: the text is read again once per token…');
  if ('limit' in occlusion)
    return t('Occlusion re-reads the text once per token, so it is computed for selections of up to {0} tokens; this one has {1}.', occlusion.limit, tokens);
  return 'error' in occlusion ? t('Occlusion failed: {0}', occlusion.error) : '';
}

export function compareView(trace: ModelTrace, rows: CompareRow[]): HTMLElement {
  const T = trace.tokens.length;
  const prob = sentimentScale(0, 0.5, 1);
  const table = el('table', { className: 'compare' });
  const head = el('tr', {}, [
    el('th', { textContent: t('model'), scope: 'col' }),
    el('th', { textContent: t('verdict'), scope: 'col' }),
    ...trace.tokens.map((t) => el('th', { textContent: t.text, scope: 'col', className: 'tok' })),
  ]);
  table.append(el('caption', { textContent: t('Positive probability after each token, per model (top); how far back each decision reaches (bottom)') }), head);
  for (const r of rows) {
    const tr = el('tr', {}, [
      el('th', { textContent: r.model, scope: 'row' }),
      el('td', { textContent: `${r.positive >= 0.5 ? t('positive') : t('negative')} ${r.positive.toFixed(2)}` }),
    ]);
    for (let t = 0; t < T; t++) {
      const v = r.steps[t];
      const td = el('td', {
        className: 'cell',
        textContent: v === null ? '' : v.toFixed(2),
        title: v === null ? 'not computed' : `${r.model} after “${trace.tokens[t].text}”: ${v.toFixed(4)}`,
      });
      if (v !== null) td.style.background = prob(v);
      tr.append(td);
    }
    table.append(tr);
  }
  table.append(
    el('tr', {}, [
      el('th', { textContent: t('reach: gradient w.r.t. the state after each token, as % of the model’s largest'), colSpan: T + 2, scope: 'colgroup' }),
    ]),
  );
  const color = sequentialScale(1);
  for (const r of rows) {
    const max = Math.max(1e-12, ...r.stateGradient);
    const rel = r.stateGradient.map((g) => g / max);
    const tr = el('tr', {}, [el('th', { textContent: r.model, scope: 'row' }), el('td', { textContent: t('first token {0}%', (100 * rel[0]).toFixed(0)) })]);
    rel.forEach((v, t) => {
      const td = el('td', {
        className: 'cell',
        textContent: (100 * v).toFixed(0),
        title: `${r.model}: state gradient after “${trace.tokens[t].text}” ${r.stateGradient[t].toFixed(4)}`,
      });
      td.style.background = color(v);
      tr.append(td);
    });
    table.append(tr);
  }
  return el('section', { className: 'view' }, [
    el('p', {
      className: 'hint',
      textContent: t(
        'The same tokens read by every sentiment model. The bottom rows show the gradient of each decision with respect to the state after each token: where it fades going left, the model cannot carry early tokens to its decision.',
      ),
    }),
    el('div', { className: 'scroll' }, [table]),
    weightsTable(rows),
  ]);
}

/** Each model's weights: its recurrent layers beside a SimpleRNN of the same input and units, and its total. */
function weightsTable(rows: CompareRow[]): HTMLElement {
  const n = (x: number) => x.toLocaleString('en-US');
  const table = el('table', { className: 'weights' }, [
    el('caption', {
      textContent: t(
        'Weights per recurrent layer, beside a SimpleRNN of the same input and units (an LSTM has 4 blocks, a GRU 3, a bidirectional layer 2 directions)',
      ),
    }),
    el('tr', {}, [
      el('th', { textContent: t('model'), scope: 'col' }),
      el('th', { textContent: t('layer'), scope: 'col' }),
      el('th', { textContent: t('weights'), scope: 'col' }),
      el('th', { textContent: t('SimpleRNN of the same size'), scope: 'col' }),
      el('th', { textContent: t('ratio'), scope: 'col' }),
      el('th', { textContent: t('whole model'), scope: 'col' }),
    ]),
  ]);
  for (const r of rows) {
    const recurrent = r.layers.filter((l) => l.simpleRnn);
    const total = r.layers.reduce((s, l) => s + l.parameters, 0);
    recurrent.forEach((l, i) =>
      table.append(
        el('tr', {}, [
          el('th', { textContent: i === 0 ? r.model : '', scope: 'row' }),
          el('td', { textContent: l.kind }),
          el('td', { className: 'num', textContent: n(l.parameters) }),
          el('td', { className: 'num', textContent: n(l.simpleRnn!) }),
          el('td', { className: 'num', textContent: `${(l.parameters / l.simpleRnn!).toFixed(2)}×` }),
          el('td', { className: 'num', textContent: i === 0 ? n(total) : '' }),
        ]),
      ),
    );
  }
  return el('div', { className: 'scroll' }, [table]);
}

export function saturationView(layer: LayerTrace): HTMLElement {
  if (layer.gateNames.length === 0)
    return el('section', { className: 'view' }, [
      el('p', { className: 'hint', textContent: t('A SimpleRNN has no gates: nothing decides what to keep, so early information fades.') }),
    ]);
  const sat: Saturation[] = gateSaturation(layer);
  const gates = Object.keys(sat[0].gates);
  const size = 220,
    pad = 30;
  const plots = gates.map((g) => {
    const plot = svg('svg', { width: size + pad, height: size + pad, role: 'img', 'aria-label': `${g} gate saturation, ${layer.units} units` });
    plot.append(svg('rect', { x: pad, y: 0, width: size, height: size, class: 'plot-frame' }));
    plot.append(svg('line', { x1: pad, y1: 0, x2: pad + size, y2: size, class: 'plot-diagonal' }));
    for (const s of sat) {
      const { low, high } = s.gates[g];
      const dot = svg('circle', { cx: pad + low * size, cy: size - high * size, r: 3, class: 'dot' }, [
        svg('title', {}, [`unit ${s.unit}: below 0.1 on ${(100 * low).toFixed(0)}% of steps, above 0.9 on ${(100 * high).toFixed(0)}%`]),
      ]);
      plot.append(dot);
    }
    plot.append(svg('text', { x: pad + size / 2, y: size + 20, 'text-anchor': 'middle', class: 'axis-label' }, ['fraction < 0.1']));
    plot.append(svg('text', { x: 10, y: size / 2, transform: `rotate(-90 10 ${size / 2})`, 'text-anchor': 'middle', class: 'axis-label' }, ['fraction > 0.9']));
    return el('figure', {}, [plot, el('figcaption', { textContent: gateLabel(g) })]);
  });
  return el('section', { className: 'view' }, [
    el('p', {
      className: 'hint',
      // the gate that keeps a memory is the LSTM's forget gate and the GRU's update gate
      textContent: gates.includes('forget')
        ? t(
            'Each dot is a unit (Karpathy et al. 2015): how often its gate is nearly closed (left) or nearly open (top). Forget gates near the top left keep their cell state for long stretches; units on the diagonal switch between both.',
          )
        : t(
            'Each dot is a unit (Karpathy et al. 2015): how often its gate is nearly closed (left) or nearly open (top). A GRU keeps its hidden state where the update gate is open (h = z·h(t−1) + (1−z)·candidate): update gates near the top left keep it for long stretches; units on the diagonal switch between both.',
          ),
    }),
    el('div', { className: 'plots' }, plots),
  ]);
}

export function embeddingView(
  trace: ModelTrace,
  points: Array<{ word: string; x: number; y: number }> | null,
  neighbours: { word: string; neighbours: Array<{ word: string; cosine: number }> } | null,
  pick: (id: number) => void,
): HTMLElement {
  const chooser = el('div', { className: 'strip' });
  trace.tokens.forEach((t) => {
    if (t.endOfSentence) return; // a mark the model reads, not a word of the text
    const b = el('button', {
      className: 'chip',
      textContent: t.text,
      disabled: !t.known,
      title: t.known ? `nearest words to “${t.norm}”` : 'not in the vocabulary',
    });
    b.addEventListener('click', () => pick(t.id));
    chooser.append(b);
  });
  const parts: Array<Node> = [
    el('p', {
      className: 'hint',
      textContent: t(
        'Click a token for the words nearest to it in the embedding space (cosine similarity). Below: the most frequent words projected on the two main directions of the embedding (PCA).',
      ),
    }),
    chooser,
  ];
  if (neighbours) {
    const list = el('ol', { className: 'neighbours' });
    for (const n of neighbours.neighbours) list.append(el('li', { textContent: `${n.word} (${n.cosine.toFixed(3)})` }));
    parts.push(el('h3', { textContent: t('Nearest to “{0}”', neighbours.word) }), list);
  }
  if (points) {
    const W = 640,
      H = 420;
    const xs = points.map((p) => p.x),
      ys = points.map((p) => p.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const plot = svg('svg', { width: W, height: H, role: 'img', 'aria-label': `PCA of ${points.length} frequent words` });
    plot.append(svg('rect', { x: 0, y: 0, width: W, height: H, class: 'plot-frame' }));
    const highlight = new Set(trace.tokens.map((t) => t.norm));
    const dots = points.map((p) => ({
      word: p.word,
      cx: 10 + ((p.x - x0) / (x1 - x0 || 1)) * (W - 20),
      cy: H - 10 - ((p.y - y0) / (y1 - y0 || 1)) * (H - 20),
    }));
    for (const d of dots)
      plot.append(svg('circle', { cx: d.cx, cy: d.cy, r: 2, class: highlight.has(d.word) ? 'dot strong' : 'dot' }, [svg('title', {}, [d.word])]));
    // the text's words first, then the most frequent: each label where it overlaps no other and stays inside
    const order = [...dots.keys()].sort((a, b) => Number(highlight.has(dots[b].word)) - Number(highlight.has(dots[a].word)) || a - b);
    for (const l of placeLabels(dots, order, W, H))
      plot.append(
        svg('text', { x: l.x, y: l.y, 'text-anchor': l.anchor, class: highlight.has(dots[l.index].word) ? 'word strong' : 'word' }, [dots[l.index].word]),
      );
    parts.push(el('h3', { textContent: t('Embedding space (PCA, 2-D)') }), plot);
  }
  return el('section', { className: 'view' }, parts);
}

/** A real table a screen reader can walk: tokens by the first units of the current order. */
export function tableView(trace: ModelTrace, layer: LayerTrace, quantity: Quantity, units: number[], page: number, setPage: (p: number) => void): HTMLElement {
  const PAGE = 100;
  const T = trace.tokens.length;
  const from = page * PAGE,
    to = Math.min(T, from + PAGE);
  const table = el('table', { className: 'values' });
  table.append(
    el('caption', { textContent: `${quantity} of ${layer.direction} layer ${layer.layer}: tokens ${from + 1}–${to} of ${T}, units ${units.join(', ')}` }),
  );
  table.append(
    el('tr', {}, [
      el('th', { scope: 'col', textContent: '#' }),
      el('th', { scope: 'col', textContent: 'token' }),
      ...units.map((u) => el('th', { scope: 'col', textContent: `unit ${u}` })),
      ...(trace.outputs[0]?.positive !== undefined ? [el('th', { scope: 'col', textContent: 'positive' })] : []),
    ]),
  );
  for (let t = from; t < to; t++) {
    const v = stepValues(layer, quantity, t);
    table.append(
      el('tr', {}, [
        el('td', { textContent: String(t + 1) }),
        el('th', { scope: 'row', textContent: trace.tokens[t].text }),
        ...units.map((u) => el('td', { textContent: v[u].toFixed(4) })),
        ...(trace.outputs[t]?.positive !== undefined ? [el('td', { textContent: trace.outputs[t].positive!.toFixed(4) })] : []),
      ]),
    );
  }
  const nav = el('div', { className: 'pager' });
  const prev = el('button', { textContent: 'Previous tokens', disabled: page === 0 });
  const next = el('button', { textContent: 'Next tokens', disabled: to >= T });
  prev.addEventListener('click', () => setPage(page - 1));
  next.addEventListener('click', () => setPage(page + 1));
  nav.append(prev, next);
  return el('section', { className: 'view' }, [table, nav]);
}

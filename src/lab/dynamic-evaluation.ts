// Dynamic evaluation (Krause, Kahembwe, Murray & Renals 2018, "Dynamic Evaluation of Neural
// Sequence Models"): the language model keeps learning from the document being written. Each
// finished sentence before the cursor joins a queue of token ids; every full segment of the queue
// gets one plain SGD step on its next-token loss (the full softmax: about 40 ms per 20 tokens with
// the WebAssembly kernels, once per segment, not per keystroke), with the recurrent state carried
// from segment to segment as in training. So a project's names and phrasing move into the network
// itself, not only into the document cache. The adapted weights belong to one document: a
// different document starts again from the trained ones.
// An experiment, so it lives with the evaluation scripts: the completer only knows the DocumentLearner
// it implements. Measured with `npm run eval:ghost -- --adapt …` and not shipped: with the document cache on it
// saved at most 0.6 points more keystrokes on the dev documents (docs/evaluation.md, ghost text).

import type { Param, RecurrentState } from '../core/layers/layer';
import { contextIds } from '../core/completion/lm-context';
import type { LoadedModel } from '../core/model/model-bundle';
import { Rng } from '../core/random';
import { tokenize } from '../core/text/tokenizer';
import { lmTrainBatch, NegativeSampler, sampledSoftmax } from '../core/training/lm-trainer';
import type { DocumentLearner } from '../core/completion/completion';

export interface AdaptationOptions {
  /** SGD step size */
  rate: number;
  /** tokens per step */
  segment: number;
  /** which weights learn: every layer, or only the output layer (cached recurrent states stay exact) */
  scope: 'all' | 'output';
}

/** The end of the last finished sentence of `text` after `from` (after its mark's trailing space), or of its last line; `from` if none. */
function lastSentenceEnd(text: string, from = 0): number {
  const marks = /[.!?]["')\]]*\s|\n/g;
  marks.lastIndex = from;
  let end = from;
  for (let m = marks.exec(text); m; m = marks.exec(text)) end = m.index + m[0].length;
  return end;
}

/** The window the extension passes moves in steps of this many characters (completion-defaults.ts). */
const WINDOW_STEP = 1_000;

export class DocumentAdaptation implements DocumentLearner {
  private readonly trained: Float32Array[];
  private readonly learning: Param[];
  /** the text before the cursor already read into the queue */
  private read = '';
  /** ids read but not yet learned from (the first is the next segment's first input) */
  private queue: number[] = [];
  private states: RecurrentState[][] | undefined;
  private readonly rng = new Rng(1);
  /** every id but padding, drawn "uniformly" and all at once: the sampled softmax is then the full one */
  private readonly everyId: Int32Array;
  private readonly uniform: NegativeSampler;
  /** SGD steps taken since the last reset (what a test or benchmark can count) */
  steps = 0;

  constructor(
    readonly loaded: LoadedModel,
    readonly options: AdaptationOptions,
  ) {
    const { model, vocabulary } = loaded;
    if (!model.outputLayer) throw new Error(`${loaded.card.id}: dynamic evaluation needs a Dense output layer`);
    this.learning = options.scope === 'all' ? model.params : model.outputLayer.params;
    this.trained = this.learning.map((p) => p.value.slice());
    this.everyId = Int32Array.from({ length: vocabulary.size - 1 }, (_, i) => i + 1);
    this.uniform = new NegativeSampler(new Float64Array(vocabulary.size).fill(1), 1, [0]);
  }

  /** Back to the trained weights, nothing read. */
  reset(): void {
    this.learning.forEach((p, i) => p.value.set(this.trained[i]));
    this.read = '';
    this.queue = [];
    this.states = undefined;
    this.steps = 0;
  }

  /**
   * Reads the finished sentences of `text` (the document before the cursor, as the extension
   * windows it) not read yet, then learns from at most `maxSteps` full segments. Returns whether
   * the weights changed (the caller's cached distributions are then stale).
   */
  update(text: string, maxSteps = 1): boolean {
    this.follow(text);
    const end = lastSentenceEnd(text, this.read.length);
    if (end > this.read.length) {
      const chunk = text.slice(this.read.length, end);
      const { ids } = contextIds(chunk, tokenize(chunk), this.loaded.vocabulary);
      // contextIds starts with <eos>: the document's start, or the end of the sentence read last
      this.queue.push(...(this.read ? ids.slice(1) : ids));
      this.read = text.slice(0, end);
    }
    let changed = false;
    for (let n = 0; n < maxSteps && this.queue.length > this.options.segment; n++) {
      this.learn(this.queue.slice(0, this.options.segment + 1));
      this.queue = this.queue.slice(this.options.segment);
      changed = true;
    }
    return changed;
  }

  /** Lines `read` up with `text`: typing on, the window moving on, an edit above, or another document. */
  private follow(text: string): void {
    if (text.startsWith(this.read)) return;
    // the extension's window moved on by whole steps
    for (let cut = WINDOW_STEP; cut < this.read.length; cut += WINDOW_STEP) {
      if (text.startsWith(this.read.slice(cut))) {
        this.read = this.read.slice(cut);
        return;
      }
    }
    let common = 0;
    while (common < this.read.length && common < text.length && this.read[common] === text[common]) common++;
    // an edit above the cursor in the same document: what was learned still describes it, and
    // reading goes on from the edit (the sentences after it are read again)
    if (common >= this.read.length / 2 && common > 0) {
      this.read = this.read.slice(0, lastSentenceEnd(this.read.slice(0, common)));
      return;
    }
    this.reset();
  }

  /** One SGD step on inputs ids[0..n−1) → targets ids[1..n). */
  private learn(ids: number[]): void {
    const { model } = this.loaded;
    const T = ids.length - 1;
    const batch = { ids: Int32Array.from(ids.slice(0, T)), targets: Int32Array.from(ids.slice(1)), T, B: 1 };
    for (const p of this.learning) p.grad.fill(0);
    if (this.options.scope === 'all') {
      this.states = lmTrainBatch(model, batch, this.states, this.rng, () => ({ ids: this.everyId, draws: this.everyId.length }), this.uniform).finalStates;
    } else {
      // the output layer alone: no backward pass through the network
      const dense = model.outputLayer!;
      const pass = model.forward(batch.ids, T, 1, { initialStates: this.states, upTo: model.layers.indexOf(dense) });
      if (pass.output.kind !== 'sequence') throw new Error('a language model needs per-step outputs');
      sampledSoftmax(dense, pass.output.data, T, batch.targets, this.everyId, this.everyId.length, this.uniform);
      this.states = pass.finalStates.map((layer) => layer.map((x) => ({ h: x.h.slice(), c: x.c ? x.c.slice() : null })));
    }
    const rate = this.options.rate;
    for (const p of this.learning) {
      const v = p.value,
        g = p.grad;
      for (let i = 0; i < v.length; i++) v[i] -= rate * g[i];
    }
    this.steps++;
  }
}

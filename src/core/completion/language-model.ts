// Stepping a language model one token at a time from saved states. A snapshot is the recurrent
// state after a token sequence; snapshots are cached by a rolling hash of the ids, so the next
// request (one keystroke later) finds its prefix and costs a step or two, not a re-read.

import { RecurrentState } from '../layers/layer';
import { LoadedModel } from '../model/model-bundle';

export interface Snapshot {
  /** per layer index, the recurrent state(s) after the sequence */
  states: RecurrentState[][];
  /** next-token distribution, computed on first use */
  probs: Float32Array | null;
  /** how many ids this snapshot has read */
  length: number;
}

const HASH_BASE = 1000003;
const HASH_MOD = 2147483647;

/** Hash of ids[0..i) for every i: prefix hashes, computed in one pass. */
export function prefixHashes(ids: ArrayLike<number>): Float64Array {
  const out = new Float64Array(ids.length + 1);
  let h = 7;
  out[0] = h;
  for (let i = 0; i < ids.length; i++) {
    h = (h * HASH_BASE + ids[i] + 1) % HASH_MOD;
    out[i + 1] = h;
  }
  return out;
}

export class LanguageModelRunner {
  private readonly cache = new Map<string, Snapshot>();
  readonly recurrentEnd: number;
  /** recurrent steps taken since creation (what a benchmark or test can count) */
  stepsRun = 0;

  constructor(
    readonly loaded: LoadedModel,
    private readonly capacity = 4096,
  ) {
    const m = loaded.model;
    if (m.isBidirectional) throw new Error(`${loaded.card.id}: a bidirectional model cannot generate text left to right`);
    this.recurrentEnd = m.lastRecurrent + 1;
  }

  private key(hash: number, length: number): string {
    return `${length}:${hash}`;
  }

  private remember(key: string, snap: Snapshot): void {
    this.cache.delete(key);
    this.cache.set(key, snap);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value as string);
  }

  /** The state after reading ids, from the longest cached prefix. Cancellation returns null. */
  stateAfter(ids: ArrayLike<number>, isCancelled?: () => boolean): Snapshot | null {
    const hashes = prefixHashes(ids);
    let from = 0;
    let snap: Snapshot | null = null;
    for (let i = ids.length; i > 0; i--) {
      const hit = this.cache.get(this.key(hashes[i], i));
      if (hit) {
        from = i;
        snap = hit;
        this.remember(this.key(hashes[i], i), hit);
        break;
      }
    }
    for (let i = from; i < ids.length; i++) {
      if (isCancelled?.()) return null;
      snap = this.step(snap, ids[i]);
      this.remember(this.key(hashes[i + 1], i + 1), snap);
    }
    return snap ?? { states: [], probs: null, length: 0 };
  }

  /** One recurrent step from a snapshot (null: the zero state). Does not compute the output layer. */
  step(from: Snapshot | null, id: number): Snapshot {
    const pass = this.loaded.model.forward(Int32Array.of(id), 1, 1, { initialStates: from?.states, upTo: this.recurrentEnd });
    this.stepsRun++;
    return { states: pass.finalStates, probs: null, length: (from?.length ?? 0) + 1 };
  }

  /** Next-token probabilities after a snapshot (the head: projection + softmax), cached in it. */
  distribution(snap: Snapshot): Float32Array {
    if (snap.probs) return snap.probs;
    const m = this.loaded.model;
    const last = snap.states[this.recurrentEnd - 1]?.[0];
    // before any token the state is zero: the width of the last recurrent layer
    const h = last ? last.h : new Float32Array(m.recurrentLayers[m.recurrentLayers.length - 1].units);
    snap.probs = m.head(h, 1, h.length);
    return snap.probs;
  }

  /** The weights changed (a DocumentLearner, completion.ts): every saved distribution is stale, the states are kept. */
  forgetDistributions(): void {
    for (const snap of this.cache.values()) snap.probs = null;
  }

  get cachedSnapshots(): number {
    return this.cache.size;
  }
}

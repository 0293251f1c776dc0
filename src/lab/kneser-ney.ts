// Interpolated Kneser-Ney trigram (Chen & Goodman 1998, one discount per order, D = n1/(n1+2·n2)):
// the baseline phone keyboards used before LSTMs. Trained and scored on the same id streams
// as the neural language models, so the numbers compare like for like.

export interface NextWordScores {
  /** natural log-probability of each actual next token */
  logProb: number;
  /** 1-based rank of the actual next token among all words (capped at maxRank + 1) */
  rank: number;
}

export class KneserNeyTrigram {
  private readonly V: number;
  private readonly tri = new Map<number, number>(); // (u,v,w) -> count
  private readonly ctx2 = new Map<number, { count: number; followers: number[] }>(); // (u,v) -> c(uv•), distinct w
  private readonly mid = new Map<number, number>(); // (v,w) -> N1+(•vw)
  private readonly ctx1 = new Map<number, { total: number; followers: number[] }>(); // v -> N1+(•v•), distinct w
  private readonly cont: Float64Array; // w -> N1+(•w)
  private contTotal = 0;
  private contTypes = 0;
  private d1 = 0.75;
  private d2 = 0.75;
  private d3 = 0.75;
  private topUnigrams: number[] = [];

  constructor(
    vocabularySize: number,
    private readonly startId: number,
  ) {
    this.V = vocabularySize;
    this.cont = new Float64Array(vocabularySize);
  }

  static train(stream: Int32Array, vocabularySize: number, startId: number): KneserNeyTrigram {
    const kn = new KneserNeyTrigram(vocabularySize, startId);
    const V = vocabularySize;
    let u = startId,
      v = startId;
    for (const w of stream) {
      const key = (u * V + v) * V + w;
      const c = kn.tri.get(key) ?? 0;
      kn.tri.set(key, c + 1);
      const ck = u * V + v;
      let e = kn.ctx2.get(ck);
      if (!e) kn.ctx2.set(ck, (e = { count: 0, followers: [] }));
      e.count++;
      if (c === 0) {
        e.followers.push(w);
        const mk = v * V + w;
        const m = kn.mid.get(mk) ?? 0;
        kn.mid.set(mk, m + 1);
        let e1 = kn.ctx1.get(v);
        if (!e1) kn.ctx1.set(v, (e1 = { total: 0, followers: [] }));
        e1.total++;
        if (m === 0) {
          e1.followers.push(w);
          kn.cont[w]++;
          kn.contTotal++;
        }
      }
      u = v;
      v = w;
    }
    for (let w = 0; w < V; w++) if (kn.cont[w] > 0) kn.contTypes++;
    kn.d3 = discount(kn.tri.values());
    kn.d2 = discount(kn.mid.values());
    kn.d1 = discount(kn.cont.values());
    kn.topUnigrams = Array.from({ length: V }, (_, i) => i)
      .sort((a, b) => kn.cont[b] - kn.cont[a])
      .slice(0, 64);
    return kn;
  }

  private p1(w: number): number {
    return Math.max(this.cont[w] - this.d1, 0) / this.contTotal + (this.d1 * this.contTypes) / this.contTotal / this.V;
  }

  private p2(v: number, w: number): number {
    const e = this.ctx1.get(v);
    if (!e) return this.p1(w);
    const n = this.mid.get(v * this.V + w) ?? 0;
    return Math.max(n - this.d2, 0) / e.total + ((this.d2 * e.followers.length) / e.total) * this.p1(w);
  }

  probability(u: number, v: number, w: number): number {
    const e = this.ctx2.get(u * this.V + v);
    if (!e) return this.p2(v, w);
    const c = this.tri.get((u * this.V + v) * this.V + w) ?? 0;
    return Math.max(c - this.d3, 0) / e.count + ((this.d3 * e.followers.length) / e.count) * this.p2(v, w);
  }

  /**
   * The k most probable next words. Exact: a word never seen after (u,v) nor after v scores
   * λ·λ'·P1(w), so beyond the seen followers only the highest-P1 words can enter the top k.
   */
  topK(u: number, v: number, k: number): Array<[word: number, p: number]> {
    const candidates = new Set<number>(this.topUnigrams.slice(0, Math.max(k, 16)));
    for (const w of this.ctx2.get(u * this.V + v)?.followers ?? []) candidates.add(w);
    for (const w of this.ctx1.get(v)?.followers ?? []) candidates.add(w);
    return [...candidates]
      .map((w): [number, number] => [w, this.probability(u, v, w)])
      .sort((a, b) => b[1] - a[1])
      .slice(0, k);
  }

  /** Log-probability and rank (up to maxRank) of every token of a held-out stream. */
  score(stream: Int32Array, maxRank = 5): NextWordScores[] {
    const out: NextWordScores[] = [];
    let u = this.startId,
      v = this.startId;
    // frequent contexts recur ("of the"): their top list is computed once
    const cache = new Map<number, Array<[number, number]>>();
    for (const w of stream) {
      const p = this.probability(u, v, w);
      const key = u * this.V + v;
      let top = cache.get(key);
      if (!top) cache.set(key, (top = this.topK(u, v, maxRank)));
      const at = top.findIndex(([x]) => x === w);
      out.push({ logProb: Math.log(p), rank: at >= 0 ? at + 1 : maxRank + 1 });
      u = v;
      v = w;
    }
    return out;
  }
}

function discount(counts: Iterable<number>): number {
  let n1 = 0,
    n2 = 0;
  for (const c of counts) {
    if (c === 1) n1++;
    else if (c === 2) n2++;
  }
  return n1 + 2 * n2 > 0 ? n1 / (n1 + 2 * n2) : 0.75;
}

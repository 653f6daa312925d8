/** The indexed fields, in posting order, and how much a match in each weighs. */
export const FIELDS = ['title', 'labels', 'questions', 'text'] as const;
/** Questions an article answers weigh like its title: they are what people ask, as they ask it. */
export const FIELD_BOOST = [3, 2, 3, 1] as const;

// BM25+ as MiniSearch scores it (k, b, d are its defaults), so ranking matches the library's.
const K = 1.2;
const B = 0.7;
const D = 0.5;

/** One term's occurrences in one field: [doc, tf, doc, tf, ...], docs ascending. */
export class PostingList {
  data = new Int32Array(8);
  length = 0;
  /** How many live documents carry the term: its document frequency (removed ones stay until compacted). */
  live = 0;

  push(doc: number, tf: number): void {
    if (this.length + 2 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = doc;
    this.data[this.length++] = tf;
    this.live += 1;
  }

  /** How many documents (live or not yet vacuumed) carry the term. */
  get count(): number {
    return this.length >> 1;
  }

  /** The term's frequency in the document, or 0 (binary search: the docs are ascending). */
  tfOf(doc: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.data[mid * 2]!;
      if (at === doc) return this.data[mid * 2 + 1]!;
      if (at < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** Drops the documents that are gone; returns how many remain. */
  compact(live: Uint8Array): number {
    let w = 0;
    for (let r = 0; r < this.length; r += 2) {
      if (live[this.data[r]!]) {
        this.data[w++] = this.data[r]!;
        this.data[w++] = this.data[r + 1]!;
      }
    }
    this.length = w;
    this.live = w >> 1;
    return this.live;
  }
}

/** A term of the dictionary: its postings per field (null where it never occurs). */
export type TermPostings = (PostingList | null)[];

/**
 * Per-document numbers the scorer reads (field lengths, liveness) and the per-query accumulators,
 * all in typed arrays indexed by a document's number: scoring a posting is a few array reads, so a
 * query touching 100,000 postings takes well under a millisecond.
 */
export class DocumentTable {
  live = new Uint8Array(1024);
  lengths = FIELDS.map(() => new Int32Array(1024));
  private readonly totals = FIELDS.map(() => 0);
  liveCount = 0;
  next = 0;
  score = new Float64Array(1024);
  mask = new Uint32Array(1024);
  private stamp = new Uint32Array(1024);
  private query = 0;

  add(lengths: number[]): number {
    const doc = this.next++;
    if (doc >= this.live.length) this.grow(this.live.length * 2);
    this.live[doc] = 1;
    lengths.forEach((n, f) => {
      this.lengths[f]![doc] = n;
      this.totals[f]! += n;
    });
    this.liveCount += 1;
    return doc;
  }

  remove(doc: number): void {
    if (!this.live[doc]) return;
    this.live[doc] = 0;
    this.totals.forEach((_, f) => {
      this.totals[f]! -= this.lengths[f]![doc]!;
    });
    this.liveCount -= 1;
  }

  /** Starts a query: accumulators of earlier queries count as empty from now on. */
  begin(): void {
    this.query = (this.query + 1) >>> 0 || 1;
  }

  /**
   * Adds a posting list's BM25+ scores. With `touch`, a document scoring for the first time in this
   * query is added to `touched`; without, only documents already there score (an AND narrowing down).
   */
  accumulate(
    list: PostingList,
    field: number,
    weight: number,
    bit: number,
    touched: number[],
    touch: boolean,
  ) {
    const score = this.scorer(list, field, weight);
    const { data, length } = list;
    for (let i = 0; i < length; i += 2) {
      const doc = data[i]!;
      if (!this.live[doc]) continue;
      if (this.stamp[doc] === this.query) {
        this.score[doc]! += score(doc, data[i + 1]!);
        this.mask[doc]! |= bit;
      } else if (touch) {
        this.stamp[doc] = this.query;
        this.score[doc] = score(doc, data[i + 1]!);
        this.mask[doc] = bit;
        touched.push(doc);
      }
    }
  }

  /** Adds the list's scores for these documents only, looking each up: cheaper than a scan of a long list. */
  accumulateFor(list: PostingList, field: number, weight: number, bit: number, docs: number[]) {
    const score = this.scorer(list, field, weight);
    for (const doc of docs) {
      const tf = list.tfOf(doc);
      if (tf === 0) continue;
      this.score[doc]! += score(doc, tf);
      this.mask[doc]! |= bit;
    }
  }

  /**
   * What one word that only one article has scores in that article's body at its average length: the
   * unit of evidence a suggestion floor is given in, so one floor means the same for 5 articles or 5,000.
   */
  get unit(): number {
    const n = Math.max(1, this.liveCount);
    return Math.log(1 + (n - 0.5) / 1.5) * (D + 1);
  }

  private scorer(list: PostingList, field: number, weight: number) {
    const n = Math.max(1, this.liveCount);
    // Live documents only: an edited article's old postings must not make its words look common.
    const df = list.live;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const avg = this.totals[field]! / n || 1;
    const lengths = this.lengths[field]!;
    const w = weight * FIELD_BOOST[field]! * idf;
    return (doc: number, tf: number) =>
      w * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * lengths[doc]!) / avg)));
  }

  private grow(size: number): void {
    const widen = <T extends Uint8Array | Int32Array | Uint32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.live = widen(this.live);
    this.lengths = this.lengths.map(widen);
    this.score = widen(this.score);
    this.mask = widen(this.mask);
    this.stamp = widen(this.stamp);
  }
}

/** The `limit` best of `docs` by score, best first (a bounded min-heap: no sort of every match). */
export function topByScore(docs: number[], score: Float64Array, limit: number): number[] {
  const heap: number[] = [];
  const less = (a: number, b: number) => score[a]! < score[b]! || (score[a] === score[b] && a > b);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const doc of docs) {
    if (heap.length < limit) {
      heap.push(doc);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!less(heap[i]!, heap[p]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    } else if (limit > 0 && less(heap[0]!, doc)) {
      heap[0] = doc;
      down(0);
    }
  }
  return heap.sort((a, b) => (less(a, b) ? 1 : less(b, a) ? -1 : 0));
}

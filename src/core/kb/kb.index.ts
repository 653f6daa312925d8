import SearchableMap from 'minisearch/SearchableMap';
import {
  bestIn,
  cost,
  type Expansion,
  eachList,
  expand,
  inDoc,
  terms,
  termsWithForms,
} from './kb.expansion.js';
import { DocumentTable, FIELDS, PostingList, type TermPostings, topByScore } from './kb.postings.js';
import { snippet } from './kb.snippet.js';
import type { SearchHit } from './kb.types.js';

/** A published article as the index holds it: words only, no markup. */
export interface IndexedArticle {
  id: string;
  slug: string;
  title: string;
  labels: string[];
  /** Questions the article answers, in people's words. */
  questions?: string[];
  /** The body as plain text. */
  text: string;
}

/** Index-level search options (the service adds defaults and records misses). */
export interface IndexQuery {
  limit: number;
  label?: string;
  /** 'typed': what a person types in a search box; 'described': a problem told in a sentence. */
  mode?: 'typed' | 'described';
}

const MAX_AND_TERMS = 31; // one bit per term in the match mask

/**
 * The search index of published articles, in memory. MiniSearch's radix tree (SearchableMap) is the
 * term dictionary: it finds a typed term's completions and near misses as MiniSearch does, and scores
 * them with MiniSearch's BM25+ and weights. Postings and scores live in typed arrays (kb.postings.ts)
 * rather than MiniSearch's per-document maps and objects, which took 150+ ms at p99 for two common
 * words over 100,000 articles (see bench/kb-search.bench.ts).
 */
export class KbIndex {
  private dictionary = new SearchableMap<TermPostings>();
  private table = new DocumentTable();
  private byId = new Map<string, number>();
  private articles: (IndexedArticle | undefined)[] = [];
  /** Articles removed since the last vacuum: their postings are still in the lists. */
  private dead = 0;
  /** The first form each stem was written in ("policies" for "polici"), for completions people read. */
  private forms = new Map<string, string>();

  /** A score's unit of evidence (DocumentTable.unit). */
  get scoreUnit(): number {
    return this.table.unit;
  }

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Builds the index afresh from these articles. */
  replaceAll(articles: IndexedArticle[]): void {
    this.dictionary = new SearchableMap<TermPostings>();
    this.table = new DocumentTable();
    this.byId = new Map();
    this.articles = [];
    this.dead = 0;
    this.forms = new Map();
    for (const a of articles) this.upsert(a);
  }

  upsert(article: IndexedArticle): void {
    this.remove(article.id);
    const fields = fieldTexts(article).map((text) =>
      termsWithForms(text).map(({ term, form }) => {
        if (!this.forms.has(term)) this.forms.set(term, form);
        return term;
      }),
    );
    const doc = this.table.add(fields.map((f) => f.length));
    this.articles[doc] = article;
    this.byId.set(article.id, doc);
    fields.forEach((fieldTerms, f) => {
      const tf = new Map<string, number>();
      for (const t of fieldTerms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [term, count] of tf) {
        const postings = this.dictionary.get(term) ?? FIELDS.map(() => null);
        if (postings.every((list) => list === null)) this.dictionary.set(term, postings);
        const list = postings[f] ?? new PostingList();
        postings[f] = list;
        list.push(doc, count);
      }
    });
  }

  remove(id: string): void {
    const doc = this.byId.get(id);
    if (doc === undefined) return;
    fieldTexts(this.articles[doc]!).forEach((text, f) => {
      for (const term of new Set(terms(text))) {
        const list = this.dictionary.get(term)?.[f];
        if (list) list.live -= 1;
      }
    });
    this.byId.delete(id);
    this.articles[doc] = undefined;
    this.table.remove(doc);
    // Postings of removed articles are skipped when scored, and dropped once there are many of them.
    this.dead += 1;
    if (this.dead > Math.max(1000, this.table.liveCount / 4)) this.vacuum();
  }

  search(query: string, options: IndexQuery): SearchHit[] {
    const described = options.mode === 'described';
    const queryTerms = [...new Set(terms(query))];
    if (queryTerms.length === 0) return [];
    const expansions = queryTerms.map((t, i) =>
      expand(this.dictionary, t, !described && i === queryTerms.length - 1),
    );
    const label = options.label;
    const keep = label ? (doc: number) => this.articles[doc]!.labels.includes(label) : () => true;
    let docs = described ? [] : this.match(expansions, 'all', keep);
    if (docs.length === 0) docs = this.match(expansions, 'any', keep);
    return topByScore(docs, this.table.score, options.limit).map((doc) => this.hit(doc, expansions, query));
  }

  /** Completions of what is being typed, best first (e.g. "vpn con" → "vpn connect"). */
  suggest(prefix: string, limit: number): { suggestion: string; score: number }[] {
    const queryTerms = [...new Set(terms(prefix))];
    if (queryTerms.length === 0) return [];
    const expansions = queryTerms.map((t, i) => expand(this.dictionary, t, i === queryTerms.length - 1));
    const docs = this.match(expansions, 'all', () => true);
    const phrases = new Map<string, number>();
    for (const doc of topByScore(docs, this.table.score, 100)) {
      // Earlier terms become the best of their matches in this article; the one being typed, each completion.
      const shown = (term: string) => this.forms.get(term) ?? term;
      const head = expansions.slice(0, -1).map((e) => shown(bestIn(e, doc)?.term ?? ''));
      for (const last of expansions.at(-1)!.filter((x) => inDoc(x.postings, doc))) {
        const phrase = [...head, shown(last.term)].join(' ');
        phrases.set(phrase, (phrases.get(phrase) ?? 0) + this.table.score[doc]! * last.weight);
      }
    }
    return [...phrases]
      .map(([suggestion, score]) => ({ suggestion, score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  /**
   * Scores every article matching all query terms (or any), leaving the scores in the table. For
   * "all", the rarest term goes first and later terms only narrow its matches down, by looking each
   * match up in their lists when that is cheaper than scanning them (a common word's list is long).
   */
  private match(expansions: Expansion[], need: 'all' | 'any', keep: (doc: number) => boolean): number[] {
    const table = this.table;
    table.begin();
    let touched: number[] = [];
    if (need === 'any') {
      for (const e of expansions) eachList(e, (list, f, w) => table.accumulate(list, f, w, 0, touched, true));
      return touched.filter(keep);
    }
    if (expansions.length > MAX_AND_TERMS) return [];
    const groups = expansions
      .map((e, i) => ({ e, bit: 1 << i, ...cost(e) }))
      .sort((a, b) => a.postings - b.postings);
    let seen = 0;
    for (const [i, g] of groups.entries()) {
      if (g.lists === 0) return [];
      if (i === 0) eachList(g.e, (list, f, w) => table.accumulate(list, f, w, g.bit, touched, true));
      else if (touched.length * g.lists * 16 < g.postings) {
        const docs = touched;
        eachList(g.e, (list, f, w) => table.accumulateFor(list, f, w, g.bit, docs));
      } else eachList(g.e, (list, f, w) => table.accumulate(list, f, w, g.bit, touched, false));
      seen |= g.bit;
      const mask = table.mask;
      touched = touched.filter((doc) => (mask[doc]! & seen) === seen);
      if (touched.length === 0) return [];
    }
    return touched.filter(keep);
  }

  private hit(doc: number, expansions: Expansion[], query: string): SearchHit {
    const a = this.articles[doc]!;
    const matched = expansions.flatMap((e) => e.filter((x) => inDoc(x.postings, doc)).map((x) => x.term));
    const words = [
      ...matched,
      ...query
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean),
    ];
    return {
      slug: a.slug,
      title: a.title,
      labels: a.labels,
      snippet: snippet(a.text, words),
      url: `/kb/${a.slug}`,
      score: this.table.score[doc]!,
    };
  }

  private vacuum(): void {
    const empty: string[] = [];
    for (const [term, postings] of this.dictionary) {
      let left = 0;
      postings.forEach((list, f) => {
        const n = list ? list.compact(this.table.live) : 0;
        if (n === 0) postings[f] = null;
        left += n;
      });
      if (left === 0) empty.push(term);
    }
    for (const term of empty) this.dictionary.delete(term);
    this.dead = 0;
  }
}

/** An article's text per indexed field, in FIELDS order. */
function fieldTexts(a: IndexedArticle): string[] {
  return [a.title, a.labels.join(' '), (a.questions ?? []).join('\n'), a.text];
}

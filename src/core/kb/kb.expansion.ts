import MiniSearch from 'minisearch';
import type SearchableMap from 'minisearch/SearchableMap';
import type { PostingList, TermPostings } from './kb.postings.js';
import { processTerm } from './kb.terms.js';

/** A query term's dictionary terms (itself, its completions, near misses) and their weights. */
export type Expansion = { term: string; postings: TermPostings; weight: number }[];

const tokenize: (text: string) => string[] = MiniSearch.getDefault('tokenize');
// MiniSearch's weights for a completion or a near miss of a query term, relative to the term itself.
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

/**
 * Typed queries: only the last term may be a prefix (it is the one being typed), and only terms of
 * 4+ characters match near misses (0.2 of their length, at most 2 edits): short terms would match
 * half the dictionary.
 */
export function expand(dictionary: SearchableMap<TermPostings>, term: string, prefix: boolean): Expansion {
  const found = new Map<string, { postings: TermPostings; weight: number }>();
  const exact = dictionary.get(term);
  if (exact) found.set(term, { postings: exact, weight: 1 });
  if (prefix) {
    for (const [t, postings] of dictionary.atPrefix(term)) {
      const distance = t.length - term.length;
      if (distance > 0)
        found.set(t, { postings, weight: (PREFIX_WEIGHT * t.length) / (t.length + 0.3 * distance) });
    }
  }
  const maxEdits = term.length >= 4 ? Math.min(2, Math.round(term.length * 0.2)) : 0;
  if (maxEdits > 0) {
    for (const [t, [postings, distance]] of dictionary.fuzzyGet(term, maxEdits)) {
      if (distance > 0 && !found.has(t))
        found.set(t, { postings, weight: (FUZZY_WEIGHT * t.length) / (t.length + distance) });
    }
  }
  return [...found].map(([t, v]) => ({ term: t, ...v }));
}

/** A text's words as the index keeps them: MiniSearch's tokenizer, then processTerm. */
export function terms(text: string): string[] {
  return tokenize(text).flatMap((t) => processTerm(t) ?? []);
}

/** Each kept word with the form it was written in (lower-cased): what completions show for a stem. */
export function termsWithForms(text: string): { term: string; form: string }[] {
  return tokenize(text).flatMap((t) => {
    const term = processTerm(t);
    return term === null ? [] : [{ term, form: t.toLowerCase() }];
  });
}

/** True when the document has the term in any field. */
export function inDoc(postings: TermPostings, doc: number): boolean {
  return postings.some((list) => list !== null && list.tfOf(doc) > 0);
}

/** Calls `run` for each posting list of an expansion, with its field and the term's weight. */
export function eachList(
  e: Expansion,
  run: (list: PostingList, field: number, weight: number) => void,
): void {
  for (const { postings, weight } of e) {
    postings.forEach((list, f) => {
      if (list) run(list, f, weight);
    });
  }
}

/** How many posting lists a term's expansion has, and how many postings they hold together. */
export function cost(e: Expansion): { lists: number; postings: number } {
  let lists = 0;
  let postings = 0;
  eachList(e, (list) => {
    lists += 1;
    postings += list.count;
  });
  return { lists, postings };
}

/** The highest-weighted of an expansion's terms that the document has. */
export function bestIn(expansion: Expansion, doc: number) {
  return expansion.filter((x) => inDoc(x.postings, doc)).sort((a, b) => b.weight - a.weight)[0];
}

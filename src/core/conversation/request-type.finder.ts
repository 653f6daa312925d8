import MiniSearch from 'minisearch';
import type { DeskConfig } from '../../config/desk.schema.js';
import { processTerm } from '../kb/kb.terms.js';

interface TypeDoc {
  id: string;
  name: string;
  description: string;
  keywords: string;
  department: string;
}

/** Suggests request types for a person's own words: names, descriptions and keywords, fuzzy and by prefix. */
export class RequestTypeFinder {
  private readonly index = new MiniSearch<TypeDoc>({
    fields: ['name', 'keywords', 'description', 'department'],
    storeFields: ['id'],
    // The knowledge base's words: stop words dropped, forms stemmed ("printing" finds "printer").
    processTerm,
    searchOptions: {
      boost: { name: 3, keywords: 2, department: 0.5 },
      prefix: true,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      combineWith: 'OR',
    },
  });

  constructor(config: DeskConfig) {
    this.index.addAll(
      config.departments.flatMap((d) =>
        // A catch-all is offered after the guesses, never guessed itself.
        d.requestTypes
          .filter((t) => !t.catchAll)
          .map((t) => ({
            id: t.id,
            name: t.name,
            description: t.description,
            keywords: t.keywords.join(' '),
            department: d.name,
          })),
      ),
    );
  }

  /** Up to `limit` request type ids, best first; only clear matches (a fraction of the best score). */
  find(text: string, limit = 3): string[] {
    const results = this.index.search(text);
    const best = results[0]?.score ?? 0;
    return results
      .filter((r) => r.score >= best * 0.25)
      .slice(0, limit)
      .map((r) => String(r.id));
  }
}

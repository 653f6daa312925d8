import MiniSearch from 'minisearch';
import type { DeskConfig } from '../../config/desk.schema.js';
import type { Clock } from '../../ports/clock.port.js';
import { systemClock } from '../../ports/clock.port.js';
import { FeedbackModel } from '../kb/kb.feedback.js';
import { SharedLessons } from '../kb/kb.lessons.js';
import { processTerm } from '../kb/kb.terms.js';

/** A request opened from these words as this type. */
type Choice = { words: string; requestType: string; at: Date };
/** The choices' model among the shared lessons. */
const LESSONS = 'request-types';

/** How much learned choices weigh against the best word match: lift 1.6 (the most) adds 1.2 × best. */
const LEARNED = 2;

interface TypeDoc {
  id: string;
  name: string;
  description: string;
  keywords: string;
  department: string;
}

/**
 * Suggests request types for a person's own words: names, descriptions and keywords, fuzzy and by
 * prefix, and what people finally chose for words like these (the same bounded, fading learning the
 * knowledge base's suggestions use).
 */
export class RequestTypeFinder {
  private readonly chosen = new FeedbackModel();
  /** How to read every choice from the store again (set by `follow`). */
  private read: (() => Promise<Choice[]>) | undefined;
  private readonly ids: string[];
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

  constructor(
    config: DeskConfig,
    private readonly clock: Clock = systemClock,
    /** Where choices are taught to every instance on the database. */
    private readonly lessons = new SharedLessons(),
  ) {
    lessons.register(LESSONS, this.chosen, async () => {
      if (this.read) this.load(await this.read());
    });
    this.ids = config.departments.flatMap((d) => d.requestTypes.filter((t) => !t.catchAll).map((t) => t.id));
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

  /**
   * Loads what people chose before (the store's ticket.created events with their words) and follows
   * what they choose on every instance; `read` reads it all again if a notification may have been lost.
   */
  async follow(read: () => Promise<Choice[]>): Promise<void> {
    this.read = read;
    await this.lessons.start();
    this.load(await read());
  }

  /** What people chose before, replacing what is known. */
  load(choices: Choice[]): void {
    this.chosen.load(
      choices.map((c) => ({ type: 'solved', query: c.words, slugs: [c.requestType], at: c.at })),
    );
  }

  /** A request opened from these words as this type. */
  learn(words: string, requestType: string): void {
    this.lessons.learn(LESSONS, { type: 'solved', query: words, slugs: [requestType], at: this.clock.now() });
  }

  /**
   * Up to `limit` request type ids, best first; only clear matches (a fraction of the best score). What
   * people chose for words like these adds up to 1.2 times the best word match, so a type they keep
   * choosing comes first even when its own words do not match (and fades as those choices age).
   */
  find(text: string, limit = 3): string[] {
    const results = this.index.search(text);
    const lexical = new Map(results.map((r) => [String(r.id), r.score]));
    const best = results[0]?.score ?? 0;
    const lift = this.chosen.lift(text, this.ids, this.clock.now());
    const scored = this.ids
      .map((id) => ({
        id,
        score: (lexical.get(id) ?? 0) + Math.max(best, 1) * LEARNED * ((lift.get(id) ?? 1) - 1),
      }))
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score);
    const top = scored[0]?.score ?? 0;
    return scored
      .filter((r) => r.score >= top * 0.25)
      .slice(0, limit)
      .map((r) => r.id);
  }
}

import { terms } from './kb.expansion.js';

/** What one answer taught: the words of the question, the article, whether it solved it, when. */
interface Lesson {
  words: Set<string>;
  slug: string;
  /** +1/n for each of the n articles shown when it solved the problem, -1 for each when it did not. */
  credit: number;
  at: number;
}

/** One answer as recorded: the question's words, the articles (or types) it was about, what was said. */
export interface Answer {
  query: string | null;
  slugs: string[];
  type: string;
  at: Date;
}

const DAY_MS = 86_400_000;
/** A lesson counts half after this long, and is forgotten after HORIZON. */
const HALF_LIFE_DAYS = 60;
const HORIZON_DAYS = 365;
/** Lessons older than this are forgotten, so a model loads only this far back. */
export const LESSON_HORIZON_MS = HORIZON_DAYS * DAY_MS;
/** At most this many lessons are kept (the newest), so memory and time stay bounded. */
const MAX_LESSONS = 20_000;
/** How far learning may move an article's score: at most ×1.6 up, ×0.6 down. */
const MAX_LIFT = 0.6;

/**
 * Learning from use: "This solved it" and "I still need help" after a suggestion teach which articles
 * answer which questions. An article that solved a question like this one (sharing its words) ranks
 * higher next time, one that repeatedly did not, lower; bounded, fading with age, one model per desk.
 */
export class FeedbackModel {
  private lessons: Lesson[] = [];

  /** Replaces what is known with these events (at start: the store's last year of answers). */
  load(events: Answer[]): void {
    this.lessons = [];
    for (const e of events) this.learn(e);
  }

  learn(e: Answer): void {
    if (!e.query || (e.type !== 'solved' && e.type !== 'not_solved')) return;
    const words = new Set(terms(e.query));
    if (words.size === 0) return;
    // "This solved it" is said of the suggestions together: each shown article gets a share of it;
    // "I still need help" counts against each of them.
    const credit = e.type === 'solved' ? 1 / Math.max(1, e.slugs.length) : -1;
    for (const slug of e.slugs) this.lessons.push({ words, slug, credit, at: e.at.getTime() });
    if (this.lessons.length > MAX_LESSONS) this.lessons = this.lessons.slice(-MAX_LESSONS);
  }

  /** The factor each article's score is multiplied by for this question (1 when nothing was learned). */
  lift(question: string, slugs: string[], now: Date): Map<string, number> {
    const words = new Set(terms(question));
    const evidence = new Map<string, number>(slugs.map((s) => [s, 0]));
    if (words.size === 0 || this.lessons.length === 0) return new Map(slugs.map((s) => [s, 1]));
    for (const l of this.lessons) {
      if (!evidence.has(l.slug)) continue;
      const age = (now.getTime() - l.at) / DAY_MS;
      if (age > HORIZON_DAYS) continue;
      let shared = 0;
      for (const w of words) if (l.words.has(w)) shared++;
      if (shared === 0) continue;
      // Jaccard overlap of the two questions' words, faded by age.
      const like = shared / (words.size + l.words.size - shared);
      const weight = like * 0.5 ** (Math.max(0, age) / HALF_LIFE_DAYS);
      evidence.set(l.slug, evidence.get(l.slug)! + l.credit * weight);
    }
    return new Map([...evidence].map(([slug, e]) => [slug, 1 + MAX_LIFT * Math.tanh(e)]));
  }
}

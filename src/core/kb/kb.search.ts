import type { Clock } from '../../ports/clock.port.js';
import type { KbEventType, KbStore } from '../../ports/kb-store.port.js';
import { ValidationError } from '../errors.js';
import { FeedbackModel, LESSON_HORIZON_MS } from './kb.feedback.js';
import { IndexFollower } from './kb.follower.js';
import { KbIndex } from './kb.index.js';
import { SharedLessons } from './kb.lessons.js';
import type {
  ArticleSuggestion,
  ArticleSuggestions,
  KbEvent,
  SearchHit,
  SearchOptions,
  SuggestOptions,
} from './kb.types.js';

const EVENT_TYPES: readonly KbEventType[] = [
  'suggestion_shown',
  'article_opened',
  'solved',
  'not_solved',
  'search_no_results',
];
const QUERY_MAX = 200;
const DESCRIPTION_MAX = 1000;
const SLUGS_MAX = 20;
/** The answers' model among the shared lessons. */
const LESSONS = 'kb-answers';

/** Search over published articles, suggestions for chat, and the events reports count. */
export class KbSearch implements ArticleSuggestions {
  readonly index = new KbIndex();
  /** What answers taught (solved / still need help), reranking suggestions. */
  readonly feedback = new FeedbackModel();
  private onError: (err: unknown) => void = () => {};
  readonly follower: IndexFollower;

  constructor(
    private readonly store: KbStore,
    private readonly clock: Clock,
    private readonly options: SuggestOptions = { minScore: 0 },
    /** Where answers are taught to every instance on the database. */
    private readonly lessons = new SharedLessons(),
  ) {
    this.follower = new IndexFollower(store, this.index, (err) => this.onError(err));
    lessons.register(LESSONS, this.feedback, () => this.loadAnswers());
  }

  /** Loads the index and what answers taught, and follows both on every instance on the database. */
  async start(options: { onError?: (err: unknown) => void } = {}): Promise<void> {
    if (options.onError) this.onError = options.onError;
    await this.follower.start();
    await this.lessons.start((err) => this.onError(err));
    await this.loadAnswers();
  }

  async stop(): Promise<void> {
    await this.lessons.stop();
    await this.follower.stop();
  }

  private async loadAnswers(): Promise<void> {
    const since = new Date(this.clock.now().getTime() - LESSON_HORIZON_MS);
    this.feedback.load(await this.store.answers(since));
  }

  /** Prefix and fuzzy search, title and labels weigh most; a miss is recorded as search_no_results. */
  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const q = query.trim().slice(0, QUERY_MAX);
    if (q === '') return [];
    await this.follower.ensureLoaded();
    const limit = clamp(options.limit ?? 10, 1, 50);
    const hits = this.index.search(q, { limit, label: options.label });
    if (hits.length === 0 && options.recordMiss !== false) {
      await this.record({ type: 'search_no_results', query: q, personId: options.personId ?? null });
    }
    return hits;
  }

  /** Completions for a search box as someone types. */
  async suggest(prefix: string, limit = 5): Promise<{ suggestion: string; score: number }[]> {
    const p = prefix.trim().slice(0, QUERY_MAX);
    if (p === '') return [];
    await this.follower.ensureLoaded();
    return this.index.suggest(p, clamp(limit, 1, 20));
  }

  /** Up to `limit` published articles for a problem described in free text (an employee's message). */
  async suggestArticles(text: string, limit = 3): Promise<ArticleSuggestion[]> {
    const q = text.trim().slice(0, DESCRIPTION_MAX);
    if (q === '') return [];
    await this.follower.ensureLoaded();
    // A wider net than shown, so what answers taught can bring a lower one up.
    const found = this.index.search(q, { limit: Math.max(10, clamp(limit, 1, 10)), mode: 'described' });
    const lift = this.feedback.lift(
      q,
      found.map((h) => h.slug),
      this.clock.now(),
    );
    // Below the floor an article shares only a word or two of little weight: showing it would cost
    // the person a click and teach them to skip suggestions. What answers taught moves it across.
    return found
      .map((h) => ({ h, score: h.score * (lift.get(h.slug) ?? 1) }))
      .filter((x) => x.score >= this.options.minScore * this.index.scoreUnit)
      .sort((a, b) => b.score - a.score)
      .slice(0, clamp(limit, 1, 10))
      .map(({ h: { slug, title, snippet, url } }) => ({ slug, title, snippet, url }));
  }

  /** Records what someone did with articles, for reports. */
  async record(event: KbEvent): Promise<void> {
    if (!EVENT_TYPES.includes(event.type)) {
      throw new ValidationError('Unknown event type', { type: `must be one of: ${EVENT_TYPES.join(', ')}` });
    }
    const slugs = (event.slugs ?? []).filter((s) => typeof s === 'string' && s.length <= 200);
    const at = this.clock.now();
    await this.store.record({
      type: event.type,
      slugs: slugs.slice(0, SLUGS_MAX),
      query: event.query === undefined ? null : event.query.slice(0, QUERY_MAX),
      personId: event.personId ?? null,
      conversationId: event.conversationId ?? null,
      at,
    });
    // After the row: an instance that reloads meanwhile reads it there.
    this.lessons.learn(LESSONS, { type: event.type, query: event.query ?? null, slugs, at });
  }
}

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.max(min, Math.min(max, Math.trunc(n))) : min;
}

/** Draft articles are seen by KB editors and admins only; published ones by anyone. */
export type ArticleStatus = 'draft' | 'published';

/** One knowledge-base article as stored. */
export interface ArticleRecord {
  id: string;
  slug: string;
  title: string;
  body: string;
  template: string;
  labels: string[];
  /** Questions this article answers, as people ask them; searched with the title. */
  questions: string[];
  parentId: string | null;
  position: number;
  status: ArticleStatus;
  version: number;
  /** Hash of the seed file it was last imported from; null once changed in the app. */
  seedHash: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedBy: string | null;
  updatedAt: Date;
}

/** An article without its body: what the tree and listings need. */
export type ArticleSummary = Omit<ArticleRecord, 'body'>;

/** One content version of an article. */
export interface ArticleVersionRecord {
  articleId: string;
  version: number;
  title: string;
  body: string;
  labels: string[];
  questions: string[];
  authorId: string | null;
  at: Date;
}

/** An article to create: its content and place, by whom and when. */
export interface NewArticle
  extends Pick<
    ArticleRecord,
    'slug' | 'title' | 'body' | 'template' | 'labels' | 'questions' | 'parentId' | 'status' | 'seedHash'
  > {
  authorId: string | null;
  at: Date;
}

/** A change to an article; a content change (title, body, labels) writes a new version. */
export interface ArticlePatch {
  title?: string;
  body?: string;
  labels?: string[];
  questions?: string[];
  status?: ArticleStatus;
  /** Where the article sits: a new parent and, optionally, a new position among its siblings. */
  placement?: { parentId: string | null; position: number | null };
  seedHash: string | null;
  authorId: string | null;
  at: Date;
}

/** Why a write was refused by the store (checked inside its transaction, so races cannot slip by). */
export type ArticleWriteRefusal = 'stale' | 'cycle' | 'not_found';

export type KbEventType =
  | 'suggestion_shown'
  | 'article_opened'
  | 'solved'
  | 'not_solved'
  | 'search_no_results';

/** A question the knowledge base did not answer, and how often: an article to write. */
export interface UnansweredQuestion {
  query: string;
  /** Searches or first messages that found no article. */
  noResults: number;
  /** Times articles were suggested and the person still needed help. */
  notHelped: number;
  /** The articles suggested that did not help. */
  triedSlugs: string[];
  lastAt: Date;
}

export interface KbEventRecord {
  id: number;
  type: KbEventType;
  slugs: string[];
  query: string | null;
  personId: string | null;
  conversationId: string | null;
  at: Date;
}

export type NewKbEvent = Omit<KbEventRecord, 'id'>;

/** Stops listening; resolves once the dedicated connection (if any) is closed. */
export type StopListening = () => Promise<void>;

export interface KbStore {
  /** Inserts the article (last among its siblings) with version 1; null when the slug is taken. */
  create(article: NewArticle): Promise<ArticleRecord | null>;
  /** Applies the patch if the article still has `expectedVersion` (null: no check). */
  update(
    id: string,
    expectedVersion: number | null,
    patch: ArticlePatch,
  ): Promise<ArticleRecord | ArticleWriteRefusal>;
  bySlug(slug: string): Promise<ArticleRecord | null>;
  byId(id: string): Promise<ArticleRecord | null>;
  /** Every article without bodies, in tree order (parent, position, title). */
  summaries(): Promise<ArticleSummary[]>;
  /** Published articles with bodies: what the search index is built from. */
  published(): Promise<ArticleRecord[]>;
  versions(articleId: string): Promise<ArticleVersionRecord[]>;
  record(event: NewKbEvent): Promise<void>;
  events(type?: KbEventType): Promise<KbEventRecord[]>;
  /**
   * What people asked that no article answered since `since`: searches that found nothing and
   * suggestions that did not help, by question (case and spacing ignored), most asked first.
   */
  unanswered(since: Date, limit: number): Promise<UnansweredQuestion[]>;
  /** "Solved" and "still need help" answers since `since`, with their words, oldest first (learning from use). */
  answers(since: Date): Promise<{ type: KbEventType; query: string | null; slugs: string[]; at: Date }[]>;
  /**
   * Calls `onChange(articleId)` after any instance on this database committed a change to the
   * article, and `onResync()` when changes may have been missed (the connection was lost and is back).
   */
  listen(onChange: (articleId: string) => void, onResync: () => void): Promise<StopListening>;
}

import type { ArticleStatus, ArticleVersionRecord, KbEventType } from '../../ports/kb-store.port.js';

export type { ArticleStatus, KbEventType };

/** A published article offered for a problem described in words: what a chat card shows. */
export interface ArticleSuggestion {
  slug: string;
  title: string;
  /** Plain text from the body around what matched. */
  snippet: string;
  /** `/kb/<slug>`, relative: callers prefix the desk's baseUrl where they need an absolute link. */
  url: string;
}

/** Something a person did with articles, recorded for reports. */
export interface KbEvent {
  type: KbEventType;
  slugs?: string[];
  query?: string;
  personId?: string | null;
  conversationId?: string | null;
}

/** What the conversation engine needs from the knowledge base. */
export interface ArticleSuggestions {
  suggestArticles(text: string, limit?: number): Promise<ArticleSuggestion[]>;
  record(event: KbEvent): Promise<void>;
}

/**
 * How chat suggestions are chosen: an article scoring below `minScore` units of evidence (one word only
 * it has, found in its body) is not shown.
 */
export interface SuggestOptions {
  minScore: number;
}

/** One search result. */
export interface SearchHit extends ArticleSuggestion {
  score: number;
  labels: string[];
}

export interface SearchOptions {
  limit?: number;
  label?: string;
  /** False while someone is still typing: a miss is then not recorded as search_no_results. */
  recordMiss?: boolean;
  /** Who searched, when signed in: kept with a recorded miss. */
  personId?: string | null;
}

/** A link in the path from the root of the tree down to an article. */
export interface Crumb {
  slug: string;
  title: string;
}

/** An article in the tree, with its children in order. */
export interface TreeNode {
  slug: string;
  title: string;
  status: ArticleStatus;
  labels: string[];
  children: TreeNode[];
}

/** An article as readers see it: the body rendered to safe HTML, where it sits, and its versions. */
export interface ArticleView {
  slug: string;
  title: string;
  body: string;
  html: string;
  template: string;
  labels: string[];
  /** Questions this article answers, as people ask them. */
  questions: string[];
  status: ArticleStatus;
  version: number;
  parent: string | null;
  position: number;
  breadcrumbs: Crumb[];
  children: Crumb[];
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string | null;
  versions: Omit<ArticleVersionRecord, 'articleId' | 'body'>[];
}

/** The fields of a new article; body defaults to the template's sections. */
export interface CreateArticleInput {
  title: string;
  slug?: string;
  template?: string;
  body?: string;
  labels?: string[];
  /** Questions this article answers, as people ask them. */
  questions?: string[];
  /** Slug of the parent article; absent or null: at the root. */
  parent?: string | null;
  status?: ArticleStatus;
}

export interface UpdateArticleInput {
  title?: string;
  body?: string;
  labels?: string[];
  questions?: string[];
  /** The version the editor read: a stale one is refused (409). */
  version?: number;
}

export interface MoveArticleInput {
  parent: string | null;
  /** Index among the new siblings, from 0; absent: last. */
  position?: number;
}

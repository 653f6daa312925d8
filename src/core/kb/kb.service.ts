import type { SeedArticle } from '../../config/kb-seed.loader.js';
import type { Clock } from '../../ports/clock.port.js';
import type {
  ArticlePatch,
  ArticleRecord,
  ArticleStatus,
  ArticleSummary,
  ArticleVersionRecord,
  KbStore,
  UnansweredQuestion,
} from '../../ports/kb-store.port.js';
import type { Person } from '../../ports/store.port.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { checkCreate, checkUpdate, throwIfErrors } from './kb.input.js';
import type { SharedLessons } from './kb.lessons.js';
import { KbSearch } from './kb.search.js';
import { importSeed, type SeedResult } from './kb.seed.js';
import { TEMPLATES, templateBody } from './kb.templates.js';
import { buildTree, labelCounts, wouldCycle } from './kb.tree.js';
import type {
  ArticleSuggestion,
  ArticleSuggestions,
  ArticleView,
  CreateArticleInput,
  KbEvent,
  MoveArticleInput,
  SearchHit,
  SearchOptions,
  SuggestOptions,
  TreeNode,
  UpdateArticleInput,
} from './kb.types.js';
import { articleView, isKbEditor, visibleTo } from './kb.view.js';

/** An article in a flat listing, with its parent's slug. */
export type ArticleListItem = Omit<ArticleSummary, 'id' | 'parentId' | 'seedHash'> & {
  parent: string | null;
};

/**
 * The knowledge base: a page tree of Markdown articles with versions, drafts and labels, and search
 * over the published ones. Every rule about who may read or write is checked here.
 */
export class KnowledgeBase implements ArticleSuggestions {
  private readonly finder: KbSearch;

  constructor(
    private readonly store: KbStore,
    private readonly clock: Clock,
    options: SuggestOptions = { minScore: 0 },
    lessons?: SharedLessons,
  ) {
    this.finder = new KbSearch(store, clock, options, lessons);
  }

  /** Loads the search index and follows edits made on any instance; call once at start-up. */
  start(options: { onError?: (err: unknown) => void } = {}): Promise<void> {
    return this.finder.start(options);
  }

  stop(): Promise<void> {
    return this.finder.stop();
  }

  templates() {
    return TEMPLATES.map((t) => ({ ...t, body: templateBody(t.id) }));
  }

  async tree(actor: Person | null): Promise<TreeNode[]> {
    return buildTree(await this.store.summaries(), visibleTo(actor));
  }

  /** Articles in tree order, optionally only those with a label. */
  async list(actor: Person | null, filter: { label?: string } = {}): Promise<ArticleListItem[]> {
    const all = await this.store.summaries();
    const slugOf = new Map(all.map((a) => [a.id, a.slug]));
    const order = new Map(flatten(buildTree(all)).map((slug, i) => [slug, i]));
    return all
      .filter(visibleTo(actor))
      .filter((a) => !filter.label || a.labels.includes(filter.label))
      .sort((a, b) => (order.get(a.slug) ?? 0) - (order.get(b.slug) ?? 0))
      .map(({ id: _id, parentId, seedHash: _seed, ...a }) => ({
        ...a,
        parent: parentId ? (slugOf.get(parentId) ?? null) : null,
      }));
  }

  /** "Articles to write", for KB editors: what people asked in the last 90 days that no article answered. */
  async articlesToWrite(actor: Person | null, limit = 30): Promise<UnansweredQuestion[]> {
    requireEditor(actor);
    const since = new Date(this.clock.now().getTime() - 90 * 86_400_000);
    return this.store.unanswered(since, Math.max(1, Math.min(100, limit)));
  }

  async labels(actor: Person | null): Promise<{ label: string; count: number }[]> {
    return labelCounts((await this.store.summaries()).filter(visibleTo(actor)));
  }

  /** Drafts are not found for anyone but KB editors and admins. */
  async get(actor: Person | null, slug: string): Promise<ArticleView> {
    const article = await this.visible(actor, slug);
    const [tree, versions] = await Promise.all([this.store.summaries(), this.store.versions(article.id)]);
    return articleView(article, tree, versions, visibleTo(actor));
  }

  async version(actor: Person | null, slug: string, version: number): Promise<ArticleVersionRecord> {
    const article = await this.visible(actor, slug);
    const found = (await this.store.versions(article.id)).find((v) => v.version === version);
    if (!found) throw new NotFoundError(`Article ${slug} has no version ${version}`);
    return found;
  }

  async create(actor: Person | null, input: CreateArticleInput): Promise<ArticleView> {
    const editor = requireEditor(actor);
    const { values, errors } = checkCreate(input);
    const parent = input.parent ? await this.store.bySlug(input.parent) : null;
    if (input.parent && !parent) errors.parent = `no article "${input.parent}"`;
    throwIfErrors('The article has errors', errors);
    const created = await this.store.create({
      ...values,
      body: input.body === undefined ? templateBody(values.template) : values.body,
      parentId: parent?.id ?? null,
      seedHash: null,
      authorId: editor.id,
      at: this.clock.now(),
    });
    if (!created)
      throw new ValidationError('The article has errors', { slug: 'is taken by another article' });
    return this.written(editor, created);
  }

  /** A change of title, body or labels writes a new version; an edit that changes nothing writes none. */
  async update(actor: Person | null, slug: string, input: UpdateArticleInput): Promise<ArticleView> {
    const editor = requireEditor(actor);
    const article = await this.existing(slug);
    const { values, errors } = checkUpdate(input);
    throwIfErrors('The article has errors', errors);
    if (input.version !== undefined && input.version !== article.version) throw stale(article);
    const unchanged =
      (values.title ?? article.title) === article.title &&
      (values.body ?? article.body) === article.body &&
      (values.labels ?? article.labels).join('\n') === article.labels.join('\n') &&
      (values.questions ?? article.questions).join('\n') === article.questions.join('\n');
    if (unchanged) return this.get(editor, slug);
    return this.write(editor, article, input.version ?? null, values);
  }

  /** Moves the article under another parent (null: the root) at a position among its new siblings. */
  async move(actor: Person | null, slug: string, input: MoveArticleInput): Promise<ArticleView> {
    const editor = requireEditor(actor);
    const article = await this.existing(slug);
    const errors: Record<string, string> = {};
    const parent = input.parent ? await this.store.bySlug(input.parent) : null;
    if (input.parent && !parent) errors.parent = `no article "${input.parent}"`;
    else if (parent && wouldCycle(await this.store.summaries(), article.id, parent.id)) {
      errors.parent = cycleMessage(slug, parent.slug);
    }
    const position = input.position;
    if (position !== undefined && (!Number.isInteger(position) || position < 0)) {
      errors.position = 'must be a whole number from 0';
    }
    throwIfErrors('The article cannot move there', errors);
    const placement = { parentId: parent?.id ?? null, position: position ?? null };
    return this.write(editor, article, null, { placement });
  }

  publish(actor: Person | null, slug: string): Promise<ArticleView> {
    return this.setStatus(actor, slug, 'published');
  }

  unpublish(actor: Person | null, slug: string): Promise<ArticleView> {
    return this.setStatus(actor, slug, 'draft');
  }

  search(query: string, options?: SearchOptions): Promise<SearchHit[]> {
    return this.finder.search(query, options);
  }

  suggest(prefix: string, limit?: number): Promise<{ suggestion: string; score: number }[]> {
    return this.finder.suggest(prefix, limit);
  }

  suggestArticles(text: string, limit?: number): Promise<ArticleSuggestion[]> {
    return this.finder.suggestArticles(text, limit);
  }

  record(event: KbEvent): Promise<void> {
    return this.finder.record(event);
  }

  /** Imports the seed articles by the rule in kb.seed.ts; safe to run at every start. */
  async importSeed(seed: SeedArticle[]): Promise<SeedResult & { total: number }> {
    const result = await importSeed(this.store, seed, this.clock.now());
    if (result.created + result.updated > 0) await this.finder.follower.refreshAll();
    return { ...result, total: (await this.store.summaries()).length };
  }

  private async setStatus(actor: Person | null, slug: string, status: ArticleStatus): Promise<ArticleView> {
    const editor = requireEditor(actor);
    const article = await this.existing(slug);
    if (article.status === status) return this.get(editor, slug);
    return this.write(editor, article, null, { status });
  }

  /** Writes a change made in the app: from now on the app owns the article, not the seed. */
  private async write(
    editor: Person,
    article: ArticleRecord,
    expectedVersion: number | null,
    change: Omit<ArticlePatch, 'seedHash' | 'authorId' | 'at'>,
  ): Promise<ArticleView> {
    const patch = { ...change, seedHash: null, authorId: editor.id, at: this.clock.now() };
    const saved = await this.store.update(article.id, expectedVersion, patch);
    if (saved === 'stale') throw stale(article);
    if (saved === 'not_found') throw new NotFoundError(`No article ${article.slug}`);
    if (saved === 'cycle') {
      const parent = (await this.store.summaries()).find((a) => a.id === change.placement?.parentId);
      throw new ValidationError('The article cannot move there', {
        parent: cycleMessage(article.slug, parent?.slug ?? '?'),
      });
    }
    return this.written(editor, saved);
  }

  /** The writer's own index follows at once; other instances follow the store's notification. */
  private async written(editor: Person, article: ArticleRecord): Promise<ArticleView> {
    await this.finder.follower.refresh(article.id);
    return this.get(editor, article.slug);
  }

  private async existing(slug: string): Promise<ArticleRecord> {
    const article = await this.store.bySlug(slug);
    if (!article) throw new NotFoundError(`No article ${slug}`);
    return article;
  }

  private async visible(actor: Person | null, slug: string): Promise<ArticleRecord> {
    const article = await this.store.bySlug(slug);
    if (!article || !visibleTo(actor)(article)) throw new NotFoundError(`No article ${slug}`);
    return article;
  }
}

function requireEditor(actor: Person | null): Person {
  if (!actor || !isKbEditor(actor)) throw new ForbiddenError('Only KB editors and admins write articles');
  return actor;
}

function stale(article: ArticleRecord): ConflictError {
  return new ConflictError(
    `Article ${article.slug} changed since you read it; read it again and redo the edit`,
  );
}

function cycleMessage(slug: string, parent: string): string {
  return parent === slug
    ? 'an article cannot be its own parent'
    : `"${parent}" is below "${slug}": moving it there would make a loop`;
}

function flatten(nodes: TreeNode[]): string[] {
  return nodes.flatMap((n) => [n.slug, ...flatten(n.children)]);
}

import { randomUUID } from 'node:crypto';
import { and, asc, eq, getTableColumns, gte, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type {
  ArticlePatch,
  ArticleRecord,
  ArticleSummary,
  ArticleVersionRecord,
  ArticleWriteRefusal,
  KbEventRecord,
  KbEventType,
  KbStore,
  NewArticle,
  NewKbEvent,
  StopListening,
  UnansweredQuestion,
} from '../ports/kb-store.port.js';
import { CallBatcher } from './call.batcher.js';
import type { Database, Db } from './database.js';
import { kbArticles, kbEvents, kbVersions } from './kb.schema.js';
import { listenOn } from './notify.listener.js';

/** The channel every instance listens on; the payload is the changed article's id. */
const CHANNEL = 'deskbot_kb';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type ArticleRow = typeof kbArticles.$inferSelect;

const { body: _body, ...summaryColumns } = getTableColumns(kbArticles);

/** Articles, their versions and events; each write announces itself with NOTIFY in its transaction. */
export class KbRepository implements KbStore {
  private readonly db: Db;

  constructor(private readonly database: Database) {
    this.db = database.db;
  }

  async create(a: NewArticle): Promise<ArticleRecord | null> {
    return this.db.transaction(async (tx) => {
      const id = randomUUID();
      const [row] = await tx
        .insert(kbArticles)
        .values({
          id,
          slug: a.slug,
          title: a.title,
          body: a.body,
          template: a.template,
          labels: a.labels,
          questions: a.questions,
          parentId: a.parentId,
          position: sql`(SELECT COALESCE(MAX(position) + 1, 0) FROM kb_articles WHERE ${siblingsOf(a.parentId)})`,
          status: a.status,
          version: 1,
          seedHash: a.seedHash,
          createdBy: a.authorId,
          createdAt: a.at,
          updatedBy: a.authorId,
          updatedAt: a.at,
        })
        .onConflictDoNothing({ target: kbArticles.slug })
        .returning();
      if (!row) return null;
      await tx.insert(kbVersions).values(versionOf(row, a.authorId, a.at));
      await notify(tx, id);
      return articleFromRow(row);
    });
  }

  async update(
    id: string,
    expectedVersion: number | null,
    patch: ArticlePatch,
  ): Promise<ArticleRecord | ArticleWriteRefusal> {
    return this.db.transaction(async (tx) => {
      if (patch.placement) {
        // One tree writer at a time, so two concurrent moves cannot make a cycle between them.
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('deskbot_kb_tree'))`);
        if (await makesCycle(tx, id, patch.placement.parentId)) return 'cycle';
      }
      const [current] = await tx.select().from(kbArticles).where(eq(kbArticles.id, id)).for('update');
      if (!current) return 'not_found';
      if (expectedVersion !== null && current.version !== expectedVersion) return 'stale';
      const title = patch.title ?? current.title;
      const body = patch.body ?? current.body;
      const labels = patch.labels ?? current.labels;
      const questions = patch.questions ?? current.questions;
      const edited =
        title !== current.title ||
        body !== current.body ||
        labels.join('\n') !== current.labels.join('\n') ||
        questions.join('\n') !== current.questions.join('\n');
      const [row] = await tx
        .update(kbArticles)
        .set({
          title,
          body,
          labels,
          questions,
          status: patch.status ?? current.status,
          version: edited ? current.version + 1 : current.version,
          seedHash: patch.seedHash,
          parentId: patch.placement ? patch.placement.parentId : current.parentId,
          updatedBy: patch.authorId,
          updatedAt: patch.at,
        })
        .where(eq(kbArticles.id, id))
        .returning();
      if (edited) await tx.insert(kbVersions).values(versionOf(row!, patch.authorId, patch.at));
      if (patch.placement) await place(tx, id, patch.placement.parentId, patch.placement.position);
      await notify(tx, id);
      const [placed] = await tx.select().from(kbArticles).where(eq(kbArticles.id, id));
      return articleFromRow(placed!);
    });
  }

  async bySlug(slug: string): Promise<ArticleRecord | null> {
    const [row] = await this.db.select().from(kbArticles).where(eq(kbArticles.slug, slug));
    return row ? articleFromRow(row) : null;
  }

  async byId(id: string): Promise<ArticleRecord | null> {
    const [row] = await this.db.select().from(kbArticles).where(eq(kbArticles.id, id));
    return row ? articleFromRow(row) : null;
  }

  async summaries(): Promise<ArticleSummary[]> {
    const rows = await this.db
      .select(summaryColumns)
      .from(kbArticles)
      .orderBy(asc(kbArticles.parentId), asc(kbArticles.position), asc(kbArticles.title));
    return rows.map((r) => ({ ...r, status: r.status as ArticleRecord['status'] }));
  }

  async published(): Promise<ArticleRecord[]> {
    const rows = await this.db.select().from(kbArticles).where(eq(kbArticles.status, 'published'));
    return rows.map(articleFromRow);
  }

  async versions(articleId: string): Promise<ArticleVersionRecord[]> {
    return this.db
      .select()
      .from(kbVersions)
      .where(eq(kbVersions.articleId, articleId))
      .orderBy(asc(kbVersions.version));
  }

  // Events come with conversation turns; under load the ones that queue up go in as one INSERT.
  private readonly events$ = new CallBatcher<NewKbEvent, void>(async (events) => {
    await this.db.insert(kbEvents).values(events);
    return events.map(() => undefined);
  });

  record(event: NewKbEvent): Promise<void> {
    return this.events$.call(event);
  }

  async events(type?: KbEventType): Promise<KbEventRecord[]> {
    const rows = await this.db
      .select()
      .from(kbEvents)
      .where(type ? eq(kbEvents.type, type) : undefined)
      .orderBy(asc(kbEvents.id));
    return rows.map((r) => ({ ...r, type: r.type as KbEventType }));
  }

  async answers(since: Date) {
    const rows = await this.db
      .select({ type: kbEvents.type, query: kbEvents.query, slugs: kbEvents.slugs, at: kbEvents.at })
      .from(kbEvents)
      .where(and(inArray(kbEvents.type, ['solved', 'not_solved']), gte(kbEvents.at, since)))
      .orderBy(asc(kbEvents.id));
    return rows.map((r) => ({ ...r, type: r.type as KbEventType }));
  }

  async unanswered(since: Date, limit: number): Promise<UnansweredQuestion[]> {
    const r = (await this.db.execute(sql`
      SELECT lower(regexp_replace(trim(e.query), '[[:space:]]+', ' ', 'g')) AS query,
        count(DISTINCT e.id) FILTER (WHERE e.type = 'search_no_results')::int AS "noResults",
        count(DISTINCT e.id) FILTER (WHERE e.type = 'not_solved')::int AS "notHelped",
        COALESCE(array_agg(DISTINCT s.slug) FILTER (WHERE s.slug IS NOT NULL), '{}') AS "triedSlugs",
        max(e.at) AS "lastAt"
      FROM kb_events e LEFT JOIN LATERAL unnest(e.slugs) AS s(slug) ON e.type = 'not_solved'
      WHERE e.type IN ('search_no_results', 'not_solved') AND e.query IS NOT NULL AND e.at >= ${since.toISOString()}::timestamptz
      GROUP BY 1
      ORDER BY count(DISTINCT e.id) DESC, max(e.at) DESC
      LIMIT ${limit}`)) as unknown as { rows: UnansweredQuestion[] };
    return r.rows.map((q) => ({ ...q, lastAt: new Date(q.lastAt) }));
  }

  listen(onChange: (articleId: string) => void, onResync: () => void): Promise<StopListening> {
    return listenOn(this.database, CHANNEL, onChange, onResync);
  }
}

function siblingsOf(parentId: string | null): SQL {
  return sql`parent_id IS NOT DISTINCT FROM ${parentId}::text`;
}

/** True when `parentId` is the article itself or one of its descendants. */
async function makesCycle(tx: Tx, id: string, parentId: string | null): Promise<boolean> {
  if (parentId === null) return false;
  const result = (await tx.execute(sql`
    WITH RECURSIVE up(id, parent_id) AS (
      SELECT id, parent_id FROM kb_articles WHERE id = ${parentId}
      UNION SELECT a.id, a.parent_id FROM kb_articles a JOIN up ON a.id = up.parent_id
    )
    SELECT 1 AS hit FROM up WHERE id = ${id} LIMIT 1`)) as unknown as { rows: unknown[] };
  return result.rows.length > 0;
}

/** Puts the article at `position` among its new siblings (null: last) and numbers them 0, 1, 2, ... */
async function place(tx: Tx, id: string, parentId: string | null, position: number | null) {
  const siblings = await tx
    .select({ id: kbArticles.id })
    .from(kbArticles)
    .where(and(siblingsOf(parentId), ne(kbArticles.id, id)))
    .orderBy(asc(kbArticles.position), asc(kbArticles.title));
  const order = siblings.map((s) => s.id);
  const at = position === null ? order.length : Math.max(0, Math.min(position, order.length));
  order.splice(at, 0, id);
  await tx.execute(sql`
    UPDATE kb_articles k SET position = (v.n - 1)::int
    FROM jsonb_array_elements_text(${JSON.stringify(order)}::jsonb) WITH ORDINALITY AS v(id, n)
    WHERE k.id = v.id AND k.position IS DISTINCT FROM (v.n - 1)::int`);
}

async function notify(tx: Tx, id: string) {
  // Delivered on commit only, so listeners never see a change that was rolled back.
  await tx.execute(sql`SELECT pg_notify(${CHANNEL}, ${id})`);
}

function versionOf(row: ArticleRow, authorId: string | null, at: Date) {
  return {
    articleId: row.id,
    version: row.version,
    title: row.title,
    body: row.body,
    labels: row.labels,
    questions: row.questions,
    authorId,
    at,
  };
}

function articleFromRow(row: ArticleRow): ArticleRecord {
  return { ...row, status: row.status as ArticleRecord['status'] };
}

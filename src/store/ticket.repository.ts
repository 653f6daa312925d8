import { and, asc, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type {
  ChangeSet,
  CommentRecord,
  HistoryRecord,
  NewTicket,
  SavedChange,
  TicketPatch,
  TicketQuery,
  TicketRecord,
  TicketScope,
  TicketStore,
} from '../ports/store.port.js';
import type { Db } from './database.js';
import { comments, ticketHistory, ticketShares, tickets } from './schema.js';
import { commentsFromJson, ticketFromRow } from './ticket.rows.js';

const patchColumns: Record<keyof TicketPatch, string> = {
  assigneeId: 'assignee_id',
  status: 'status',
  statusCategory: 'status_category',
  priority: 'priority',
  fields: 'fields',
  resolution: 'resolution',
};

/**
 * Each write is one statement: the ticket row plus its comments, history, events and outbox rows in
 * data-modifying CTEs. One statement is one transaction and one round trip, which keeps the core's
 * create rate close to a plain INSERT's.
 */
export class TicketRepository implements TicketStore {
  constructor(private readonly db: Db) {}

  async create(t: NewTicket, change: ChangeSet): Promise<TicketRecord> {
    const at = change.at.toISOString();
    const query = sql`WITH k AS (
        INSERT INTO key_counters (prefix, last) VALUES (${t.keyPrefix}, 1)
        ON CONFLICT (prefix) DO UPDATE SET last = key_counters.last + 1
        RETURNING last
      ), t AS (
        INSERT INTO tickets (key, department, request_type, summary, requester_id, assignee_id, status,
          status_category, priority, fields, resolution, version, created_at, updated_at)
        SELECT ${t.keyPrefix} || '-' || k.last, ${t.department}, ${t.requestType}, ${t.summary},
          ${t.requesterId}, ${t.assigneeId}, ${t.status}, ${t.statusCategory}, ${t.priority},
          ${JSON.stringify(t.fields)}::jsonb, ${t.resolution}, 1, ${at}::timestamptz, ${at}::timestamptz
        FROM k
        RETURNING *
      )${changeCtes(change)}
      SELECT * FROM t`;
    const result = await this.run(query);
    return ticketFromRow(result.rows[0] as Record<string, unknown>);
  }

  async update(
    ticketId: number,
    expectedVersion: number | null,
    patch: TicketPatch,
    change: ChangeSet,
  ): Promise<SavedChange | null> {
    const at = change.at.toISOString();
    const sets: SQL[] = [sql`updated_at = ${at}::timestamptz`];
    for (const [name, value] of Object.entries(patch) as [keyof TicketPatch, unknown][]) {
      if (value === undefined) continue;
      const column = sql.raw(patchColumns[name]);
      sets.push(
        name === 'fields' ? sql`${column} = ${JSON.stringify(value)}::jsonb` : sql`${column} = ${value}`,
      );
    }
    const versioned = expectedVersion !== null;
    if (versioned) sets.push(sql`version = version + 1`);
    const where = versioned ? sql`id = ${ticketId} AND version = ${expectedVersion}` : sql`id = ${ticketId}`;
    const query = sql`WITH t AS (
        UPDATE tickets SET ${sql.join(sets, sql`, `)} WHERE ${where} RETURNING *
      )${changeCtes(change)}
      SELECT t.*, ${newComments(change)} AS new_comments FROM t`;
    const result = await this.run(query);
    const row = result.rows[0] as Record<string, unknown> | undefined;
    return row ? { ticket: ticketFromRow(row), comments: commentsFromJson(row.new_comments) } : null;
  }

  private async run(query: SQL): Promise<{ rows: Record<string, unknown>[] }> {
    // Both drivers (PGlite and node-postgres) answer raw statements with { rows }.
    return (await this.db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  }

  async byKey(key: string): Promise<TicketRecord | null> {
    const rows = await this.db.select().from(tickets).where(eq(tickets.key, key)).limit(1);
    return (rows[0] as TicketRecord | undefined) ?? null;
  }

  async list(query: TicketQuery, scope: TicketScope): Promise<TicketRecord[]> {
    const where: (SQL | undefined)[] = [];
    if (!scope.all) {
      where.push(
        or(
          eq(tickets.requesterId, scope.personId),
          scope.departments.length > 0 ? inArray(tickets.department, scope.departments) : undefined,
          sql`EXISTS (SELECT 1 FROM ticket_shares s WHERE s.ticket_id = ${tickets.id} AND s.person_id = ${scope.personId})`,
        ),
      );
    }
    if (query.status?.length) where.push(inArray(tickets.status, query.status));
    if (query.statusCategory?.length) where.push(inArray(tickets.statusCategory, query.statusCategory));
    if (query.department?.length) where.push(inArray(tickets.department, query.department));
    if (query.requestType?.length) where.push(inArray(tickets.requestType, query.requestType));
    if (query.priority?.length) where.push(inArray(tickets.priority, query.priority));
    if (query.assigneeId === null) where.push(isNull(tickets.assigneeId));
    else if (query.assigneeId !== undefined) where.push(eq(tickets.assigneeId, query.assigneeId));
    if (query.requesterId) where.push(eq(tickets.requesterId, query.requesterId));
    if (query.beforeId !== undefined) where.push(lt(tickets.id, query.beforeId));
    const rows = await this.db
      .select()
      .from(tickets)
      .where(and(...where))
      .orderBy(desc(tickets.id))
      .limit(query.limit);
    return rows as TicketRecord[];
  }

  async comments(ticketId: number, includeInternal: boolean): Promise<CommentRecord[]> {
    const where = includeInternal
      ? eq(comments.ticketId, ticketId)
      : and(eq(comments.ticketId, ticketId), eq(comments.internal, false));
    return this.db.select().from(comments).where(where).orderBy(asc(comments.id));
  }

  async history(ticketId: number): Promise<HistoryRecord[]> {
    return this.db
      .select({
        id: ticketHistory.id,
        actorId: ticketHistory.actorId,
        at: ticketHistory.at,
        field: ticketHistory.field,
        before: ticketHistory.before,
        after: ticketHistory.after,
      })
      .from(ticketHistory)
      .where(eq(ticketHistory.ticketId, ticketId))
      .orderBy(asc(ticketHistory.id));
  }

  async isSharedWith(ticketId: number, personId: string): Promise<boolean> {
    const rows = await this.db
      .select({ one: sql`1` })
      .from(ticketShares)
      .where(and(eq(ticketShares.ticketId, ticketId), eq(ticketShares.personId, personId)))
      .limit(1);
    return rows.length > 0;
  }

  async share(ticketId: number, personId: string): Promise<void> {
    await this.db.insert(ticketShares).values({ ticketId, personId }).onConflictDoNothing();
  }
}

/** The CTEs that write a change set beside the ticket row `t`; empty parts write nothing. */
function changeCtes(change: ChangeSet): SQL {
  const at = change.at.toISOString();
  const parts: SQL[] = [];
  if (change.comments.length > 0) {
    parts.push(sql`, c AS (
      INSERT INTO comments (ticket_id, author_id, body, internal, created_at)
      SELECT t.id, x.author_id, x.body, x.internal, ${at}::timestamptz
      FROM t, jsonb_to_recordset(${JSON.stringify(change.comments.map(snakeComment))}::jsonb)
        AS x(author_id text, body text, internal boolean)
      RETURNING id, ticket_id, author_id, body, internal, created_at)`);
  }
  if (change.history.length > 0) {
    parts.push(sql`, h AS (
      INSERT INTO ticket_history (ticket_id, actor_id, at, field, before, after)
      SELECT t.id, ${change.actorId}, ${at}::timestamptz, x.field, x.before, x.after
      FROM t, jsonb_to_recordset(${JSON.stringify(change.history)}::jsonb) AS x(field text, before jsonb, after jsonb))`);
  }
  if (change.events.length > 0) {
    parts.push(sql`, e AS (
      INSERT INTO domain_events (ticket_id, type, actor_id, at, payload)
      SELECT t.id, x.type, ${change.actorId}, ${at}::timestamptz, x.payload || jsonb_build_object('ticketKey', t.key)
      FROM t, jsonb_to_recordset(${JSON.stringify(change.events)}::jsonb) AS x(type text, payload jsonb))`);
  }
  if (change.outbox.length > 0) {
    parts.push(sql`, o AS (
      INSERT INTO outbox (topic, ticket_id, payload, created_at, next_attempt_at)
      SELECT x.topic, t.id, x.payload || jsonb_build_object('ticketKey', t.key), ${at}::timestamptz, ${at}::timestamptz
      FROM t, jsonb_to_recordset(${JSON.stringify(change.outbox)}::jsonb) AS x(topic text, payload jsonb))`);
  }
  return sql.join(parts, sql``);
}

/** The comments the change added, as JSON, so the caller gets their ids without another query. */
function newComments(change: ChangeSet): SQL {
  return change.comments.length > 0
    ? sql`(SELECT coalesce(jsonb_agg(c ORDER BY c.id), '[]'::jsonb) FROM c)`
    : sql`'[]'::jsonb`;
}

function snakeComment(c: ChangeSet['comments'][number]) {
  return { author_id: c.authorId, body: c.body, internal: c.internal };
}

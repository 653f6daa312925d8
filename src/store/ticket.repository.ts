import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  AttachmentTakenError,
  type ChangeSet,
  type CommentRecord,
  CursorMovedError,
  type HistoryRecord,
  type NewTicket,
  RequestKeyUsedError,
  RuleAlreadyRanError,
  type SavedChange,
  type TicketPatch,
  type TicketQuery,
  type TicketRecord,
  type TicketScope,
  type TicketStore,
} from '../ports/store.port.js';
import { type CallBatcher, functionBatcher } from './call.batcher.js';
import type { Db, RawQuery } from './database.js';
import { comments, ticketHistory, ticketShares, tickets } from './schema.js';
import { ticketOrder, ticketWhere } from './ticket.filter.js';
import { commentsFromJson, ticketFromRow } from './ticket.rows.js';

/** The columns of a TicketRecord (the request key stays in the store). */
const ticketColumns = {
  id: tickets.id,
  key: tickets.key,
  department: tickets.department,
  requestType: tickets.requestType,
  summary: tickets.summary,
  requesterId: tickets.requesterId,
  assigneeId: tickets.assigneeId,
  status: tickets.status,
  statusCategory: tickets.statusCategory,
  priority: tickets.priority,
  fields: tickets.fields,
  resolution: tickets.resolution,
  originConversationId: tickets.originConversationId,
  version: tickets.version,
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
};

/**
 * Each write is one call to a PL/pgSQL function (migration 0001): the ticket row plus its comments,
 * history, events and outbox rows in one transaction and one round trip, with plans cached per
 * connection, which keeps the core's create rate close to a plain INSERT's.
 */
export class TicketRepository implements TicketStore {
  private readonly creates: CallBatcher<
    { prefix: string; ticket: object; change: ChangeSet },
    Record<string, unknown>
  >;
  private readonly updates: CallBatcher<
    { id: number; expected: number | null; patch: TicketPatch; change: ChangeSet },
    Record<string, unknown> | null
  >;

  constructor(
    private readonly db: Db,
    raw: RawQuery,
    concurrency = 1,
  ) {
    this.creates = functionBatcher(raw, 'create_ticket', concurrency);
    this.updates = functionBatcher(raw, 'update_ticket', concurrency);
  }

  async create(t: NewTicket, change: ChangeSet): Promise<TicketRecord> {
    const { keyPrefix, ...ticket } = t;
    return ticketFromRow(
      await this.creates.call({ prefix: keyPrefix, ticket, change }).catch(keyUsed(change)),
    );
  }

  async update(
    ticketId: number,
    expectedVersion: number | null,
    patch: TicketPatch,
    change: ChangeSet,
  ): Promise<SavedChange | null> {
    const row = await this.updates
      .call({ id: ticketId, expected: expectedVersion, patch, change })
      .catch(keyUsed(change));
    return row ? { ticket: ticketFromRow(row), comments: commentsFromJson(row.new_comments) } : null;
  }

  async byKey(key: string): Promise<TicketRecord | null> {
    const rows = await this.db.select(ticketColumns).from(tickets).where(eq(tickets.key, key)).limit(1);
    return (rows[0] as TicketRecord | undefined) ?? null;
  }

  async byId(id: number): Promise<TicketRecord | null> {
    const rows = await this.db.select(ticketColumns).from(tickets).where(eq(tickets.id, id)).limit(1);
    return (rows[0] as TicketRecord | undefined) ?? null;
  }

  async byIds(ids: number[]): Promise<TicketRecord[]> {
    if (ids.length === 0) return [];
    return (await this.db
      .select(ticketColumns)
      .from(tickets)
      .where(inArray(tickets.id, ids))) as TicketRecord[];
  }

  async list(query: TicketQuery, scope: TicketScope): Promise<TicketRecord[]> {
    const rows = await this.db
      .select(ticketColumns)
      .from(tickets)
      .where(ticketWhere(query, scope))
      .orderBy(...ticketOrder(query))
      .limit(query.limit)
      .offset(query.offset ?? 0);
    return rows as TicketRecord[];
  }

  async count(query: TicketQuery, scope: TicketScope, cap: number): Promise<number> {
    const capped = this.db
      .select({ one: sql`1` })
      .from(tickets)
      .where(ticketWhere(query, scope))
      .limit(cap)
      .as('capped');
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(capped);
    return Number(row?.n ?? 0);
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
        rule: ticketHistory.rule,
      })
      .from(ticketHistory)
      .where(eq(ticketHistory.ticketId, ticketId))
      .orderBy(asc(ticketHistory.id));
  }

  async typeChoices(since: Date, limit: number) {
    const r = (await this.db.execute(sql`
      SELECT payload->>'words' AS words, payload->>'requestType' AS "requestType", at FROM domain_events
      WHERE type = 'ticket.created' AND payload->>'words' IS NOT NULL AND at >= ${since.toISOString()}::timestamptz
      ORDER BY id DESC LIMIT ${limit}`)) as unknown as {
      rows: { words: string; requestType: string; at: Date }[];
    };
    return r.rows.map((c) => ({ ...c, at: new Date(c.at) }));
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

/** deskbot_record_request's refusal (SQLSTATE DK409) as the port's error; anything else as it is. */
function keyUsed(change: ChangeSet) {
  return (err: unknown): never => {
    if ((err as { code?: unknown }).code === 'DK412' && change.cursor)
      throw new CursorMovedError(change.cursor.key);
    if ((err as { code?: unknown }).code === 'DK409' && change.rule)
      throw new RuleAlreadyRanError(change.rule.id);
    if ((err as { code?: unknown }).code === 'DK409' && change.request)
      throw new RequestKeyUsedError(change.request.key);
    if ((err as { code?: unknown }).code === 'DK422') throw new AttachmentTakenError();
    throw err;
  };
}

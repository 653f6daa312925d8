import { and, asc, desc, eq, gt, gte, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type {
  ConversationRecord,
  ConversationStore,
  InboxEntry,
  TurnLease,
  TurnWrite,
} from '../ports/conversation-store.port.js';
import type { PlatformIdentity, Speaker, TranscriptEntry } from '../ports/message.types.js';
import type { PersonRecord, RoleGrant } from '../ports/person.types.js';
import { CallBatcher, eachAsJson, functionBatcher, jsonArray, jsonResult } from './call.batcher.js';
import { conversationMessages, conversations, inbox, outbox } from './conversation.schema.js';
import type { Db, RawQuery } from './database.js';
import { fromJsonb } from './jsonb.js';
import { deleteOldest } from './retention.js';
import { tickets } from './schema.js';
import type { TurnLeases } from './turn.lease.js';

export class ConversationRepository implements ConversationStore {
  private readonly begins: CallBatcher<BeginItem, BeginRow>;
  private readonly saves: CallBatcher<TurnWrite, boolean>;

  constructor(
    private readonly db: Db,
    raw: RawQuery,
    private readonly leases: TurnLeases,
    concurrency = 1,
  ) {
    this.begins = new CallBatcher<BeginItem, BeginRow>(
      eachAsJson((items) =>
        jsonResult(raw, 'SELECT deskbot_begin_turns($1::jsonb) AS r', [jsonArray(items)]),
      ),
      concurrency,
    );
    this.saves = functionBatcher(raw, 'save_turn', concurrency);
  }

  async beginTurn(entry: InboxEntry, at: Date, conversationId: string, speaker: Speaker) {
    const who = 'personId' in speaker ? { personId: speaker.personId } : { speaker };
    const v = await this.begins.call({ ...entry, at: at.toISOString(), conversationId, ...who });
    if (v.duplicate) return { duplicate: true as const };
    const c = v.conversation;
    const p = v.person;
    return {
      duplicate: false as const,
      conversation: c
        ? {
            id: String(c.id),
            platform: String(c.platform),
            ref: c.ref as Record<string, unknown>,
            personId: String(c.person_id),
            state: c.state as Record<string, unknown>,
            ticketId: c.ticket_id === null ? null : Number(c.ticket_id),
            version: Number(c.version),
          }
        : null,
      person: p ? { id: p.id, email: p.email, name: p.name, timezone: p.timezone, roles: p.roles } : null,
    };
  }

  /** State, transcript, outbox and inbox of a turn in one transaction (functions in migration 0001). */
  saveTurn(turn: TurnWrite): Promise<boolean> {
    return this.saves.call(turn);
  }

  async get(id: string): Promise<ConversationRecord | null> {
    const [row] = await this.db.select().from(conversations).where(eq(conversations.id, id));
    return row ? record(row) : null;
  }

  async forTicket(ticketId: number): Promise<ConversationRecord[]> {
    const rows = await this.db
      .select({ c: conversations })
      .from(conversations)
      .leftJoin(tickets, eq(tickets.id, ticketId))
      .where(or(eq(conversations.ticketId, ticketId), eq(conversations.id, tickets.originConversationId)))
      .orderBy(asc(conversations.createdAt));
    return rows.map((r) => record(r.c));
  }

  async waiting(receivedBefore: Date, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectDistinctOn([inbox.conversationId], { id: inbox.conversationId, at: inbox.receivedAt })
      .from(inbox)
      .where(and(isNull(inbox.processedAt), lt(inbox.receivedAt, receivedBefore)))
      .orderBy(inbox.conversationId, asc(inbox.receivedAt))
      .limit(limit);
    return rows
      .filter((r) => r.id !== null)
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((r) => r.id!);
  }

  exclusive<T>(
    conversationId: string,
    mine: { platform: string; deliveryId: string } | null,
    work: (lease: TurnLease) => Promise<T>,
  ): Promise<T> {
    return this.leases.hold(conversationId, mine, work);
  }

  async dismiss(platform: string, deliveryId: string, at: Date): Promise<void> {
    await this.db
      .update(inbox)
      .set({ processedAt: at })
      .where(and(eq(inbox.platform, platform), eq(inbox.deliveryId, deliveryId)));
  }

  async failed(platform: string, deliveryId: string, error: string, at: Date, setAsideAt: number) {
    // SET reads the row as it was: attempts + 1 is this failure's count.
    const [row] = await this.db
      .update(inbox)
      .set({
        attempts: sql`${inbox.attempts} + 1`,
        lastError: error.slice(0, 1000),
        processedAt: sql`CASE WHEN ${inbox.attempts} + 1 >= ${setAsideAt} THEN ${at.toISOString()}::timestamptz END`,
      })
      .where(and(eq(inbox.platform, platform), eq(inbox.deliveryId, deliveryId), isNull(inbox.processedAt)))
      .returning({ attempts: inbox.attempts, processedAt: inbox.processedAt });
    return row ? { attempts: row.attempts, setAside: row.processedAt !== null } : null;
  }

  async lastHeard(platform: string, since: Date, limit: number) {
    // Served by inbox_received_idx: only the recent rows are read.
    const result = (await this.db.execute(sql`SELECT * FROM (
        SELECT DISTINCT ON (conversation_id) conversation_id, delivery_id, received_at,
          payload->'conversation'->'ref' AS ref
        FROM inbox
        WHERE platform = ${platform} AND received_at > ${since.toISOString()}::timestamptz
          AND conversation_id IS NOT NULL
        ORDER BY conversation_id, received_at DESC, seq DESC
      ) AS last ORDER BY received_at DESC LIMIT ${limit}`)) as unknown as {
      rows: { conversation_id: string; delivery_id: string; received_at: unknown; ref: unknown }[];
    };
    return result.rows.map((r) => ({
      conversationId: r.conversation_id,
      deliveryId: r.delivery_id,
      receivedAt: r.received_at instanceof Date ? r.received_at : new Date(String(r.received_at)),
      ref: fromJsonb<Record<string, unknown>>(r.ref) ?? {},
    }));
  }

  async setAside(setAsideAt: number, limit: number) {
    const rows = await this.db
      .select()
      .from(inbox)
      .where(and(isNotNull(inbox.processedAt), gte(inbox.attempts, setAsideAt)))
      .orderBy(desc(inbox.receivedAt))
      .limit(limit);
    return rows.map((r) => ({
      platform: r.platform,
      deliveryId: r.deliveryId,
      conversationId: r.conversationId,
      attempts: r.attempts,
      error: r.lastError,
      receivedAt: r.receivedAt,
    }));
  }

  async unsetAside(platform: string, deliveryId: string, setAsideAt: number): Promise<boolean> {
    const rows = await this.db
      .update(inbox)
      .set({ processedAt: null, attempts: 0 })
      .where(
        and(
          eq(inbox.platform, platform),
          eq(inbox.deliveryId, deliveryId),
          isNotNull(inbox.processedAt),
          gte(inbox.attempts, setAsideAt),
        ),
      )
      .returning({ id: inbox.deliveryId });
    return rows.length > 0;
  }

  prune(before: Date, failedBefore: Date, limit: number): Promise<number> {
    return deleteOldest(
      this.db,
      inbox,
      and(
        lt(inbox.receivedAt, before),
        isNotNull(inbox.processedAt),
        or(isNull(inbox.lastError), lt(inbox.receivedAt, failedBefore)),
      )!,
      sql`${inbox.receivedAt}`,
      limit,
    );
  }

  async transcript(conversationId: string, afterId: number, limit: number): Promise<TranscriptEntry[]> {
    const rows = await this.db
      .select()
      .from(conversationMessages)
      .where(
        and(eq(conversationMessages.conversationId, conversationId), gt(conversationMessages.id, afterId)),
      )
      .orderBy(asc(conversationMessages.id))
      .limit(limit);
    return rows.map((r) => ({
      id: r.id,
      direction: r.direction as 'in' | 'out',
      message: r.message,
      at: r.at,
    }));
  }

  async appendOutbound(
    conversationId: string,
    message: Record<string, unknown>,
    at: Date,
    rows: { topic: string; payload: Record<string, unknown> }[],
  ): Promise<number> {
    return this.db.transaction(async (tx) => {
      // One append at a time per conversation (turns take the row too): its line ids and its outbox
      // ids then come in the same order, so the transcript and the platform show the same order.
      await tx.execute(sql`SELECT 1 FROM conversations WHERE id = ${conversationId} FOR UPDATE`);
      const [line] = await tx
        .insert(conversationMessages)
        .values({ conversationId, direction: 'out', message, at })
        .returning({ id: conversationMessages.id });
      if (rows.length > 0) {
        await tx
          .insert(outbox)
          .values(
            rows.map((o) => ({ topic: o.topic, payload: o.payload, createdAt: at, nextAttemptAt: at })),
          );
      }
      return line!.id;
    });
  }
}

/** What deskbot_begin_turns takes per turn (src/store/functions): the speaker as a person or an identity. */
type BeginItem = InboxEntry & {
  at: string;
  conversationId: string;
  personId?: string;
  speaker?: PlatformIdentity;
};

/** What deskbot_begin_turns returns per turn: rows as to_jsonb gives them (snake_case). */
interface BeginRow {
  duplicate: boolean;
  conversation: Record<string, unknown> | null;
  person: (PersonRecord & { roles: RoleGrant[] }) | null;
}

function record(row: typeof conversations.$inferSelect): ConversationRecord {
  return {
    id: row.id,
    platform: row.platform,
    ref: row.ref,
    personId: row.personId,
    state: row.state,
    ticketId: row.ticketId,
    version: row.version,
  };
}

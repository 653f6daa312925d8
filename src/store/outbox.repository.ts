import { and, desc, eq, inArray, lt, ne, or, sql } from 'drizzle-orm';
import type { OutboxRow, OutboxStore } from '../ports/conversation-store.port.js';
import { CallBatcher } from './call.batcher.js';
import { outbox } from './conversation.schema.js';
import type { Db, RawQuery } from './database.js';
import { fromJsonb } from './jsonb.js';
import { deleteOldest } from './retention.js';
import { tickets } from './schema.js';

export class OutboxRepository implements OutboxStore {
  /** Deliveries finishing together are marked in one statement (group commit). */
  private readonly delivered$: CallBatcher<{ id: number; at: Date }, void>;

  constructor(
    private readonly db: Db,
    private readonly raw: RawQuery,
    concurrency = 1,
  ) {
    this.delivered$ = new CallBatcher<{ id: number; at: Date }, void>(async (items) => {
      // One time for the batch: the latest, so no row is marked before it was delivered.
      const at = new Date(Math.max(...items.map((i) => i.at.getTime())));
      await this.raw(
        `UPDATE outbox SET state = 'delivered', delivered_at = $1, last_error = NULL WHERE id = ANY($2::bigint[])`,
        [at.toISOString(), items.map((i) => i.id)],
      );
      return items.map(() => undefined);
    }, concurrency);
  }

  /** Straight to the driver (database.raw): the dispatcher claims on every pass. */
  async claim(limit: number, now: Date, leaseMs: number): Promise<OutboxRow[]> {
    const until = new Date(now.getTime() + leaseMs).toISOString();
    // Several dispatchers (instances) claim disjoint rows, and a lane (a conversation) stays in order
    // (src/store/functions/deskbot_claim_outbox.sql).
    const rows = await this.raw(
      'SELECT id, topic, ticket_id, payload, attempts FROM deskbot_claim_outbox($1::timestamptz, $2::timestamptz, $3)',
      [until, now.toISOString(), limit],
    );
    return rows
      .map((r) => ({
        id: Number(r.id),
        topic: String(r.topic),
        ticketId: r.ticket_id === null ? null : Number(r.ticket_id),
        payload: fromJsonb<Record<string, unknown>>(r.payload),
        attempts: Number(r.attempts),
      }))
      .sort((a, b) => a.id - b.id);
  }

  delivered(id: number, at: Date): Promise<void> {
    return this.delivered$.call({ id, at });
  }

  async enqueue(row: { topic: string; ticketId: number | null; payload: Record<string, unknown> }, at: Date) {
    await this.db.insert(outbox).values({ ...row, createdAt: at, nextAttemptAt: at });
  }

  async retry(id: number, nextAttemptAt: Date, error: string): Promise<void> {
    await this.db
      .update(outbox)
      .set({ nextAttemptAt, lastError: error.slice(0, 1000) })
      .where(eq(outbox.id, id));
  }

  async release(ids: number[], at: Date): Promise<void> {
    await this.db
      .update(outbox)
      .set({ nextAttemptAt: at, attempts: sql`${outbox.attempts} - 1` })
      .where(inArray(outbox.id, ids));
  }

  async dead(limit: number) {
    const rows = await this.db
      .select({ row: outbox, ticketKey: tickets.key })
      .from(outbox)
      .leftJoin(tickets, eq(tickets.id, outbox.ticketId))
      .where(eq(outbox.state, 'dead'))
      .orderBy(desc(outbox.id))
      .limit(limit);
    return rows.map(({ row, ticketKey }) => ({
      id: row.id,
      topic: row.topic,
      ticketKey,
      attempts: row.attempts,
      error: row.lastError,
      createdAt: row.createdAt,
    }));
  }

  async revive(id: number, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(outbox)
      .set({ state: 'pending', attempts: 0, nextAttemptAt: at })
      .where(and(eq(outbox.id, id), eq(outbox.state, 'dead')))
      .returning({ id: outbox.id });
    return rows.length > 0;
  }

  prune(before: Date, deadBefore: Date, limit: number): Promise<number> {
    return deleteOldest(
      this.db,
      outbox,
      and(
        lt(outbox.createdAt, before),
        ne(outbox.state, 'pending'),
        or(ne(outbox.state, 'dead'), lt(outbox.createdAt, deadBefore)),
      )!,
      sql`${outbox.createdAt}`,
      limit,
    );
  }

  async finish(id: number, state: 'dead' | 'skipped', reason: string, at: Date): Promise<void> {
    await this.db
      .update(outbox)
      .set({ state, lastError: reason.slice(0, 1000), deliveredAt: state === 'skipped' ? at : null })
      .where(eq(outbox.id, id));
  }
}

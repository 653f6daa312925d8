import { eq, inArray, sql } from 'drizzle-orm';
import type { OutboxRow, OutboxStore } from '../ports/conversation-store.port.js';
import { CallBatcher } from './call.batcher.js';
import type { Db, RawQuery } from './database.js';
import { fromJsonb } from './jsonb.js';
import { outbox } from './schema.js';

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
    // SKIP LOCKED lets several dispatchers (instances) claim disjoint rows; the lease pushes the due time
    // past this attempt, so a crashed dispatcher's rows come back by themselves.
    const rows = await this.raw(
      `UPDATE outbox SET next_attempt_at = $1::timestamptz, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM outbox
        WHERE state = 'pending' AND next_attempt_at <= $2::timestamptz
        ORDER BY next_attempt_at, id
        LIMIT $3
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, topic, ticket_id, payload, attempts`,
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

  async finish(id: number, state: 'dead' | 'skipped', reason: string, at: Date): Promise<void> {
    await this.db
      .update(outbox)
      .set({ state, lastError: reason.slice(0, 1000), deliveredAt: state === 'skipped' ? at : null })
      .where(eq(outbox.id, id));
  }
}

import { and, eq, gte } from 'drizzle-orm';
import type { RequestKeyRecord, RequestKeyStore } from '../ports/store.port.js';
import type { Db } from './database.js';
import { idempotencyKeys, tickets } from './schema.js';

/** Clients' Idempotency-Keys: written with the change by deskbot_write_change (migration 0006). */
export class RequestKeyRepository implements RequestKeyStore {
  constructor(private readonly db: Db) {}

  async find(personId: string, key: string, notBefore: Date): Promise<RequestKeyRecord | null> {
    const [row] = await this.db
      .select({
        fingerprint: idempotencyKeys.fingerprint,
        ticketKey: tickets.key,
        commentId: idempotencyKeys.commentId,
        statusCode: idempotencyKeys.statusCode,
        response: idempotencyKeys.response,
      })
      .from(idempotencyKeys)
      .innerJoin(tickets, eq(tickets.id, idempotencyKeys.ticketId))
      .where(
        and(
          eq(idempotencyKeys.personId, personId),
          eq(idempotencyKeys.key, key),
          gte(idempotencyKeys.createdAt, notBefore),
        ),
      );
    if (!row) return null;
    const response = row.response as { body: unknown; location?: string } | null;
    return {
      fingerprint: row.fingerprint,
      ticketKey: row.ticketKey,
      commentId: row.commentId,
      answer: row.statusCode !== null && response ? { status: row.statusCode, ...response } : null,
    };
  }

  async answer(personId: string, key: string, answer: NonNullable<RequestKeyRecord['answer']>) {
    const { status, ...response } = answer;
    await this.db
      .update(idempotencyKeys)
      .set({ statusCode: status, response })
      .where(and(eq(idempotencyKeys.personId, personId), eq(idempotencyKeys.key, key)));
  }
}

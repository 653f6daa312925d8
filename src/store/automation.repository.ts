import { and, asc, desc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import type { AutomationStore, IdleTimer } from '../ports/automation-store.port.js';
import { automationCursors, automationTimers } from './automation.schema.js';
import type { Db } from './database.js';
import { ticketHistory, tickets } from './schema.js';

export class AutomationRepository implements AutomationStore {
  constructor(private readonly db: Db) {}

  async setTimers(timers: IdleTimer[]): Promise<void> {
    if (timers.length === 0) return;
    await this.db.insert(automationTimers).values(timers).onConflictDoNothing();
  }

  async dueTimers(now: Date, limit: number): Promise<IdleTimer[]> {
    return this.db
      .select({
        ticketId: automationTimers.ticketId,
        ruleId: automationTimers.ruleId,
        since: automationTimers.since,
        dueAt: automationTimers.dueAt,
      })
      .from(automationTimers)
      .where(and(eq(automationTimers.state, 'pending'), lte(automationTimers.dueAt, now)))
      .orderBy(asc(automationTimers.dueAt))
      .limit(limit);
  }

  async finishTimer(t: IdleTimer): Promise<void> {
    await this.db
      .update(automationTimers)
      .set({ state: 'done' })
      .where(
        and(
          eq(automationTimers.ticketId, t.ticketId),
          eq(automationTimers.ruleId, t.ruleId),
          eq(automationTimers.since, t.since),
        ),
      );
  }

  async cursor(key: string): Promise<string | null> {
    const [row] = await this.db
      .select({ value: automationCursors.value })
      .from(automationCursors)
      .where(eq(automationCursors.key, key));
    return row?.value ?? null;
  }

  async setCursor(key: string, value: string, at: Date): Promise<void> {
    await this.db
      .insert(automationCursors)
      .values({ key, value, updatedAt: at })
      .onConflictDoUpdate({ target: automationCursors.key, set: { value, updatedAt: at } });
  }

  async openLoad(personIds: string[]): Promise<Map<string, number>> {
    const load = new Map(personIds.map((id) => [id, 0]));
    if (personIds.length === 0) return load;
    const rows = await this.db
      .select({ assigneeId: tickets.assigneeId, n: sql<number>`count(*)::int` })
      .from(tickets)
      .where(and(inArray(tickets.assigneeId, personIds), ne(tickets.statusCategory, 'done')))
      .groupBy(tickets.assigneeId);
    for (const r of rows) if (r.assigneeId) load.set(r.assigneeId, Number(r.n));
    return load;
  }

  async statusSince(ticketId: number): Promise<Date | null> {
    const [row] = await this.db
      .select({ at: ticketHistory.at })
      .from(ticketHistory)
      .where(and(eq(ticketHistory.ticketId, ticketId), inArray(ticketHistory.field, ['status', 'created'])))
      .orderBy(desc(ticketHistory.id))
      .limit(1);
    return row?.at ?? null;
  }
}

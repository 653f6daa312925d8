import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type {
  DueClock,
  PingThreshold,
  SlaClockRecord,
  SlaClockState,
  SlaPing,
  SlaStore,
  StoredTicketEvent,
} from '../ports/sla-store.port.js';
import type { Db } from './database.js';
import { domainEvents } from './schema.js';
import { slaClocks, slaPings } from './sla.schema.js';

type Rows<T> = { rows: T[] };

/** SLA clocks, their timers and the ping ledger; each write is one statement (atomic, one round trip). */
export class SlaRepository implements SlaStore {
  constructor(private readonly db: Db) {}

  async events(ticketIds: number[]): Promise<Map<number, StoredTicketEvent[]>> {
    const out = new Map<number, StoredTicketEvent[]>(ticketIds.map((id) => [id, []]));
    if (ticketIds.length === 0) return out;
    const rows = await this.db
      .select({
        ticketId: domainEvents.ticketId,
        type: domainEvents.type,
        actorId: domainEvents.actorId,
        at: domainEvents.at,
        payload: domainEvents.payload,
      })
      .from(domainEvents)
      .where(inArray(domainEvents.ticketId, ticketIds))
      .orderBy(asc(domainEvents.id));
    for (const { ticketId, ...event } of rows) out.get(Number(ticketId))?.push(event);
    return out;
  }

  async clocks(ticketId: number): Promise<SlaClockState[]> {
    return (await this.clocksOf([ticketId])).get(ticketId) ?? [];
  }

  async clocksOf(ticketIds: number[]): Promise<Map<number, SlaClockState[]>> {
    const out = new Map<number, SlaClockState[]>(ticketIds.map((id) => [id, []]));
    if (ticketIds.length === 0) return out;
    // Qualified by hand: drizzle renders a column inside sql`` unqualified, which the subquery would capture.
    const pinged = sql<PingThreshold[]>`COALESCE((SELECT array_agg(p.threshold) FROM sla_pings p
      WHERE p.ticket_id = sla_clocks.ticket_id AND p.metric = sla_clocks.metric AND p.cycle = sla_clocks.cycle), '{}')`;
    const rows = await this.db
      .select({ clock: slaClocks, pinged })
      .from(slaClocks)
      .where(inArray(slaClocks.ticketId, ticketIds))
      .orderBy(asc(slaClocks.ticketId), asc(slaClocks.metric), asc(slaClocks.cycle));
    for (const r of rows) out.get(r.clock.ticketId)?.push({ ...r.clock, pinged: parseArray(r.pinged) });
    return out;
  }

  async saveClocks(byTicket: Map<number, SlaClockRecord[]>): Promise<void> {
    if (byTicket.size === 0) return;
    const input = JSON.stringify([...byTicket.values()].flat());
    const tickets = JSON.stringify([...byTicket.keys()]);
    // Upsert and delete in one statement, for every ticket of the batch: timers survive a recompute,
    // clocks no longer measured go.
    await this.db.execute(sql`
      WITH input AS (
        SELECT * FROM jsonb_to_recordset(${input}::jsonb) AS x("ticketId" bigint, "metric" text, "cycle" int,
          "policy" text, "calendar" text, "goalMs" bigint, "elapsedMs" bigint, "startedAt" timestamptz,
          "stoppedAt" timestamptz, "paused" boolean, "result" text, "breached" boolean, "dueAt" timestamptz,
          "nearBreachAt" timestamptz, "log" jsonb, "updatedAt" timestamptz)
      ), gone AS (
        DELETE FROM sla_clocks c
        WHERE c.ticket_id IN (SELECT (jsonb_array_elements_text(${tickets}::jsonb))::bigint)
          AND NOT EXISTS (SELECT 1 FROM input i
            WHERE i."ticketId" = c.ticket_id AND i.metric = c.metric AND i.cycle = c.cycle)
      )
      INSERT INTO sla_clocks (ticket_id, metric, cycle, policy, calendar, goal_ms, elapsed_ms, started_at,
        stopped_at, paused, result, breached, due_at, near_breach_at, log, updated_at)
      SELECT "ticketId", "metric", "cycle", "policy", "calendar", "goalMs", "elapsedMs", "startedAt", "stoppedAt",
        "paused", "result", "breached", "dueAt", "nearBreachAt", "log", "updatedAt" FROM input
      ON CONFLICT (ticket_id, metric, cycle) DO UPDATE SET policy = EXCLUDED.policy,
        calendar = EXCLUDED.calendar, goal_ms = EXCLUDED.goal_ms, elapsed_ms = EXCLUDED.elapsed_ms,
        started_at = EXCLUDED.started_at, stopped_at = EXCLUDED.stopped_at, paused = EXCLUDED.paused,
        result = EXCLUDED.result, breached = EXCLUDED.breached, due_at = EXCLUDED.due_at,
        near_breach_at = EXCLUDED.near_breach_at, log = EXCLUDED.log, updated_at = EXCLUDED.updated_at`);
  }

  async setTimer(ticketId: number, metric: string, cycle: number, at: Date | null): Promise<void> {
    await this.db
      .update(slaClocks)
      .set({ timerAt: at })
      .where(and(eq(slaClocks.ticketId, ticketId), eq(slaClocks.metric, metric), eq(slaClocks.cycle, cycle)));
  }

  async recordPing(
    ping: SlaPing,
    outbox: { topic: string; ticketId: number | null; payload: Record<string, unknown> }[],
    also: PingThreshold[] = [],
  ): Promise<boolean> {
    const at = ping.firedAt.toISOString();
    // The ledger row first; the outbox rows join on it, so they exist only if this statement made the ping.
    const r = (await this.db.execute(sql`
      WITH p AS (
        INSERT INTO sla_pings (ticket_id, metric, cycle, threshold, fired_at, due_at)
        VALUES (${ping.ticketId}, ${ping.metric}, ${ping.cycle}, ${ping.threshold}, ${at}::timestamptz,
          ${ping.dueAt.toISOString()}::timestamptz)
        ON CONFLICT DO NOTHING RETURNING 1
      ), o AS (
        INSERT INTO outbox (topic, ticket_id, payload, created_at, next_attempt_at)
        SELECT e.v->>'topic', (e.v->>'ticketId')::bigint, e.v->'payload', ${at}::timestamptz, ${at}::timestamptz
        FROM p, jsonb_array_elements(${JSON.stringify(outbox)}::jsonb) WITH ORDINALITY AS e(v, n)
        ORDER BY e.n
      ), a AS (
        INSERT INTO sla_pings (ticket_id, metric, cycle, threshold, fired_at, due_at)
        SELECT ${ping.ticketId}, ${ping.metric}, ${ping.cycle}, t, ${at}::timestamptz,
          ${ping.dueAt.toISOString()}::timestamptz
        FROM p, jsonb_array_elements_text(${JSON.stringify(also)}::jsonb) AS t
        ON CONFLICT DO NOTHING
      )
      SELECT count(*)::int AS made FROM p`)) as unknown as Rows<{ made: number }>;
    return Number(r.rows[0]?.made ?? 0) > 0;
  }

  async pings(ticketId: number): Promise<SlaPing[]> {
    const rows = await this.db
      .select()
      .from(slaPings)
      .where(eq(slaPings.ticketId, ticketId))
      .orderBy(asc(slaPings.firedAt));
    return rows.map((r) => ({ ...r, threshold: r.threshold as PingThreshold }));
  }

  async dueUnpinged(since: Date, now: Date, limit: number): Promise<DueClock[]> {
    const from = since.toISOString();
    const to = now.toISOString();
    const r = (await this.db.execute(sql`
      SELECT ticket_id, min(t) AS due FROM (
        SELECT c.ticket_id, c.near_breach_at AS t FROM sla_clocks c
        WHERE c.stopped_at IS NULL AND c.near_breach_at BETWEEN ${from}::timestamptz AND ${to}::timestamptz
          AND NOT EXISTS (SELECT 1 FROM sla_pings p WHERE p.ticket_id = c.ticket_id AND p.metric = c.metric
            AND p.cycle = c.cycle AND p.threshold = 'near_breach')
        UNION ALL
        SELECT c.ticket_id, c.due_at AS t FROM sla_clocks c
        WHERE c.stopped_at IS NULL AND c.due_at BETWEEN ${from}::timestamptz AND ${to}::timestamptz
          AND NOT EXISTS (SELECT 1 FROM sla_pings p WHERE p.ticket_id = c.ticket_id AND p.metric = c.metric
            AND p.cycle = c.cycle AND p.threshold = 'breached')
      ) due GROUP BY ticket_id ORDER BY due LIMIT ${limit}`)) as unknown as Rows<{
      ticket_id: unknown;
      due: unknown;
    }>;
    return r.rows.map((row) => ({ ticketId: Number(row.ticket_id), dueAt: new Date(String(row.due)) }));
  }

  async armTimers(now: Date, until: Date, limit: number): Promise<DueClock[]> {
    const from = now.toISOString();
    const to = until.toISOString();
    // The next threshold: the near breach while it is ahead, else the breach (never before it).
    const r = (await this.db.execute(sql`
      WITH next AS (
        SELECT ticket_id, metric, cycle,
          CASE WHEN near_breach_at > ${from}::timestamptz THEN near_breach_at ELSE due_at END AS at
        FROM sla_clocks
        WHERE stopped_at IS NULL
          AND (near_breach_at > ${from}::timestamptz AND near_breach_at <= ${to}::timestamptz
            OR due_at > ${from}::timestamptz AND due_at <= ${to}::timestamptz)
      ), due AS (
        SELECT n.* FROM next n JOIN sla_clocks c USING (ticket_id, metric, cycle)
        WHERE n.at <= ${to}::timestamptz AND c.timer_at IS DISTINCT FROM n.at
        ORDER BY n.at LIMIT ${limit}
        FOR UPDATE OF c SKIP LOCKED
      )
      UPDATE sla_clocks c SET timer_at = due.at FROM due
      WHERE c.ticket_id = due.ticket_id AND c.metric = due.metric AND c.cycle = due.cycle
        AND c.timer_at IS DISTINCT FROM due.at
      RETURNING c.ticket_id, due.at`)) as unknown as Rows<{ ticket_id: unknown; at: unknown }>;
    return r.rows.map((row) => ({ ticketId: Number(row.ticket_id), dueAt: new Date(String(row.at)) }));
  }
}

/** node-postgres parses text[]; PGlite too, but an array may also come back as its literal. */
function parseArray(value: unknown): PingThreshold[] {
  if (Array.isArray(value)) return value as PingThreshold[];
  if (typeof value === 'string')
    return value
      .replace(/^\{|\}$/g, '')
      .split(',')
      .filter(Boolean) as PingThreshold[];
  return [];
}

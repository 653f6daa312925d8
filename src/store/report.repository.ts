import { type SQL, sql } from 'drizzle-orm';
import type {
  BacklogCount,
  DashboardTicket,
  DayCounts,
  DayPart,
  DayRange,
  KbDay,
  ReportStore,
  SlaDay,
  TimeDay,
} from '../ports/report-store.port.js';
import type { Db } from './database.js';

type Rows<T> = { rows: T[] };
const OPEN = sql`('open', 'in_progress', 'waiting')`;

/** Each day's counts, from the sources' own rows between two instants (a whole day, or today so far). */
const countsBetween = (from: string, to: string) => sql`
  WITH c AS (
    SELECT department, request_type, count(*)::int AS n FROM tickets
    WHERE created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz GROUP BY 1, 2
  ), r AS (
    SELECT t.department, t.request_type, count(*)::int AS n
    FROM domain_events e JOIN tickets t ON t.id = e.ticket_id
    WHERE e.type = 'ticket.transitioned' AND e.payload->>'category' = 'done'
      AND e.at >= ${from}::timestamptz AND e.at < ${to}::timestamptz
    GROUP BY 1, 2
  ), s AS (
    SELECT t.department, t.request_type,
      ARRAY[count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2),
            count(*) FILTER (WHERE rating = 3), count(*) FILTER (WHERE rating = 4),
            count(*) FILTER (WHERE rating = 5)]::int[] AS csat
    FROM surveys v JOIN tickets t ON t.id = v.ticket_id
    WHERE v.answered_at >= ${from}::timestamptz AND v.answered_at < ${to}::timestamptz
    GROUP BY 1, 2
  )
  SELECT k.department, k.request_type AS "requestType", COALESCE(c.n, 0) AS created, COALESCE(r.n, 0) AS resolved,
    COALESCE(s.csat, '{0,0,0,0,0}') AS csat
  FROM (SELECT department, request_type FROM c UNION SELECT department, request_type FROM r
        UNION SELECT department, request_type FROM s) k
  LEFT JOIN c USING (department, request_type)
  LEFT JOIN r USING (department, request_type)
  LEFT JOIN s USING (department, request_type)`;

const clocksBetween = (from: string, to: string) => sql`
  SELECT t.department, k.metric, COALESCE(k.goal_ms, -1) AS goal, k.result, k.elapsed_ms,
    CASE WHEN k.elapsed_ms < 60000 THEN 0 ELSE floor(ln(k.elapsed_ms / 60000.0) / ln(1.1))::int + 1 END AS b
  FROM sla_clocks k JOIN tickets t ON t.id = k.ticket_id
  WHERE k.stopped_at >= ${from}::timestamptz AND k.stopped_at < ${to}::timestamptz AND k.result IS NOT NULL`;

const slaBetween = (from: string, to: string) => sql`
  SELECT department, metric, goal AS "goalMs", count(*) FILTER (WHERE result = 'met')::int AS met,
    count(*) FILTER (WHERE result = 'breached')::int AS breached
  FROM (${clocksBetween(from, to)}) k
  GROUP BY 1, 2, 3`;

const timesBetween = (from: string, to: string) => sql`
  SELECT department, metric, sum(n)::int AS count, sum(sum_ms)::bigint AS "sumMs", jsonb_object_agg(b::text, n) AS histogram
  FROM (
    SELECT department, metric, b, count(*)::int AS n, sum(elapsed_ms) AS sum_ms
    FROM (${clocksBetween(from, to)}) k
    GROUP BY 1, 2, 3
  ) x
  GROUP BY 1, 2`;

const kbBetween = (from: string, to: string) => sql`
  SELECT count(*) FILTER (WHERE type = 'suggestion_shown')::int AS shown,
    count(*) FILTER (WHERE type = 'solved')::int AS solved,
    count(*) FILTER (WHERE type = 'not_solved')::int AS "notSolved",
    count(*) FILTER (WHERE type = 'search_no_results')::int AS "noResults"
  FROM kb_events
  WHERE type IN ('suggestion_shown', 'solved', 'not_solved', 'search_no_results')
    AND at >= ${from}::timestamptz AND at < ${to}::timestamptz`;

export class ReportRepository implements ReportStore {
  constructor(private readonly db: Db) {}

  async rollUp(days: string[], at: Date): Promise<void> {
    for (const day of days) {
      const from = `${day}T00:00:00Z`;
      const to = `${nextDay(day)}T00:00:00Z`;
      await this.db.transaction(async (tx) => {
        await tx.execute(sql`DELETE FROM report_days WHERE day = ${day}::date`);
        await tx.execute(sql`DELETE FROM report_sla_days WHERE day = ${day}::date`);
        await tx.execute(sql`DELETE FROM report_kb_days WHERE day = ${day}::date`);
        await tx.execute(sql`DELETE FROM report_time_days WHERE day = ${day}::date`);
        await tx.execute(sql`INSERT INTO report_days (day, department, request_type, created, resolved, csat)
          SELECT ${day}::date, department, "requestType", created, resolved, csat FROM (${countsBetween(from, to)}) d`);
        await tx.execute(sql`INSERT INTO report_sla_days (day, department, metric, goal_ms, met, breached)
          SELECT ${day}::date, department, metric, "goalMs", met, breached FROM (${slaBetween(from, to)}) d`);
        await tx.execute(sql`INSERT INTO report_time_days (day, department, metric, count, sum_ms, histogram)
          SELECT ${day}::date, department, metric, count, "sumMs", histogram FROM (${timesBetween(from, to)}) d`);
        await tx.execute(sql`INSERT INTO report_kb_days (day, shown, solved, not_solved, no_results)
          SELECT ${day}::date, shown, solved, "notSolved", "noResults" FROM (${kbBetween(from, to)}) d`);
        await tx.execute(sql`INSERT INTO report_rollups (day, at) VALUES (${day}::date, ${at.toISOString()}::timestamptz)
          ON CONFLICT (day) DO UPDATE SET at = EXCLUDED.at`);
      });
    }
  }

  async missingDays(today: string, limit: number): Promise<string[]> {
    const r = (await this.db.execute(sql`
      SELECT to_char(d, 'YYYY-MM-DD') AS day
      FROM generate_series((SELECT min(created_at) AT TIME ZONE 'UTC' FROM tickets)::date,
                           ${today}::date - 1, interval '1 day') d
      WHERE NOT EXISTS (SELECT 1 FROM report_rollups r WHERE r.day = d::date)
      ORDER BY d LIMIT ${limit}`)) as unknown as Rows<{ day: string }>;
    return r.rows.map((row) => row.day);
  }

  async days(range: DayRange, departments: string[] | null, now: Date, parts: DayPart[]) {
    const inDepartments = departments ? sql`AND department = ANY(${pgArray(departments)}::text[])` : sql``;
    const inRange = sql`day BETWEEN ${range.from}::date AND ${range.to}::date`;
    const read = async <T>(part: DayPart, query: SQL): Promise<T[]> =>
      parts.includes(part) ? ((await this.db.execute(query)) as unknown as Rows<T>).rows : [];
    const out = {
      counts: await read<DayCounts>(
        'counts',
        sql`
        SELECT to_char(day, 'YYYY-MM-DD') AS day, department, request_type AS "requestType", created, resolved, csat
        FROM report_days WHERE ${inRange} ${inDepartments}`,
      ),
      sla: await read<SlaDay>(
        'sla',
        sql`
        SELECT to_char(day, 'YYYY-MM-DD') AS day, department, metric, goal_ms AS "goalMs", met, breached
        FROM report_sla_days WHERE ${inRange} ${inDepartments}`,
      ),
      times: await read<TimeDay>(
        'times',
        sql`
        SELECT to_char(day, 'YYYY-MM-DD') AS day, department, metric, count, sum_ms AS "sumMs", histogram
        FROM report_time_days WHERE ${inRange} ${inDepartments}`,
      ),
      kb: await read<KbDay>(
        'kb',
        sql`
        SELECT to_char(day, 'YYYY-MM-DD') AS day, shown, solved, not_solved AS "notSolved", no_results AS "noResults"
        FROM report_kb_days WHERE ${inRange}`,
      ),
    };
    // Today (not rolled up: it is not over) is counted live, up to now.
    const today = now.toISOString().slice(0, 10);
    if (range.from <= today && today <= range.to) {
      const from = `${today}T00:00:00Z`;
      const to = now.toISOString();
      const keep = (d: { department: string }) => !departments || departments.includes(d.department);
      const live = async <T extends object>(
        part: DayPart,
        query: SQL,
        scoped = true,
      ): Promise<(T & { day: string })[]> =>
        (await read<T>(part, query))
          .filter((r) => !scoped || keep(r as { department: string }))
          .map((r) => ({ ...r, day: today }));
      out.counts.push(...(await live<Omit<DayCounts, 'day'>>('counts', countsBetween(from, to))));
      out.sla.push(...(await live<Omit<SlaDay, 'day'>>('sla', slaBetween(from, to))));
      out.times.push(...(await live<Omit<TimeDay, 'day'>>('times', timesBetween(from, to))));
      out.kb.push(...(await live<Omit<KbDay, 'day'>>('kb', kbBetween(from, to), false)));
    }
    for (const s of out.sla) s.goalMs = Number(s.goalMs) < 0 ? null : Number(s.goalMs);
    for (const t of out.times) t.sumMs = Number(t.sumMs);
    return out;
  }

  async noResultSearches(range: DayRange, limit: number) {
    const r = (await this.db.execute(sql`
      SELECT lower(trim(query)) AS query, count(*)::int AS count FROM kb_events
      WHERE type = 'search_no_results' AND query IS NOT NULL
        AND at >= ${range.from}::date AND at < ${range.to}::date + 1
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}`)) as unknown as Rows<{ query: string; count: number }>;
    return r.rows;
  }

  async backlog(departments: string[] | null, now: Date): Promise<BacklogCount[]> {
    const r = (await this.db.execute(sql`
      SELECT department, status, floor(extract(epoch FROM (${now.toISOString()}::timestamptz - created_at)) / 86400)::int AS "ageDays",
        count(*)::int AS count
      FROM tickets WHERE status_category IN ${OPEN} ${departments ? sql`AND department = ANY(${pgArray(departments)}::text[])` : sql``}
      GROUP BY 1, 2, 3`)) as unknown as Rows<BacklogCount>;
    return r.rows;
  }

  async atRisk(departments: string[] | null, now: Date, limit: number): Promise<DashboardTicket[]> {
    const r = (await this.db.execute(sql`
      SELECT t.key, t.summary, t.department, t.priority, t.assignee_id AS "assigneeId", t.created_at AS "createdAt",
        k.metric, k.due_at AS "dueAt", k.breached
      FROM sla_clocks k JOIN tickets t ON t.id = k.ticket_id
      WHERE k.stopped_at IS NULL AND NOT k.paused
        AND (k.breached OR k.due_at <= ${now.toISOString()}::timestamptz OR k.near_breach_at <= ${now.toISOString()}::timestamptz)
        ${departments ? sql`AND t.department = ANY(${pgArray(departments)}::text[])` : sql``}
      ORDER BY k.due_at NULLS LAST LIMIT ${limit}`)) as unknown as Rows<DashboardTicket>;
    return r.rows.map(withDates);
  }

  async unassigned(departments: string[] | null, limit: number) {
    const where = sql`status_category IN ${OPEN} AND assignee_id IS NULL ${departments ? sql`AND department = ANY(${pgArray(departments)}::text[])` : sql``}`;
    const total = (await this.db.execute(
      sql`SELECT count(*)::int AS n FROM tickets WHERE ${where}`,
    )) as unknown as Rows<{ n: number }>;
    const r = (await this.db.execute(sql`
      SELECT key, summary, department, priority, assignee_id AS "assigneeId", created_at AS "createdAt"
      FROM tickets WHERE ${where} ORDER BY id LIMIT ${limit}`)) as unknown as Rows<DashboardTicket>;
    return { total: Number(total.rows[0]?.n ?? 0), tickets: r.rows.map(withDates) };
  }

  async agentLoad(departments: string[] | null) {
    const r = (await this.db.execute(sql`
      SELECT assignee_id AS "assigneeId", count(*)::int AS open FROM tickets
      WHERE status_category IN ${OPEN} AND assignee_id IS NOT NULL
        ${departments ? sql`AND department = ANY(${pgArray(departments)}::text[])` : sql``}
      GROUP BY 1 ORDER BY 2 DESC`)) as unknown as Rows<{ assigneeId: string; open: number }>;
    return r.rows;
  }
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** A text[] parameter in PostgreSQL's array literal form (quoted, so no value can break out). */
function pgArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** Raw rows give timestamps as text on the server and as Date on PGlite: Dates either way. */
function withDates(t: DashboardTicket): DashboardTicket {
  return {
    ...t,
    createdAt: new Date(t.createdAt),
    ...(t.dueAt !== undefined ? { dueAt: t.dueAt === null ? null : new Date(t.dueAt) } : {}),
  };
}

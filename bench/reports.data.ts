import pg from 'pg';
import type { DeskConfig } from '../src/config/desk.schema.js';
import { createBusinessCalendar } from '../src/core/sla/business.calendar.js';
import { policyGoalLookup } from '../src/core/sla/sla.goal.js';
import { PRIORITIES } from '../src/ports/desk.types.js';

/*
 * Reports over two years of history on the server: TICKETS tickets spread over the last DAYS days across
 * the sample desk's departments and request types (~92% resolved, the rest open, in progress or
 * waiting), each with its history, domain events and SLA clocks, surveys for a quarter of the resolved
 * ones, and KB_EVENTS knowledge-base events. All written with set-based SQL (a few INSERT ... SELECT
 * FROM generate_series statements), not through the API. Then the first rollup as the service makes it
 * (ReportService.rollUp() until it has nothing left), then every report through ReportService.run()
 * (which checks for days to roll up first, as a request does) and the managers' dashboard, against a
 * plain count(*) over the tickets in the same run.
 */

const TICKETS = Number(process.env.BENCH_REPORTS_TICKETS ?? 1_000_000);
export const DAYS = 730;
const KB_EVENTS = Number(process.env.BENCH_REPORTS_KB_EVENTS ?? 200_000);
const REQUESTERS = 5000;
const DAY_MS = 86_400_000;
/** Wall-clock time per unit of business time, roughly (a 42.5-hour working week in a 168-hour one is ~4). */
const WALL_PER_BUSINESS = 3.5;
/** Share of a department's tickets; request types share their department's evenly. */
const DEPARTMENT_SHARE: Record<string, number> = { it: 0.6, hr: 0.2, facilities: 0.2 };
const SLOTS = 1000;

/** One row per request type slot (SLOTS in all, by share), with what the generator needs of it. */
function slotsOf(config: DeskConfig) {
  const types = config.departments.flatMap((d) =>
    d.requestTypes.map((t) => ({
      department: d.id,
      requestType: t.id,
      prefix: d.keyPrefix,
      policy: t.slaPolicy ?? null,
      approval: t.workflow === 'approval',
      agents: d.agents,
      share: (DEPARTMENT_SHARE[d.id] ?? 0.1) / d.requestTypes.length,
    })),
  );
  const total = types.reduce((s, t) => s + t.share, 0);
  const slots: ((typeof types)[number] & { slot: number })[] = [];
  let edge = 0;
  for (const t of types) {
    edge += (t.share / total) * SLOTS;
    while (slots.length < Math.round(edge)) slots.push({ ...t, slot: slots.length });
  }
  return slots;
}

/** The goal (business ms, null: none) per request type, priority and metric, as the desk's SLA computes it. */
function goalsOf(config: DeskConfig) {
  const out: { request_type: string; priority: string; metric: string; goal_ms: number | null }[] = [];
  for (const d of config.departments)
    for (const t of d.requestTypes) {
      const policy = config.slaPolicies.find((p) => p.id === t.slaPolicy);
      const calendar = config.calendars.find((c) => c.id === policy?.calendar);
      if (!policy || !calendar) continue;
      const cal = createBusinessCalendar(calendar);
      for (const metric of ['first_response', 'resolution'] as const) {
        const lookup = policyGoalLookup(policy, metric, cal);
        if (!lookup) continue;
        for (const priority of PRIORITIES)
          out.push({ request_type: t.id, priority, metric, goal_ms: lookup(priority, t.id) });
      }
    }
  return out;
}

/** Writes the history with bulk SQL on a connection of its own; returns seconds per step. */
export async function generate(url: string, config: DeskConfig, people: Map<string, string>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const steps: [string, number][] = [];
  const step = async (name: string, text: string, values: unknown[] = []) => {
    const t0 = performance.now();
    await client.query(text, values);
    steps.push([name, (performance.now() - t0) / 1000]);
  };
  try {
    await client.query(`SET work_mem = '256MB'; SET maintenance_work_mem = '512MB'; SELECT setseed(0.42)`);
    const slots = slotsOf(config).map((s) => ({
      ...s,
      agents: s.agents.map((email) => people.get(email)!),
      calendar: config.slaPolicies.find((p) => p.id === s.policy)?.calendar ?? null,
    }));
    await client.query(
      `CREATE TEMP TABLE bench_slots AS SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(slot int,
        department text, "requestType" text, prefix text, policy text, calendar text, approval boolean, agents text[])`,
      [JSON.stringify(slots)],
    );
    await client.query(
      `CREATE TEMP TABLE bench_goals AS SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(request_type text,
        priority text, metric text, goal_ms bigint)`,
      [JSON.stringify(goalsOf(config))],
    );
    // Everything about each ticket, drawn once: ids in creation order (as the sequence gives them), the
    // first response and resolution in business time (a log-triangular spread around 45% of the goal:
    // ~87% met) and in wall time (WALL_PER_BUSINESS), its state at the end, survey and rating.
    await step(
      'plan',
      `CREATE TEMP TABLE bench_t AS
      WITH b AS MATERIALIZED (
        SELECT g AS id, now() - interval '${DAYS} days' + (g - 1 + random()) * (${DAYS * DAY_MS}::float8 / ${TICKETS})
            * interval '1 millisecond' AS created_at,
          floor(random() * ${SLOTS})::int AS slot, random() AS pr, random() AS st, random() AS cat, random() AS asg,
          random() + random() - 1 AS fz, random() + random() - 1 AS rz, random() AS sv, random() AS rt,
          random() AS ans, floor(random() * ${REQUESTERS})::int AS req
        FROM generate_series(1, ${TICKETS}) g
      ), p AS (
        SELECT b.*, s.department, s."requestType" AS request_type, s.prefix, s.policy, s.calendar, s.approval,
          s.agents[1 + floor(b.asg * 0.999 * array_length(s.agents, 1))::int] AS agent,
          CASE WHEN pr < 0.03 THEN 'highest' WHEN pr < 0.18 THEN 'high' WHEN pr < 0.73 THEN 'medium'
            WHEN pr < 0.95 THEN 'low' ELSE 'lowest' END AS priority
        FROM b JOIN bench_slots s USING (slot)
      ), e AS (
        SELECT p.*, gf.goal_ms AS fr_goal, gr.goal_ms AS rs_goal,
          round(COALESCE(gf.goal_ms, 28800000) * 0.45 * exp(1.6 * fz))::bigint AS fr_ms,
          round(COALESCE(gr.goal_ms, 122400000) * 0.45 * exp(1.6 * rz))::bigint AS rs_raw
        FROM p
        LEFT JOIN bench_goals gf ON gf.request_type = p.request_type AND gf.priority = p.priority AND gf.metric = 'first_response'
        LEFT JOIN bench_goals gr ON gr.request_type = p.request_type AND gr.priority = p.priority AND gr.metric = 'resolution'
      ), w AS (
        SELECT e.*, greatest(rs_raw, fr_ms + 60000) AS rs_ms,
          created_at + fr_ms * ${WALL_PER_BUSINESS} * interval '1 millisecond' AS fr_at,
          created_at + greatest(rs_raw, fr_ms + 60000) * ${WALL_PER_BUSINESS} * interval '1 millisecond' AS rs_at
        FROM e
      ), s AS (
        SELECT w.*, st < 0.92 AND rs_at < now() AS done FROM w
      ), c AS (
        SELECT s.*,
          CASE WHEN done THEN 'done' WHEN approval THEN (CASE WHEN cat < 0.5 THEN 'waiting' ELSE 'in_progress' END)
            WHEN cat < 0.4 THEN 'open' WHEN cat < 0.75 THEN 'in_progress' ELSE 'waiting' END AS category
        FROM s
      )
      SELECT c.*, prefix || '-' || row_number() OVER (PARTITION BY prefix ORDER BY id) AS key,
        'bench-r-' || req AS requester_id,
        CASE WHEN approval THEN 'waiting_for_approval' ELSE 'open' END AS initial,
        CASE category WHEN 'done' THEN (CASE WHEN approval THEN 'done' ELSE 'resolved' END)
          WHEN 'open' THEN 'open' WHEN 'in_progress' THEN 'in_progress'
          ELSE (CASE WHEN approval THEN 'waiting_for_approval' ELSE 'waiting_for_customer' END) END AS status,
        -- Unassigned: half of what waits in the open status or for approval; everything else has an agent.
        CASE WHEN category IN ('open', 'waiting') AND (approval OR category = 'open') AND asg < 0.5 THEN NULL
          ELSE agent END AS assignee,
        -- The first response happened (its clock stopped) unless the ticket is still open or awaits approval.
        done OR category = 'in_progress' OR (category = 'waiting' AND NOT approval) AS responded
      FROM c`,
    );
    await client.query('ALTER TABLE bench_t ADD PRIMARY KEY (id); ANALYZE bench_t');
    await step(
      'persons',
      `INSERT INTO persons (id, email, name, timezone, created_at)
      SELECT 'bench-r-' || g, 'requester' || g || '@bench.example', 'Requester ' || g, 'Europe/London',
        now() - interval '${DAYS + 1} days'
      FROM generate_series(0, ${REQUESTERS - 1}) g`,
    );
    await step(
      'tickets',
      `INSERT INTO tickets (id, key, department, request_type, summary, requester_id, assignee_id, status,
        status_category, priority, fields, resolution, version, created_at, updated_at)
      SELECT id, key, department, request_type, 'Bench request ' || id, requester_id, assignee, status, category,
        priority, jsonb_build_object('description', 'Bench request ' || id), CASE WHEN done THEN 'Done' END,
        CASE WHEN done THEN 3 WHEN responded THEN 2 ELSE 1 END, created_at,
        CASE WHEN done THEN rs_at WHEN responded THEN least(fr_at, now()) ELSE created_at END
      FROM bench_t ORDER BY id;
      SELECT setval(pg_get_serial_sequence('tickets', 'id'), ${TICKETS});
      INSERT INTO key_counters (prefix, last) SELECT prefix, count(*) FROM bench_t GROUP BY prefix
      ON CONFLICT (prefix) DO UPDATE SET last = EXCLUDED.last`,
    );
    // History: 'created' for every ticket; a status change when it was picked up and when it was resolved.
    await step(
      'ticket_history',
      `INSERT INTO ticket_history (ticket_id, actor_id, at, field, before, after)
      SELECT id, actor, at, field, before, after FROM (
        SELECT id, requester_id AS actor, created_at AS at, 'created' AS field, NULL::jsonb AS before,
          jsonb_build_object('status', initial, 'priority', priority) AS after
        FROM bench_t
        UNION ALL
        SELECT id, assignee, least(fr_at, now()), 'status', to_jsonb(initial),
          to_jsonb(CASE WHEN done THEN 'in_progress' ELSE status END)
        FROM bench_t WHERE responded AND status <> initial
        UNION ALL
        SELECT id, assignee, rs_at, 'status', '"in_progress"'::jsonb, to_jsonb(status) FROM bench_t WHERE done
        UNION ALL
        SELECT id, assignee, rs_at, 'resolution', NULL, '"Done"'::jsonb FROM bench_t WHERE done
      ) h ORDER BY at`,
    );
    await step(
      'domain_events',
      `INSERT INTO domain_events (ticket_id, type, actor_id, at, payload)
      SELECT id, type, actor, at, payload FROM (
        SELECT id, 'ticket.created' AS type, requester_id AS actor, created_at AS at,
          jsonb_build_object('requestType', request_type, 'department', department, 'requesterId', requester_id,
            'priority', priority, 'status', initial, 'ticketKey', key) AS payload
        FROM bench_t
        UNION ALL
        SELECT id, 'ticket.transitioned', assignee, least(fr_at, now()),
          jsonb_build_object('transition', CASE WHEN approval THEN 'approve' WHEN category = 'waiting' THEN 'ask_customer'
              ELSE 'start_progress' END, 'from', initial, 'to', CASE WHEN done THEN 'in_progress' ELSE status END,
            'category', CASE WHEN done THEN 'in_progress' ELSE category END, 'ticketKey', key)
        FROM bench_t WHERE responded AND status <> initial
        UNION ALL
        SELECT id, 'ticket.transitioned', assignee, rs_at,
          jsonb_build_object('transition', CASE WHEN approval THEN 'complete' ELSE 'resolve' END,
            'from', 'in_progress', 'to', status, 'category', 'done', 'ticketKey', key)
        FROM bench_t WHERE done
      ) e ORDER BY at`,
    );
    // Clocks: stopped with their result once responded / resolved; running otherwise (paused while the
    // ticket waits), due in wall time from the goal, most of the old open ones long past due.
    await step(
      'sla_clocks',
      `INSERT INTO sla_clocks (ticket_id, metric, cycle, policy, calendar, goal_ms, elapsed_ms, started_at, stopped_at,
        paused, result, breached, due_at, near_breach_at, log, updated_at, timer_at)
      SELECT id, metric, 0, policy, calendar, goal, elapsed, created_at, stopped, paused,
        CASE WHEN stopped IS NULL THEN NULL WHEN goal IS NOT NULL AND elapsed >= goal THEN 'breached' ELSE 'met' END,
        CASE WHEN stopped IS NULL THEN COALESCE(due <= now(), false) ELSE goal IS NOT NULL AND elapsed >= goal END,
        due, near, '[]'::jsonb, COALESCE(stopped, now()),
        CASE WHEN stopped IS NULL AND NOT paused THEN (CASE WHEN near > now() THEN near ELSE due END) END
      FROM (
        SELECT id, m.metric, policy, calendar, created_at,
          CASE m.metric WHEN 'first_response' THEN fr_goal ELSE rs_goal END AS goal,
          CASE WHEN m.stopped IS NOT NULL THEN m.elapsed
            ELSE round(extract(epoch FROM now() - created_at) * 1000 / ${WALL_PER_BUSINESS})::bigint END AS elapsed,
          m.stopped, m.stopped IS NULL AND category = 'waiting' AS paused,
          created_at + CASE m.metric WHEN 'first_response' THEN fr_goal ELSE rs_goal END * ${WALL_PER_BUSINESS} * interval '1 millisecond' AS due,
          created_at + CASE m.metric WHEN 'first_response' THEN fr_goal ELSE rs_goal END * ${0.75 * WALL_PER_BUSINESS} * interval '1 millisecond' AS near
        FROM bench_t
        CROSS JOIN LATERAL (VALUES
          ('first_response', fr_ms, CASE WHEN responded THEN least(fr_at, now()) END),
          ('resolution', rs_ms, CASE WHEN done THEN rs_at END)) m(metric, elapsed, stopped)
        WHERE policy IS NOT NULL
      ) k ORDER BY id, metric`,
    );
    // Surveys for a quarter of the resolved tickets, answered within two days (unless that is still ahead).
    await step(
      'surveys',
      `INSERT INTO surveys (ticket_id, round, requester_id, department, token, source, sent_at, rating, answered_at)
      SELECT id, 1, requester_id, department, 'bench-survey-' || id, 'bench-outbox-' || id, sent,
        CASE WHEN answered <= now() THEN rating END, CASE WHEN answered <= now() THEN answered END
      FROM (
        SELECT id, requester_id, department, rs_at + interval '1 minute' AS sent,
          rs_at + interval '1 minute' + ans * interval '2 days' AS answered,
          CASE WHEN rt < 0.08 THEN 1 WHEN rt < 0.15 THEN 2 WHEN rt < 0.25 THEN 3 WHEN rt < 0.50 THEN 4 ELSE 5 END AS rating
        FROM bench_t WHERE done AND sv < 0.25
      ) s ORDER BY sent`,
    );
    // KB events: suggestions shown, solved, not solved, and searches that found nothing (most of them
    // for a few dozen queries people keep asking, in varying case and spacing; the rest one-offs).
    await step(
      'kb_events',
      `INSERT INTO kb_events (type, slugs, query, person_id, at)
      SELECT type, CASE WHEN type = 'search_no_results' THEN '{}'::text[] ELSE ARRAY[(ARRAY['vpn', 'password-reset',
          'printer', 'wifi', 'payslip', 'leave-policy', 'parking'])[1 + floor(u * 6.999)::int]] END,
        CASE WHEN type = 'search_no_results' THEN (CASE WHEN q < 0.7
          THEN (CASE WHEN u < 0.3 THEN upper(substr(w, 1, 1)) || substr(w, 2) WHEN u < 0.4 THEN ' ' || w ELSE w END)
          ELSE 'one-off question ' || g END) END,
        'bench-r-' || floor(u * ${REQUESTERS - 1})::int, at
      FROM (
        SELECT g, u, q, at,
          CASE WHEN t < 0.5 THEN 'suggestion_shown' WHEN t < 0.7 THEN 'solved' WHEN t < 0.82 THEN 'not_solved'
            ELSE 'search_no_results' END AS type,
          'question ' || floor(40 * q * q)::int || ' about ' || (ARRAY['bike shed', 'expenses', 'visa', 'standing desk',
            'monitor arm', 'shuttle bus'])[1 + floor(q * 5.999)::int] AS w
        FROM (SELECT g, random() AS t, random() AS u, random() AS q,
          now() - interval '${DAYS} days' + (g - 1 + random()) * (${DAYS * DAY_MS}::float8 / ${KB_EVENTS}) * interval '1 millisecond' AS at
          FROM generate_series(1, ${KB_EVENTS}) g) r
      ) k ORDER BY at`,
    );
    await client.query('DROP TABLE bench_t, bench_slots, bench_goals');
    const written = steps.reduce((s, [, seconds]) => s + seconds, 0);
    const t0 = performance.now();
    // As autovacuum leaves a settled database: visibility map set, statistics current.
    await client.query('VACUUM ANALYZE');
    const vacuum = (performance.now() - t0) / 1000;
    const counts = await client.query<Record<string, string>>(`SELECT
      (SELECT count(*) FROM tickets) AS tickets,
      (SELECT count(*) FROM tickets WHERE status_category = 'done') AS done,
      (SELECT count(*) FROM ticket_history) AS history, (SELECT count(*) FROM domain_events) AS events,
      (SELECT count(*) FROM sla_clocks) AS clocks, (SELECT count(*) FROM surveys) AS surveys,
      (SELECT count(*) FROM kb_events) AS kb,
      pg_size_pretty(pg_database_size(current_database())) AS size`);
    return { steps, written, vacuum, counts: counts.rows[0]! };
  } finally {
    await client.end();
  }
}

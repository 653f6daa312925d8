/**
 * What the rolling-restart test reads of the shared PostgreSQL database after the run, straight with
 * `pg` (not through the product): the inbox, the conversations and their lines, the tickets, the SLA
 * ping ledger and the outbox.
 */
import type pg from 'pg';

export interface InboxRow {
  platform: string;
  deliveryId: string;
  conversationId: string | null;
  processedAt: Date | null;
}

export interface Line {
  id: number;
  direction: 'in' | 'out';
  // biome-ignore lint/suspicious/noExplicitAny: a stored message is read field by field
  message: any;
}

export interface ConversationRow {
  id: string;
  platform: string;
  // biome-ignore lint/suspicious/noExplicitAny: each platform's ref has its own fields
  ref: any;
  personId: string;
}

export interface Snapshot {
  inbox: Map<string, InboxRow>;
  conversations: Map<string, ConversationRow>;
  /** Each conversation's lines in id order. */
  lines: Map<string, Line[]>;
  tickets: { id: number; key: string; createdAt: Date }[];
  pings: { ticketId: number; metric: string; cycle: number; threshold: string; firedAt: Date; dueAt: Date }[];
  outbox: Record<string, number>;
  /** A few of the rows left pending or dead, with their last error. */
  outboxLeft: { id: number; topic: string; state: string; attempts: number; lastError: string | null }[];
  people: Map<string, string>;
  /** For the failure messages: each ticket's clocks, its scheduler jobs, its notify rows; the sweep job. */
  clocks: Map<
    number,
    { metric: string; cycle: number; dueAt: Date | null; nearAt: Date | null; timerAt: Date | null }[]
  >;
  jobs: Map<string, string[]>;
  notifyRows: Map<number, string[]>;
  sweep: string[];
}

export const inboxKey = (platform: string, deliveryId: string) => `${platform}|${deliveryId}`;

/** How many outbox rows are still pending. */
export async function pendingOutbox(db: pg.Client): Promise<number> {
  const r = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE state = 'pending'`);
  return Number(r.rows[0].n);
}

/** One number from the database. */
export async function count(db: pg.Client, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await db.query(sql, params)).rows[0]?.n ?? 0);
}

export async function snapshot(db: pg.Client): Promise<Snapshot> {
  const inbox = new Map<string, InboxRow>();
  for (const r of (
    await db.query(
      `SELECT platform, delivery_id, payload->'conversation'->>'id' AS conversation_id, processed_at FROM inbox`,
    )
  ).rows)
    inbox.set(inboxKey(r.platform, r.delivery_id), {
      platform: r.platform,
      deliveryId: r.delivery_id,
      conversationId: r.conversation_id,
      processedAt: r.processed_at,
    });
  const conversations = new Map<string, ConversationRow>();
  for (const r of (await db.query(`SELECT id, platform, ref, person_id FROM conversations`)).rows)
    conversations.set(r.id, { id: r.id, platform: r.platform, ref: r.ref, personId: r.person_id });
  const lines = new Map<string, Line[]>();
  for (const r of (
    await db.query(`SELECT id, conversation_id, direction, message FROM conversation_messages ORDER BY id`)
  ).rows) {
    const list = lines.get(r.conversation_id) ?? [];
    list.push({ id: Number(r.id), direction: r.direction, message: r.message });
    lines.set(r.conversation_id, list);
  }
  const tickets = (await db.query(`SELECT id, key, created_at FROM tickets ORDER BY id`)).rows.map((r) => ({
    id: Number(r.id),
    key: String(r.key),
    createdAt: r.created_at as Date,
  }));
  const pings = (
    await db.query(`SELECT ticket_id, metric, cycle, threshold, fired_at, due_at FROM sla_pings`)
  ).rows.map((r) => ({
    ticketId: Number(r.ticket_id),
    metric: String(r.metric),
    cycle: Number(r.cycle),
    threshold: String(r.threshold),
    firedAt: r.fired_at as Date,
    dueAt: r.due_at as Date,
  }));
  const outbox: Record<string, number> = {};
  for (const r of (await db.query(`SELECT state, count(*)::int AS n FROM outbox GROUP BY state`)).rows)
    outbox[r.state] = Number(r.n);
  const outboxLeft = (
    await db.query(
      `SELECT id, topic, state, attempts, last_error FROM outbox WHERE state IN ('pending', 'dead') ORDER BY id LIMIT 10`,
    )
  ).rows.map((r) => ({
    id: Number(r.id),
    topic: String(r.topic),
    state: String(r.state),
    attempts: Number(r.attempts),
    lastError: r.last_error,
  }));
  const people = new Map<string, string>();
  for (const r of (await db.query(`SELECT id, email FROM persons`)).rows) people.set(r.email, r.id);
  const clocks: Snapshot['clocks'] = new Map();
  for (const r of (
    await db.query(`SELECT ticket_id, metric, cycle, due_at, near_breach_at, timer_at FROM sla_clocks`)
  ).rows) {
    const id = Number(r.ticket_id);
    clocks.set(id, [
      ...(clocks.get(id) ?? []),
      {
        metric: r.metric,
        cycle: Number(r.cycle),
        dueAt: r.due_at,
        nearAt: r.near_breach_at,
        timerAt: r.timer_at,
      },
    ]);
  }
  const at = (d: Date | null | undefined) => (d ? d.toISOString().slice(11, 23) : '-');
  // biome-ignore lint/suspicious/noExplicitAny: Agenda's rows, read field by field
  const job = (r: Record<string, any>) =>
    `next ${at(r.next_run_at)} locked ${at(r.locked_at)} ran ${at(r.last_run_at)} finished ${at(r.last_finished_at)} by ${r.last_modified_by ?? '-'}`;
  const jobs = new Map<string, string[]>();
  const sweep: string[] = [];
  const agenda = await db
    .query(
      `SELECT name, data, next_run_at, locked_at, last_run_at, last_finished_at, last_modified_by FROM agenda_jobs`,
    )
    .catch(() => ({ rows: [] as Record<string, unknown>[] }));
  // biome-ignore lint/suspicious/noExplicitAny: Agenda's rows, read field by field
  for (const r of agenda.rows as Record<string, any>[]) {
    const ticketId = (r.data as { ticketId?: number } | null)?.ticketId;
    if (ticketId !== undefined) jobs.set(String(ticketId), [...(jobs.get(String(ticketId)) ?? []), job(r)]);
    else if (/sweep/i.test(String(r.name))) sweep.push(`${r.name}: ${job(r)}`);
  }
  const notifyRows = new Map<number, string[]>();
  for (const r of (
    await db.query(
      `SELECT id, ticket_id, state, attempts, payload->>'threshold' AS threshold, delivered_at FROM outbox WHERE topic = 'notify' ORDER BY id`,
    )
  ).rows) {
    const id = Number(r.ticket_id);
    notifyRows.set(id, [
      ...(notifyRows.get(id) ?? []),
      `#${r.id} ${r.threshold} ${r.state} attempts=${r.attempts} delivered ${at(r.delivered_at)}`,
    ]);
  }
  return {
    inbox,
    conversations,
    lines,
    tickets,
    pings,
    outbox,
    outboxLeft,
    people,
    clocks,
    jobs,
    notifyRows,
    sweep,
  };
}

import { and, asc, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { PRIORITIES, type SlaState } from '../ports/desk.types.js';
import type { TicketQuery, TicketScope } from '../ports/store.port.js';
import { tickets } from './schema.js';

/** At most this many words of a search are used: each is one more condition on every row. */
const MAX_WORDS = 8;
const KEY = /^[A-Za-z][A-Za-z0-9]*-\d+$/;

// Written by hand inside sql``: drizzle renders a column there unqualified, which a subquery would capture.
const TICKET_ID = sql.raw('"tickets"."id"');
const SEARCH = sql.raw('"tickets"."search"');

/** The WHERE of a ticket list: the reader's scope, then each filter of the query. */
export function ticketWhere(query: TicketQuery, scope: TicketScope): SQL | undefined {
  const where: (SQL | undefined)[] = [];
  if (!scope.all) {
    where.push(
      or(
        eq(tickets.requesterId, scope.personId),
        scope.departments.length > 0 ? inArray(tickets.department, scope.departments) : undefined,
        sql`EXISTS (SELECT 1 FROM ticket_shares s WHERE s.ticket_id = ${TICKET_ID} AND s.person_id = ${scope.personId})`,
      ),
    );
  }
  if (query.status?.length) where.push(inArray(tickets.status, query.status));
  if (query.statusCategory?.length) where.push(inArray(tickets.statusCategory, query.statusCategory));
  if (query.department?.length) where.push(inArray(tickets.department, query.department));
  if (query.requestType?.length) where.push(inArray(tickets.requestType, query.requestType));
  if (query.priority?.length) where.push(inArray(tickets.priority, query.priority));
  if (query.assigneeId === null) where.push(isNull(tickets.assigneeId));
  else if (query.assigneeId !== undefined) where.push(eq(tickets.assigneeId, query.assigneeId));
  if (query.requesterId) where.push(eq(tickets.requesterId, query.requesterId));
  if (query.text) where.push(textMatch(query.text));
  if (query.sla?.length) {
    const now = query.now ?? new Date();
    where.push(or(...query.sla.map((s) => slaIs(s, now))));
  }
  if (query.beforeId !== undefined) where.push(lt(tickets.id, query.beforeId));
  return and(...where);
}

/** The ORDER BY of a ticket list; the id breaks ties, so pages never overlap. */
export function ticketOrder(query: TicketQuery): SQL[] {
  const by = query.sort?.by ?? 'created';
  const dir = query.sort?.order ?? 'desc';
  const id = dir === 'asc' ? asc(tickets.id) : desc(tickets.id);
  const direction = sql.raw(dir === 'asc' ? 'ASC' : 'DESC');
  switch (by) {
    case 'created':
      return [id];
    case 'updated':
      return [dir === 'asc' ? asc(tickets.updatedAt) : desc(tickets.updatedAt), id];
    case 'priority': {
      // Highest first is "desc": the rank is the priority's place in PRIORITIES, reversed.
      const rank = sql`array_position(ARRAY[${sql.join(
        PRIORITIES.map((p) => sql`${p}`),
        sql`, `,
      )}]::text[], ${tickets.priority})`;
      return [sql`${rank} ${sql.raw(dir === 'asc' ? 'DESC' : 'ASC')}`, id];
    }
    case 'due':
      return [sql`(${nextDue}) ${direction} NULLS LAST`, id];
  }
}

/** The soonest deadline of the ticket's running (not paused) SLA clocks. */
const nextDue = sql`SELECT min(k.due_at) FROM sla_clocks k
  WHERE k.ticket_id = ${TICKET_ID} AND k.stopped_at IS NULL AND NOT k.paused`;

/**
 * A key exactly; otherwise every word, each found as a word prefix in the summary or a field's text (the
 * `search` column's GIN index), or within the requester's name or email.
 */
function textMatch(text: string): SQL | undefined {
  const t = text.replaceAll('\0', '').trim();
  if (KEY.test(t)) return eq(tickets.key, t.toUpperCase());
  const words = t.split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);
  return and(
    ...words.map((w) => {
      const like = `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const requester = sql`${tickets.requesterId} IN (SELECT r.id FROM persons r WHERE r.name ILIKE ${like} OR r.email ILIKE ${like})`;
      // Only letters and digits reach the query text, as prefixes: nothing of tsquery's syntax.
      const parts = w.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      if (parts.length === 0) return requester;
      const query = parts.map((p) => `${p.toLowerCase()}:*`).join(' & ');
      return sql`(${SEARCH} @@ to_tsquery('simple', ${query}) OR ${requester})`;
    }),
  );
}

/** Where the ticket stands against its SLA clocks at `now` (SLA_STATES). */
function slaIs(state: SlaState, now: Date): SQL {
  const at = now.toISOString();
  const clocks = (condition: SQL) =>
    sql`EXISTS (SELECT 1 FROM sla_clocks k WHERE k.ticket_id = ${TICKET_ID} AND ${condition})`;
  // A running clock past its deadline is breached even before its timer has written so.
  const breached = clocks(
    sql`(k.breached OR (k.stopped_at IS NULL AND NOT k.paused AND k.due_at <= ${at}::timestamptz))`,
  );
  const near = clocks(sql`k.stopped_at IS NULL AND NOT k.paused AND k.near_breach_at <= ${at}::timestamptz`);
  const running = clocks(sql`k.stopped_at IS NULL`);
  switch (state) {
    case 'breached':
      return breached;
    case 'at_risk':
      return sql`NOT ${breached} AND ${near}`;
    case 'on_track':
      return sql`NOT ${breached} AND NOT ${near} AND ${running}`;
    case 'none':
      return sql`NOT ${breached} AND NOT ${running}`;
  }
}

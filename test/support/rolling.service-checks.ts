/**
 * The rolling-restart test's checks of the service around the turns: SLA pings neither lost nor
 * doubled, no failed request but those in flight to the killed instance, an outbox left with nothing
 * pending or dead, and the Discord gateway held by one instance at a time.
 */

import type { Received } from '../fakes/notify/http-receiver.js';
import type { FakeSlack } from '../fakes/slack/fake-slack.js';
import type { GatewayFigures } from './gateway.watch.js';
import { GOAL_MS, lineText, NEAR_MS, short } from './rolling.checks.js';
import type { RollingLoad, Sent } from './rolling.load.js';
import type { Snapshot } from './rolling.store.js';
import type { LostInFlight } from './round-robin.proxy.js';

export interface PingFigures {
  tickets: number;
  nearBreach: number;
  breached: number;
  pdTriggers: number;
  slackNotices: number;
  webNotices: number;
  maxLateMs: number;
}

const NOTICE = /SLA (near breach|breached) on .*?\b([A-Z]+-\d+)\b/;

/**
 * 3. Every threshold due before `cutoff` pinged exactly once (the ledger), paged PagerDuty exactly once
 * (breach; dedup_key per ticket, metric and cycle) and told the IT manager exactly once in her web chat
 * and her Slack DM; no threshold pinged, paged or told twice.
 */
export function pingsOnce(
  db: Snapshot,
  pagerduty: Received[],
  slack: FakeSlack,
  maria: { slackUser: string; personId: string },
  cutoff: number,
): { problems: string[]; figures: PingFigures } {
  const problems: string[] = [];
  const triggers = pagerduty.filter((r) => r.path === '/v2/enqueue' && r.body?.event_action === 'trigger');
  const pages = new Map<string, number>();
  for (const t of triggers) pages.set(t.body.dedup_key, (pages.get(t.body.dedup_key) ?? 0) + 1);
  const told = (texts: string[]) => {
    const m = new Map<string, number>();
    for (const text of texts) {
      const hit = NOTICE.exec(text);
      if (hit)
        m.set(
          `${hit[2]} ${hit[1] === 'near breach' ? 'near_breach' : 'breached'}`,
          (m.get(`${hit[2]} ${hit[1] === 'near breach' ? 'near_breach' : 'breached'}`) ?? 0) + 1,
        );
    }
    return m;
  };
  const slackTexts = slack
    .of('chat.postMessage')
    .filter((p) => p.args.channel === maria.slackUser && !p.args.thread_ts)
    .map((p) => String(p.args.text));
  const webTexts = (db.lines.get(`web:${maria.personId}`) ?? [])
    .filter((l) => l.direction === 'out')
    .map(lineText);
  const inSlack = told(slackTexts);
  const inWeb = told(webTexts);
  const expectedPages = new Set<string>();
  let maxLateMs = 0;
  for (const t of db.tickets) {
    const due = { near_breach: t.createdAt.getTime() + NEAR_MS, breached: t.createdAt.getTime() + GOAL_MS };
    for (const threshold of ['near_breach', 'breached'] as const) {
      const rows = db.pings.filter(
        (p) => p.ticketId === t.id && p.metric === 'first_response' && p.threshold === threshold,
      );
      for (const r of rows) maxLateMs = Math.max(maxLateMs, r.firedAt.getTime() - r.dueAt.getTime());
      const required = due[threshold] <= cutoff;
      const hhmmss = (d: Date | number | null | undefined) =>
        d === null || d === undefined ? '-' : new Date(d).toISOString().slice(11, 23);
      if (required && rows.length !== 1) {
        const clock = (db.clocks.get(t.id) ?? [])
          .map(
            (c) =>
              `${c.metric}/${c.cycle} near ${hhmmss(c.nearAt)} due ${hhmmss(c.dueAt)} timer ${hhmmss(c.timerAt)}`,
          )
          .join('; ');
        problems.push(
          `${t.key} ${threshold} (due ${hhmmss(due[threshold])}): ${rows.length} ledger rows; clock: ${clock || 'none'}; jobs: ${(db.jobs.get(String(t.id)) ?? []).join('; ') || 'none'}`,
        );
      }
      // A threshold not pinged at all is told above; here, one pinged but not told once, or told twice.
      const pinged = rows.length > 0;
      const k = `${t.key} ${threshold}`;
      for (const [where, m] of [
        ['Slack DM', inSlack],
        ['web chat', inWeb],
      ] as const) {
        const n = m.get(k) ?? 0;
        if (n > 1 || (pinged && n !== 1))
          problems.push(
            `${k}: told the IT manager ${n} times in her ${where} (want 1); notify rows: ${(db.notifyRows.get(t.id) ?? []).join('; ') || 'none'}`,
          );
      }
      if (threshold === 'breached') {
        const cycle = rows[0]?.cycle ?? 0;
        const key = `deskbot-${t.key}-first_response-${cycle}`;
        expectedPages.add(key);
        const n = pages.get(key) ?? 0;
        if (n > 1 || (pinged && n !== 1))
          problems.push(`${k}: ${n} PagerDuty triggers with dedup_key ${key} (want 1)`);
      }
    }
  }
  for (const [key, n] of pages)
    if (!expectedPages.has(key)) problems.push(`PagerDuty trigger for no ticket's breach: ${key} ×${n}`);
  return {
    problems,
    figures: {
      tickets: db.tickets.length,
      nearBreach: db.pings.filter((p) => p.threshold === 'near_breach').length,
      breached: db.pings.filter((p) => p.threshold === 'breached').length,
      pdTriggers: triggers.length,
      slackNotices: [...inSlack.values()].reduce((a, b) => a + b, 0),
      webNotices: [...inWeb.values()].reduce((a, b) => a + b, 0),
      maxLateMs,
    },
  };
}

/** The moments a request may fail: in flight to this instance when it was SIGKILLed. */
export interface KillWindow {
  instance: string;
  at: number;
  /** How long after the kill a failed answer still counts as in flight (the answer's own latency). */
  graceMs: number;
}

const inWindow = (at: number, w: KillWindow) => at >= w.at - 100 && at <= w.at + w.graceMs;

/**
 * 4. No request failed except those in flight to the SIGKILLed instance (answered 502 by the proxy, or
 * cut mid-answer), and each of those succeeded on its resend; the tickets are exactly the creates
 * acknowledged (each create carries an Idempotency-Key, so a resend after a lost answer opens none).
 */
export function onlyKilledInFlightFailed(
  load: RollingLoad,
  lost: LostInFlight[],
  kill: KillWindow,
  db: Snapshot,
): string[] {
  const problems: string[] = [];
  for (const l of lost)
    if (l.backend !== kill.instance || !inWindow(l.at, kill))
      problems.push(
        `${l.method} ${l.path} lost in flight to ${l.backend} (${l.error}) outside the SIGKILL of ${kill.instance}`,
      );
  const success = (s: Sent) => (s.kind === 'rest' ? 201 : 200);
  for (const s of load.sent) {
    const what = `${s.kind} ${s.who} #${s.n} "${s.text}" (${s.deliveryId})`;
    for (const t of s.tries) {
      if (t.status === success(s)) continue;
      const inFlight = (t.status === 502 || t.status === 'network') && inWindow(t.at, kill);
      if (!inFlight)
        problems.push(
          `${what}: answered ${t.status} at ${new Date(t.at).toISOString()} (tries: ${s.tries.map((x) => x.status).join(',')})`,
        );
    }
    if (!s.ok) problems.push(`${what}: never acknowledged in ${s.tries.length} tries`);
  }
  const creates = load.sent.filter((s) => s.kind === 'rest');
  const acked = creates.filter((s) => s.ok);
  const keys = new Set(acked.map((s) => String(s.answer)));
  if (keys.size !== acked.length)
    problems.push(`${acked.length} creates acknowledged with only ${keys.size} ticket keys`);
  const inDb = new Set(db.tickets.map((t) => t.key));
  const unknown = [...keys].filter((k) => !inDb.has(k));
  if (unknown.length) problems.push(`created tickets not in the database: ${unknown.slice(0, 5).join(', ')}`);
  if (db.tickets.length !== acked.length) {
    const extra = db.tickets.filter((t) => !keys.has(t.key)).map((t) => t.key);
    problems.push(
      `${db.tickets.length} tickets in the database for ${acked.length} creates acknowledged (${creates.length - acked.length} never were)${extra.length ? `; not answered to any create: ${extra.slice(0, 6).join(', ')}` : ''}`,
    );
  }
  return problems;
}

/** 5. The outbox ends with nothing pending and nothing dead. */
export function outboxSettled(db: Snapshot): string[] {
  const pending = db.outbox.pending ?? 0;
  const dead = db.outbox.dead ?? 0;
  if (pending === 0 && dead === 0) return [];
  return [
    `outbox: ${pending} pending, ${dead} dead; e.g. ${db.outboxLeft
      .map(
        (r) =>
          `#${r.id} ${r.topic} ${r.state} after ${r.attempts} attempts: ${short(r.lastError ?? '', 120)}`,
      )
      .join('; ')}`,
  ];
}

/**
 * Discord: one instance holds the gateway at any moment, and another takes it within seconds. On a
 * clean stop the next holder connects before the old one closes (README, "Several instances"): two
 * connections for a moment, never more, never for long (the inbox drops events that come twice).
 */
export function gatewayHeldOnce(g: GatewayFigures, when: (at: number) => string, maxGapMs: number): string[] {
  const problems: string[] = [];
  const HANDOVER_MS = 2000;
  const long = g.overlaps.filter((o) => o.open > 2 || o.ms > HANDOVER_MS);
  if (long.length > 0)
    problems.push(
      `Discord gateway connections overlapped beyond a handover (2 for at most ${HANDOVER_MS / 1000}s): ${long
        .slice(0, 6)
        .map((o) => `${o.open} open from ${when(o.from)} for ${(o.ms / 1000).toFixed(2)}s`)
        .join(', ')}`,
    );
  for (const gap of g.gaps)
    if (gap.ms > maxGapMs)
      problems.push(
        `no instance held the Discord gateway for ${(gap.ms / 1000).toFixed(1)}s from ${when(gap.from)}`,
      );
  if (g.finalOpen !== 1) problems.push(`${g.finalOpen} Discord gateway connections open at the end (want 1)`);
  return problems;
}

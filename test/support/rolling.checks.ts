/**
 * The rolling-restart test's checks, each a list of problems (empty when it holds) with the ids, words
 * and counts that show what went wrong: deliveries processed exactly once, turns and replies in order,
 * SLA pings neither lost nor doubled, no failed request but those in flight to the killed instance,
 * and an outbox left with nothing pending or dead. Replies are compared with what each platform's
 * renderer makes of the stored lines, so a post is matched to the line it came from.
 */

import { renderMessage as discordRender } from '../../adapters/discord/discord.render.js';
import { tailOf } from '../../adapters/slack/slack.inbound.js';
import { renderMessage as slackRender } from '../../adapters/slack/slack.renderer.js';
import { renderMessage as teamsRender } from '../../adapters/teams/teams.render.js';
import type { FakeDiscord } from '../fakes/discord/fake-discord.js';
import type { Received } from '../fakes/notify/http-receiver.js';
import type { FakeSlack } from '../fakes/slack/fake-slack.js';
import type { FakeTeams } from '../fakes/teams/fake-teams.js';
import type { GatewayFigures } from './gateway.watch.js';
import type { DiscordSent, RollingLoad, Sent } from './rolling.load.js';
import { inboxKey, type Line, type Snapshot } from './rolling.store.js';
import type { LostInFlight } from './round-robin.proxy.js';

/** The SLA of the fixture desk: first response in 1 minute around the clock, near breach at 10%. */
export const GOAL_MS = 60_000;
export const NEAR_MS = 6_000;

// biome-ignore lint/suspicious/noExplicitAny: JSON compared by value
type Json = any;

/** JSON with object keys sorted (jsonb keeps its own key order), for comparing by value. */
export function canon(v: unknown): string {
  const sort = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (x && typeof x === 'object')
      return Object.fromEntries(
        Object.keys(x as object)
          .sort()
          .filter((k) => (x as Json)[k] !== undefined)
          .map((k) => [k, sort((x as Json)[k])]),
      );
    return x;
  };
  return JSON.stringify(sort(v));
}

const short = (s: string, n = 70) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The words of a stored message: an inbound line's text, an outbound one's text parts. */
export function lineText(line: Line): string {
  if (line.direction === 'in') return String(line.message.text ?? line.message.action ?? '');
  return ((line.message.parts ?? []) as Json[])
    .filter((p) => p.kind === 'text')
    .map((p) => p.text)
    .join(' / ');
}

/** Two sequences that must be equal: the first place they part, what is missing and what is extra. */
function sameSequence(label: string, expected: string[], actual: string[], show: (key: string) => string) {
  if (expected.length === actual.length && expected.every((e, i) => e === actual[i])) return [];
  let at = 0;
  while (at < expected.length && at < actual.length && expected[at] === actual[at]) at++;
  const count = (list: string[]) => {
    const m = new Map<string, number>();
    for (const k of list) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const want = count(expected);
  const got = count(actual);
  const missing: string[] = [];
  const extra: string[] = [];
  for (const [k, n] of want) if ((got.get(k) ?? 0) < n) missing.push(`${show(k)} ×${n - (got.get(k) ?? 0)}`);
  for (const [k, n] of got) if ((want.get(k) ?? 0) < n) extra.push(`${show(k)} ×${n - (want.get(k) ?? 0)}`);
  const around = (list: string[]) =>
    list
      .slice(Math.max(0, at - 1), at + 3)
      .map(show)
      .join(' | ');
  return [
    `${label}: ${expected.length} expected, ${actual.length} seen, ${expected.filter((e, i) => e !== actual[i]).length} in another place; they part at #${at + 1}: expected [${around(expected)}], seen [${around(actual)}]` +
      (missing.length ? `; missing: ${missing.slice(0, 4).join(', ')}` : '') +
      (extra.length ? `; extra/twice: ${extra.slice(0, 4).join(', ')}` : '') +
      (!missing.length && !extra.length ? '; same messages, other order' : ''),
  ];
}

interface Delivery {
  platform: string;
  who: string;
  n: number;
  text: string;
  deliveryId: string;
}

/** Every delivery acknowledged to its platform (and every DM dispatched to a gateway session). */
export function acknowledged(load: RollingLoad): Delivery[] {
  const chat = load.sent
    .filter((s) => s.kind !== 'rest' && s.ok)
    .map((s) => ({ platform: s.kind, who: s.who, n: s.n, text: s.text, deliveryId: s.deliveryId }));
  const discord = load.discordSent.map((d: DiscordSent) => ({
    platform: 'discord',
    who: d.who,
    n: d.n,
    text: d.text,
    deliveryId: `m:${d.messageId}`,
  }));
  return [...chat, ...discord];
}

/** 1. Each acknowledged delivery is processed, and its words are one inbound line of its conversation. */
export function processedOnce(deliveries: Delivery[], db: Snapshot): string[] {
  const problems: string[] = [];
  for (const d of deliveries) {
    const row = db.inbox.get(inboxKey(d.platform, d.deliveryId));
    const what = `${d.platform} ${d.who} #${d.n} "${d.text}" (${d.deliveryId})`;
    if (!row) {
      problems.push(`${what}: acknowledged, but not in the inbox`);
      continue;
    }
    if (!row.processedAt) problems.push(`${what}: in the inbox, never processed (processed_at null)`);
    const lines = db.lines.get(row.conversationId ?? '') ?? [];
    const n = lines.filter((l) => l.direction === 'in' && l.message.text === d.text).length;
    if (n !== 1) problems.push(`${what}: ${n} inbound lines in ${row.conversationId} (want exactly 1)`);
  }
  return problems;
}

/** 2a. Each person's words are their conversation's inbound lines, in the order they sent them. */
export function inboundInOrder(deliveries: Delivery[], db: Snapshot): string[] {
  const problems: string[] = [];
  const byWho = new Map<string, Delivery[]>();
  for (const d of deliveries)
    byWho.set(`${d.platform} ${d.who}`, [...(byWho.get(`${d.platform} ${d.who}`) ?? []), d]);
  for (const [who, list] of byWho) {
    list.sort((a, b) => a.n - b.n);
    const conversations = new Set(
      list.map((d) => db.inbox.get(inboxKey(d.platform, d.deliveryId))?.conversationId).filter(Boolean),
    );
    if (conversations.size !== 1) {
      problems.push(
        `${who}: messages landed in ${conversations.size} conversations (${[...conversations].join(', ')})`,
      );
      continue;
    }
    const id = [...conversations][0]!;
    const seen = (db.lines.get(id) ?? [])
      .filter((l) => l.direction === 'in')
      .map((l) => String(l.message.text));
    problems.push(
      ...sameSequence(
        `${who} inbound lines of ${id}`,
        list.map((d) => d.text),
        seen,
        (k) => `"${k}"`,
      ),
    );
  }
  return problems;
}

/** 2b. What each platform received in a conversation, in arrival order, is its outbound lines, one to one. */
export function repliesInOrder(
  db: Snapshot,
  fakes: { slack: FakeSlack; teams: FakeTeams; discord: FakeDiscord },
): { problems: string[]; compared: number } {
  const problems: string[] = [];
  let compared = 0;
  const slackPosts = fakes.slack.of('chat.postMessage');
  for (const c of db.conversations.values()) {
    const outs = (db.lines.get(c.id) ?? []).filter((l) => l.direction === 'out');
    const texts = new Map<string, string>();
    const keep = (k: string, text: string) => {
      texts.set(k, text);
      return k;
    };
    let expected: string[] = [];
    let actual: string[] = [];
    if (c.platform === 'slack') {
      const tail = tailOf(c.ref);
      expected = outs.map((l) => {
        const r = slackRender(l.message, tail);
        return keep(canon({ text: r.text, blocks: r.blocks }), r.text);
      });
      actual = slackPosts
        .filter((p) => p.args.channel === c.ref.channel && (p.args.thread_ts ?? undefined) === c.ref.threadTs)
        .map((p) => keep(canon({ text: p.args.text, blocks: p.args.blocks }), String(p.args.text)));
    } else if (c.platform === 'teams') {
      const rendered = outs.map((l) => teamsRender(l.message) as Json);
      const fields = [...new Set(rendered.flatMap((r) => Object.keys(r)))];
      const pick = (body: Json) => Object.fromEntries(fields.map((f) => [f, body[f]]));
      expected = rendered.map((r) => keep(canon(pick(r)), String(r.text ?? r.summary ?? 'card')));
      actual = fakes.teams
        .posted(c.ref.conversationId)
        .map((p) => keep(canon(pick(p.body)), String(p.body.text ?? p.body.summary ?? 'card')));
    } else if (c.platform === 'discord') {
      if (!c.ref.channelId) continue;
      expected = outs.map((l) => {
        const r = discordRender(l.message);
        return keep(canon(r), r.content);
      });
      actual = fakes.discord
        .postedIn(c.ref.channelId)
        .map((p) => keep(canon(p.body), String(p.body.content)));
    } else continue;
    compared += expected.length;
    problems.push(
      ...sameSequence(
        `${c.id} replies (stored lines vs posts)`,
        expected,
        actual,
        (k) => `"${short(texts.get(k) ?? k)}"`,
      ),
    );
  }
  return { problems, compared };
}

/** 2c. The web chat answers each message with its turn's replies: the lines stored after it. */
export function webAnswersMatchTurns(load: RollingLoad, db: Snapshot): string[] {
  const problems: string[] = [];
  for (const s of load.sent.filter((x) => x.kind === 'web' && x.ok)) {
    const answer = s.answer as { duplicate?: boolean; replies?: unknown[] };
    if (answer.duplicate) continue; // a resend of a delivery taken before: its replies went to the stream
    const lines = db.lines.get(db.inbox.get(inboxKey('web', s.deliveryId))?.conversationId ?? '') ?? [];
    const at = lines.findIndex((l) => l.direction === 'in' && l.message.text === s.text);
    if (at < 0) continue; // told by check 1
    const outs: Line[] = [];
    for (const l of lines.slice(at + 1)) {
      if (l.direction === 'in') break;
      outs.push(l);
    }
    if (canon(outs.map((l) => l.message)) !== canon(answer.replies ?? []))
      problems.push(
        `web ${s.who} #${s.n} "${s.text}": answered [${(answer.replies ?? []).length} replies] but the turn stored [${outs.map((l) => short(lineText(l), 40)).join(' | ')}]`,
      );
  }
  return problems;
}

/** 2d. Every Discord DM got a reply (its turn stored at least one line to send). */
export function discordAnswered(load: RollingLoad, db: Snapshot): string[] {
  const problems: string[] = [];
  for (const d of load.discordSent) {
    const conversation = db.inbox.get(inboxKey('discord', `m:${d.messageId}`))?.conversationId;
    const lines = db.lines.get(conversation ?? '') ?? [];
    const at = lines.findIndex((l) => l.direction === 'in' && l.message.text === d.text);
    if (at < 0) continue; // told by check 1
    if (lines[at + 1]?.direction !== 'out')
      problems.push(`discord ${d.who} #${d.n} "${d.text}" (m:${d.messageId}): no reply stored after it`);
  }
  return problems;
}

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

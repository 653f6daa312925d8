/**
 * The rolling-restart test's checks, each a list of problems (empty when it holds) with the ids, words
 * and counts that show what went wrong. Here the turns: deliveries processed exactly once, turns and
 * replies in order (rolling.service-checks.ts has the rest). Replies are compared with what each
 * platform's renderer makes of the stored lines, so a post is matched to the line it came from.
 */

import { renderMessage as discordRender } from '../../adapters/discord/discord.render.js';
import { tailOf } from '../../adapters/slack/slack.inbound.js';
import { renderMessage as slackRender } from '../../adapters/slack/slack.renderer.js';
import { renderMessage as teamsRender } from '../../adapters/teams/teams.render.js';
import type { FakeDiscord } from '../fakes/discord/fake-discord.js';
import type { FakeSlack } from '../fakes/slack/fake-slack.js';
import type { FakeTeams } from '../fakes/teams/fake-teams.js';
import type { DiscordSent, RollingLoad } from './rolling.load.js';
import { inboxKey, type Line, type Snapshot } from './rolling.store.js';

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

export const short = (s: string, n = 70) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

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
      // A try answered with an earlier message (its enforced nonce) made none: one message each.
      const made = new Set<string>();
      actual = fakes.discord
        .postedIn(c.ref.channelId)
        .filter((p) => !made.has(String(p.responseId)) && made.add(String(p.responseId)))
        .map(({ body: { nonce: _n, enforce_nonce: _e, ...body } }) =>
          keep(canon(body), String(body.content)),
        );
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

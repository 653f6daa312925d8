/**
 * The steady load of the rolling-restart test, sent through the round-robin proxy as each platform
 * sends it: Slack users in their own DM threads (signed events; a failed delivery is sent again with
 * the same event_id and X-Slack-Retry-Num, as Slack does), Teams users in their personal chats
 * (JWT-signed activities; the Bot Connector resends the same activity id), web chat people (the same
 * clientId on a resend) with their live event streams open, a REST requester opening a ticket every
 * ~300 ms (with an Idempotency-Key, resent after a failure), and Discord DMs dispatched on the fake
 * gateway. Every message's words are unique ("u3 m7 ..."), so each can be traced through the store.
 */
import { randomUUID } from 'node:crypto';
import { dm } from '../fakes/discord/discord-events.js';
import type { DiscordUser, FakeDiscord } from '../fakes/discord/fake-discord.js';
import { directMessage, eventCallback, sign } from '../fakes/slack/slack-payloads.js';
import type { FakeTeams, TeamsUser } from '../fakes/teams/fake-teams.js';
import { personalMessage } from '../fakes/teams/teams-activities.js';

export type Kind = 'slack' | 'teams' | 'web' | 'rest';

/** One HTTP try of a delivery: the status it got, or a failed connection. */
export interface Try {
  at: number;
  status: number | 'network';
}

/** One delivery (a message, an activity, a create) and every try it took. */
export interface Sent {
  kind: Kind;
  /** Who sent it: u3 (Slack), t1 (Teams), w2 (web), rita (REST). */
  who: string;
  /** Its place in what `who` sent, from 1. */
  n: number;
  text: string;
  /** How the platform names it: Slack event_id, Teams activity id, web `personId:clientId`, REST key. */
  deliveryId: string;
  tries: Try[];
  /** Acknowledged in the end (200, or 201 for a create). */
  ok: boolean;
  /** Web: the turn's answer; REST: the ticket's key. */
  answer?: unknown;
}

/** A DM dispatched on the fake Discord gateway to a client holding a session. */
export interface DiscordSent {
  who: string;
  n: number;
  text: string;
  messageId: string;
  channelId: string;
  at: number;
}

export interface SlackPerson {
  who: string;
  userId: string;
}

export interface WebPerson {
  who: string;
  token: string;
  personId: string;
}

export interface LoadOptions {
  proxy: string;
  slackSecret: string;
  slack: SlackPerson[];
  teams: { who: string; user: TeamsUser }[];
  web: WebPerson[];
  /** The REST requester's token. */
  restToken: string;
  discord: { who: string; user: DiscordUser; channelId: string }[];
  fakeTeams: FakeTeams;
  fakeDiscord: FakeDiscord;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Tries per delivery in all (Slack and the Bot Connector retry a few times, then give up). */
const TRIES = 4;
const BACKOFF_MS = [250, 500, 1000];

const PHRASES = [
  'my vpn keeps dropping',
  'the laptop will not wake up',
  'outlook asks for my password again',
  'the printer on floor 2 is jammed',
  'my screen flickers after the update',
  'teams calls freeze every few minutes',
];

/** Unique words for the n-th message of `who`: mostly a problem; every third, a status question. */
export function words(who: string, n: number): string {
  if (n % 3 === 0) return `status ${who}m${n}-${n}`;
  return `${who} m${n} ${PHRASES[(n + who.length) % PHRASES.length]}`;
}

export class RollingLoad {
  readonly sent: Sent[] = [];
  readonly discordSent: DiscordSent[] = [];
  /**
   * Discord DMs not sent: a person's first while no client held a gateway session (Discord keeps it,
   * but the next holder reads only conversations it has heard).
   */
  discordSkipped = 0;
  /** Discord DMs sent while no client held a gateway session: the next holder must read them. */
  discordInGap = 0;
  /** Web event streams: how many were opened (`ready`), and the messages they carried, by person. */
  readonly streams = new Map<string, { ready: number; messages: unknown[] }>();
  /** Slack thread roots, by person (the conversation is `slack:T1:D<user>:<root ts>`). */
  readonly slackRoots = new Map<string, string>();
  private stopping = false;
  private readonly loops: Promise<void>[] = [];
  private readonly creates: Promise<void>[] = [];
  private readonly streamAborts: AbortController[] = [];

  constructor(private readonly o: LoadOptions) {}

  start(): void {
    for (const p of this.o.slack) this.loops.push(this.slackPerson(p));
    for (const p of this.o.teams) this.loops.push(this.teamsPerson(p.who, p.user));
    for (const p of this.o.web) {
      this.loops.push(this.webPerson(p));
      this.loops.push(this.webStream(p));
    }
    this.loops.push(this.restRequester());
    this.loops.push(this.discordPeople());
  }

  /** Ends the load: every sender finishes the delivery in hand (with its retries), then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const a of this.streamAborts) a.abort();
    await Promise.all(this.loops);
    await Promise.all(this.creates);
  }

  /** Sends a delivery until it is acknowledged or the tries run out, recording each try. */
  async deliver(
    record: Omit<Sent, 'tries' | 'ok'>,
    send: (retry: number) => Promise<Response>,
    success: number,
    read: (res: Response) => Promise<unknown> = (res) => res.text(),
  ): Promise<Sent> {
    const s: Sent = { ...record, tries: [], ok: false };
    this.sent.push(s);
    for (let retry = 0; retry < TRIES; retry++) {
      try {
        const res = await send(retry);
        const answer = await read(res);
        s.tries.push({ at: Date.now(), status: res.status });
        if (res.status === success) {
          s.ok = true;
          s.answer = answer;
          return s;
        }
      } catch {
        s.tries.push({ at: Date.now(), status: 'network' });
      }
      if (retry < TRIES - 1) await sleep(BACKOFF_MS[retry]!);
    }
    return s;
  }

  /** Several quick messages in a row (each waits for its ack, not for the bot's reply), then a pause. */
  private async slackPerson(p: SlackPerson): Promise<void> {
    let root: string | undefined;
    for (let n = 1; !this.stopping; n++) {
      const text = words(p.who, n);
      const event = directMessage(p.userId, text, root ? { thread_ts: root } : {});
      if (!root) {
        root = event.ts as string;
        this.slackRoots.set(p.who, root);
      }
      await this.slack(p.who, n, text, event);
      if (n % 3 === 0) await sleep(600 + ((n * 137) % 900));
    }
  }

  /** One Slack event, as Slack delivers it (and delivers again after a failure). */
  async slack(who: string, n: number, text: string, event: Record<string, unknown>): Promise<Sent> {
    const eventId = `Ev${who.toUpperCase()}N${n}`;
    const delivery = eventCallback(event, eventId);
    return this.deliver(
      { kind: 'slack', who, n, text, deliveryId: eventId },
      (retry) => {
        const ts = String(Math.floor(Date.now() / 1000));
        return fetch(`${this.o.proxy}/slack/events`, {
          method: 'POST',
          body: delivery.body,
          headers: {
            'content-type': delivery.contentType,
            'x-slack-request-timestamp': ts,
            'x-slack-signature': sign(this.o.slackSecret, ts, delivery.body),
            ...(retry > 0
              ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_error' }
              : {}),
          },
        });
      },
      200,
    );
  }

  private async teamsPerson(who: string, user: TeamsUser): Promise<void> {
    for (let n = 1; !this.stopping; n++) {
      const text = words(who, n);
      const activity = personalMessage(this.o.fakeTeams, user, text);
      await this.deliver(
        { kind: 'teams', who, n, text, deliveryId: activity.id },
        () =>
          fetch(`${this.o.proxy}/api/messages`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${this.o.fakeTeams.sign(activity.serviceUrl)}`,
            },
            body: JSON.stringify(activity),
          }),
        200,
      );
      await sleep(400 + ((n * 211) % 700));
    }
  }

  private async webPerson(p: WebPerson): Promise<void> {
    for (let n = 1; !this.stopping; n++) {
      const text = words(p.who, n);
      const clientId = randomUUID();
      await this.deliver(
        { kind: 'web', who: p.who, n, text, deliveryId: `${p.personId}:${clientId}` },
        () =>
          fetch(`${this.o.proxy}/web/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${p.token}` },
            body: JSON.stringify({ clientId, text }),
          }),
        200,
        async (res) => (res.status === 200 ? res.json() : res.text()),
      );
      await sleep(500 + ((n * 173) % 800));
    }
  }

  /** The page's live stream, opened again whenever it ends (its instance stopped). */
  private async webStream(p: WebPerson): Promise<void> {
    const seen = { ready: 0, messages: [] as unknown[] };
    this.streams.set(p.who, seen);
    while (!this.stopping) {
      const abort = new AbortController();
      this.streamAborts.push(abort);
      try {
        const res = await fetch(`${this.o.proxy}/web/stream`, {
          headers: { authorization: `Bearer ${p.token}` },
          signal: abort.signal,
        });
        if (res.status === 200 && res.body) {
          let buffer = '';
          const decoder = new TextDecoder();
          for await (const chunk of res.body) {
            buffer += decoder.decode(chunk as Uint8Array, { stream: true });
            for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const event = /^event: (.+)$/m.exec(block)?.[1];
              const data = /^data: (.+)$/m.exec(block)?.[1];
              if (event === 'ready') seen.ready++;
              if (event === 'message' && data) seen.messages.push(JSON.parse(data));
            }
          }
        } else await res.text();
      } catch {
        // the stream ended with its instance, or the load is stopping
      }
      if (!this.stopping) await sleep(300);
    }
  }

  /**
   * A burst all at once, to have requests in flight at a given moment (a SIGKILL): a first DM from each
   * of `slack` (their own thread each) and `creates` tickets. Resolves when all are acknowledged or
   * given up.
   */
  async burst(slack: SlackPerson[], creates: number): Promise<void> {
    const work: Promise<unknown>[] = slack.map((p) => {
      const text = words(p.who, 1);
      return this.slack(p.who, 1, text, directMessage(p.userId, text));
    });
    for (let i = 1; i <= creates; i++) work.push(this.restCreate(100_000 + i));
    await Promise.all(work);
  }

  /** A ticket every ~300 ms, each create on its own (they overlap when answers are slow). */
  private async restRequester(): Promise<void> {
    for (let n = 1; !this.stopping; n++) {
      this.creates.push(this.restCreate(n).then(() => undefined));
      await sleep(300);
    }
  }

  private restCreate(n: number): Promise<Sent> {
    const key = `rolling-create-${n}`;
    const text = `r${n} laptop smokes at boot`;
    return this.deliver(
      { kind: 'rest', who: 'rita', n, text, deliveryId: key },
      () =>
        fetch(`${this.o.proxy}/api/v1/tickets`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${this.o.restToken}`,
            'idempotency-key': key,
          },
          body: JSON.stringify({ requestType: 'laptop', fields: { description: text } }),
        }),
      201,
      async (res) => (res.status === 201 ? ((await res.json()) as { key: string }).key : res.text()),
    );
  }

  /**
   * A DM every ~500 ms, round the Discord people, whether a client holds a gateway session or not (a
   * holder killed, the next one not yet connected): Discord keeps what was said.
   */
  private async discordPeople(): Promise<void> {
    const counts = new Map<string, number>();
    for (let i = 0; !this.stopping; i++) {
      const p = this.o.discord[i % this.o.discord.length]!;
      const live = this.o.fakeDiscord.live;
      if (!live && !counts.has(p.who)) this.discordSkipped++;
      else {
        if (!live) this.discordInGap++;
        const n = (counts.get(p.who) ?? 0) + 1;
        counts.set(p.who, n);
        const text = words(p.who, n);
        const message = dm(this.o.fakeDiscord, p.user, p.channelId, text);
        this.o.fakeDiscord.dispatch('MESSAGE_CREATE', message);
        this.discordSent.push({
          who: p.who,
          n,
          text,
          messageId: String(message.id),
          channelId: p.channelId,
          at: Date.now(),
        });
      }
      await sleep(500);
    }
  }
}

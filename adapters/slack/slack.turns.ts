import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { InboundMessage } from '../../src/core/conversation/message.types.js';
import type { Desk } from '../../src/core/desk.js';
import { describeSlackError } from './slack.errors.js';
import type { SlackIdentity } from './slack.identity.js';
import { inbound, slackConversation } from './slack.inbound.js';
import { safeText } from './slack.text.js';

/** What every listener works with. */
export interface SlackDeps {
  desk: Desk;
  identity: SlackIdentity;
  /** For calls a click needs at once (views.open, ephemeral answers); messages go through the outbox. */
  client: WebClient;
  botUserId: string;
  teamId: string;
  logger: Logger;
  /** Where turns wait for their go (see TurnQueue). */
  turns: TurnQueue;
  /** The App Home's "next SLA due" line per ticket: the SLA issue plugs it in (see NextDueLine). */
  nextDue?: NextDueLine;
}

/**
 * The extension point for the SLA issue: the next due time of a ticket's SLA clocks as a short line
 * ("Resolution due Tue 14:00"), or null. Until it is plugged in, the App Home shows status only.
 */
export type NextDueLine = (ticketId: number) => Promise<string | null>;

/**
 * Inbox, then acknowledge, then the turn: the delivery is recorded before Slack hears back, and a retry
 * of it (same event_id, X-Slack-Retry-Num) finds it recorded and changes nothing.
 */
export async function takeTurn(
  deps: SlackDeps,
  message: InboundMessage,
  acknowledge: () => unknown,
): Promise<void> {
  const fresh = await deps.desk.conversations.accept(message);
  await acknowledge();
  if (fresh) await deps.turns.run(() => deps.desk.conversations.processAccepted(message));
}

/**
 * Runs turns a few at a time, each after the events already waiting: acknowledging is one inbox write,
 * and a burst of deliveries should not wait for the turns of the ones before it.
 */
export class TurnQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((start) => this.waiting.push(start));
    else this.running++;
    // The embedded store runs queries synchronously: without a macrotask here, turns would chain
    // through microtasks and no waiting request would be read, let alone acknowledged, until all ran.
    await new Promise((next) => setImmediate(next));
    try {
      return await work();
    } finally {
      // A waiting turn takes this slot over; else the slot is free.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/**
 * A request that starts outside a thread of ours (/helpdesk, a shortcut, a reaction) continues in a
 * new thread of the person's direct messages with the bot, anchored by a first post.
 */
export async function startInDirectMessage(
  deps: SlackDeps,
  at: { team: string; user: string; deliveryId: string },
  intro: string,
  words: string,
): Promise<void> {
  const personId = await deps.identity.personId(at.team, at.user);
  const anchor = await deps.client.chat.postMessage({
    channel: at.user,
    text: `${intro}\n${words
      .split('\n')
      .map((l) => `> ${safeText(l)}`)
      .join('\n')}`,
    unfurl_links: false,
    unfurl_media: false,
  });
  if (!anchor.channel || !anchor.ts) throw new Error('chat.postMessage returned no channel or ts');
  const conversation = slackConversation(at.team, anchor.channel, anchor.ts);
  await takeTurn(deps, inbound(at.deliveryId, conversation, personId, { text: words }), () => {});
}

/** An answer only the clicking person sees (a refusal, a hint); failures are logged, not retried. */
export async function tellOnly(
  deps: SlackDeps,
  channel: string | undefined,
  user: string,
  text: string,
): Promise<void> {
  if (!channel) return;
  try {
    await deps.client.chat.postEphemeral({ channel, user, text: safeText(text) });
  } catch (err) {
    deps.logger.warn({ reason: describeSlackError(err) }, 'slack ephemeral answer failed');
  }
}

import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Desk } from '../../src/core/index.js';
import type { InboundMessage } from '../../src/ports/message.types.js';
import { describeSlackError } from './slack.errors.js';
import type { SlackIdentity } from './slack.identity.js';
import { inbound, slackConversation } from './slack.inbound.js';
import { safeText } from './slack.text.js';

/** The longest a turn waits for other deliveries' acknowledgements before it runs anyway. */
const ACKS_FIRST_MS = 50;

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
}

/**
 * Inbox, then acknowledge, then the turn: the delivery is recorded before Slack hears back, and a retry
 * of it (same event_id, X-Slack-Retry-Num) finds it recorded and changes nothing.
 */
export async function takeTurn(
  deps: SlackDeps,
  message: InboundMessage,
  acknowledge: () => unknown,
): Promise<void> {
  const conversations = deps.desk.conversations;
  // Queued before the inbox write, so the turns of one conversation keep the order they came in.
  const turn = deps.turns.queue(message.conversation.id);
  let accepted: Awaited<ReturnType<typeof conversations.accept>>;
  try {
    accepted = await conversations.accept(message);
    await acknowledge();
  } catch (err) {
    turn.cancel();
    throw err;
  }
  if (!accepted) return turn.cancel();
  await turn.run(() => conversations.processAccepted(message, accepted));
}

/** A place in the TurnQueue: run the turn when its go comes, or give the place up. */
export interface QueuedTurn {
  run<T>(work: () => Promise<T>): Promise<T>;
  cancel(): void;
}

/**
 * Runs turns after the acknowledgements: a few at once across conversations, one at a time and in
 * arrival order within a conversation (a later message must not overtake an earlier one, nor run on
 * state the earlier one is about to change). Acknowledging comes first: while deliveries are on their
 * way to their ack, turns wait (at most ACKS_FIRST_MS), so a burst is acknowledged before it is worked.
 */
export class TurnQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Per conversation, the end of its chain of turns. */
  private readonly tails = new Map<string, Promise<void>>();
  /** Deliveries queued and not yet acknowledged (or given up). */
  private acknowledging = 0;
  private readonly quiet: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  queue(conversationId: string): QueuedTurn {
    const before = this.tails.get(conversationId) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    const tail = before.then(() => mine);
    this.tails.set(conversationId, tail);
    this.acknowledging++;
    let acknowledged = false;
    const ackDone = () => {
      if (acknowledged) return;
      acknowledged = true;
      if (--this.acknowledging === 0) for (const go of this.quiet.splice(0)) go();
    };
    const finish = () => {
      ackDone();
      done();
      if (this.tails.get(conversationId) === tail) this.tails.delete(conversationId);
    };
    return {
      run: async (work) => {
        ackDone();
        try {
          await before;
          return await this.slot(work);
        } finally {
          finish();
        }
      },
      cancel: finish,
    };
  }

  private async slot<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((start) => this.waiting.push(start));
    else this.running++;
    await this.acksFirst();
    try {
      return await work();
    } finally {
      // A waiting turn takes this slot over; else the slot is free.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /**
   * Waits for the deliveries in flight to be acknowledged, or ACKS_FIRST_MS under a steady stream.
   * Always at least a macrotask: the embedded store runs queries synchronously, and without one turns
   * would chain through microtasks and no waiting request would be read until all had run.
   */
  private async acksFirst(): Promise<void> {
    await new Promise((next) => setImmediate(next));
    if (this.acknowledging === 0) return;
    await new Promise<void>((go) => {
      const timer = setTimeout(go, ACKS_FIRST_MS);
      this.quiet.push(() => {
        clearTimeout(timer);
        go();
      });
    });
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

import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Desk, Received } from '../../src/core/index.js';
import type { InboundEvent } from '../../src/ports/message.types.js';
import type { Person } from '../../src/ports/store.port.js';
import { describeSlackError } from './slack.errors.js';
import { slackSpeaker } from './slack.identity.js';
import { inbound, slackConversation } from './slack.inbound.js';
import { safeText } from './slack.text.js';

/** What every listener works with. */
export interface SlackDeps {
  desk: Desk;
  /** For calls a click needs at once (views.open, ephemeral answers); messages go through the outbox. */
  client: WebClient;
  botUserId: string;
  teamId: string;
  logger: Logger;
}

/**
 * Hands one event to the core's inbound pipeline: inbox, then `acknowledge`, then the turn. A retry of
 * the delivery (same event_id, X-Slack-Retry-Num) finds it recorded and changes nothing.
 */
export async function takeTurn(
  deps: SlackDeps,
  event: InboundEvent,
  acknowledge: () => unknown,
): Promise<Received> {
  const received = await deps.desk.inbound.receive(event, acknowledge);
  if (received.outcome === 'refused') deps.logger.warn({ reason: received.reason }, 'slack user refused');
  return received;
}

/** The person of a Slack user with roles read now, for actions the core checks (card clicks). */
export function personOf(deps: SlackDeps, team: string, user: string): Promise<Person> {
  return deps.desk.identities.personOf(slackSpeaker(team, user));
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
  await takeTurn(deps, inbound(at.deliveryId, conversation, at, { text: words }), () => {});
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

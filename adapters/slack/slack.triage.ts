import type { KnownBlock, WebClient } from '@slack/web-api';
import { type Desk, type TopicHandler, TRIAGE_CARD } from '../../src/core/index.js';
import { DeliveryError } from '../../src/ports/channel.port.js';
import { renderCard, requesterWords } from './slack.card.js';
import { deliveryError } from './slack.errors.js';
import { PLATFORM } from './slack.inbound.js';

/**
 * The outbox topic 'triage' (a ticket was created or changed): posts the ticket's card in its
 * department's Slack triage channel once, then updates it in place; the requester's public words are
 * posted under it for the agents. The one step that is not idempotent (a new post) comes last, so a
 * retried row never posts twice what already went out.
 */
export function triageCards(
  desk: Desk,
  client: WebClient,
  workspace: () => string | undefined,
): TopicHandler {
  return async (row) => {
    if (row.ticketId === null) return { skipped: 'no ticket' };
    const team = workspace();
    if (team === undefined) throw new DeliveryError('slack: not connected yet', true, 5_000);
    const card = await desk.posts.card(row.ticketId);
    if (!card) return { skipped: 'the ticket is gone' };
    const channel = card.triage.slack;
    if (!channel) return { skipped: `${card.department.id} has no Slack triage channel` };
    const { text, blocks } = renderCard(card);
    const post = await desk.posts.find(PLATFORM, TRIAGE_CARD, card.ticketId);
    let ts = post?.channel === channel ? post.messageId : undefined;
    if (ts) {
      try {
        await client.chat.update({ channel, ts, text, blocks: blocks as KnownBlock[] });
      } catch (err) {
        // Someone deleted the card: post a fresh one rather than losing the ticket from the channel.
        if ((err as { data?: { error?: string } }).data?.error !== 'message_not_found')
          throw deliveryError('chat.update', err);
        ts = undefined;
      }
    }
    if (!ts) {
      ts = await post_(client, channel, { text, blocks }, 'chat.postMessage');
      await desk.posts.save({
        platform: PLATFORM,
        purpose: TRIAGE_CARD,
        ticketId: card.ticketId,
        workspace: team,
        channel,
        messageId: ts,
      });
      if (row.payload.type !== 'comment') return 'delivered';
    }
    if (row.payload.type === 'comment' && row.payload.authorId === card.requester.id) {
      const words = requesterWords(card.requester.name, String(row.payload.body ?? ''));
      await post_(client, channel, { text: words, thread_ts: ts }, 'chat.postMessage');
    }
    return 'delivered';
  };
}

async function post_(
  client: WebClient,
  channel: string,
  message: { text: string; blocks?: unknown[]; thread_ts?: string },
  method: string,
): Promise<string> {
  try {
    const r = await client.chat.postMessage({
      channel,
      ...message,
      blocks: message.blocks as KnownBlock[] | undefined,
      unfurl_links: false,
      unfurl_media: false,
    });
    if (!r.ts) throw new DeliveryError(`${method}: no ts in the answer`, false);
    return r.ts;
  } catch (err) {
    throw err instanceof DeliveryError ? err : deliveryError(method, err);
  }
}

import type { KnownBlock, WebClient } from '@slack/web-api';
import type { CardPort, TicketCard } from '../../src/ports/card.port.js';
import { DeliveryError } from '../../src/ports/channel.port.js';
import { renderCard, requesterWords } from './slack.card.js';
import { deliveryError } from './slack.errors.js';
import { PLATFORM } from './slack.inbound.js';

/**
 * Triage cards on Slack, for the core's triage service: chat.postMessage for a new card, chat.update in
 * place, a reply in the card's thread for the requester's words. `workspace` is the team auth.test
 * named; until it answered, a card waits (retried by the outbox).
 */
export function slackCards(client: WebClient, workspace: () => string | undefined): CardPort {
  return {
    platform: PLATFORM,
    async post(channel, card) {
      const team = workspace();
      if (team === undefined) throw new DeliveryError('slack: not connected yet', true, 5_000);
      return { workspace: team, messageId: await post(client, channel, rendered(card)) };
    },
    async update(channel, ts, card) {
      try {
        const { text, blocks } = rendered(card);
        await client.chat.update({ channel, ts, text, blocks });
        return 'updated';
      } catch (err) {
        // Someone deleted the card: the core posts a fresh one rather than losing the ticket from the channel.
        if ((err as { data?: { error?: string } }).data?.error === 'message_not_found') return 'gone';
        throw deliveryError('chat.update', err);
      }
    },
    async reply(channel, ts, words) {
      await post(client, channel, { text: requesterWords(words.author, words.body), thread_ts: ts });
    },
  };
}

function rendered(card: TicketCard): { text: string; blocks: KnownBlock[] } {
  const { text, blocks } = renderCard(card);
  return { text, blocks: blocks as KnownBlock[] };
}

async function post(
  client: WebClient,
  channel: string,
  message: { text: string; blocks?: KnownBlock[]; thread_ts?: string },
): Promise<string> {
  try {
    const r = await client.chat.postMessage({
      channel,
      ...message,
      unfurl_links: false,
      unfurl_media: false,
    });
    if (!r.ts) throw new DeliveryError('chat.postMessage: no ts in the answer', false);
    return r.ts;
  } catch (err) {
    throw err instanceof DeliveryError ? err : deliveryError('chat.postMessage', err);
  }
}

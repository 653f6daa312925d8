import type { CardPort } from '../../src/ports/card.port.js';
import { DeliveryError } from '../../src/ports/channel.port.js';
import { renderCard, requesterWords } from './teams.card.js';
import type { TeamsConnector } from './teams.connector.js';
import { deliveryError, statusOf } from './teams.errors.js';
import { PLATFORM, type TeamsRef } from './teams.inbound.js';
import type { TeamsPlaces } from './teams.places.js';

/**
 * Triage cards in Teams channels, for the core's triage service: a new card starts a reply chain
 * (createConversation in the channel), updates replace it in place, the requester's words are replies
 * in its chain. The tenant is the app's (SingleTenant) or the one last heard from; until any activity
 * brought a service URL, a card waits (retried by the outbox).
 */
export function teamsCards(connector: TeamsConnector, places: TeamsPlaces, botId: string): CardPort {
  const where = async (conversationId: string): Promise<TeamsRef> => {
    const home = await places.home();
    if (!home) throw new DeliveryError('teams: no activity seen yet, so no service URL', true, 60_000);
    return {
      serviceUrl: home.serviceUrl,
      tenantId: home.tenant,
      conversationId,
      conversationType: 'channel',
      bot: { id: botId },
    };
  };
  return {
    platform: PLATFORM,
    async post(channel, card) {
      const ref = await where(channel);
      try {
        const posted = await connector.run(ref, (_context, c) =>
          c.conversations.createConversation({
            isGroup: true,
            bot: { id: botId, name: 'Deskbot' },
            tenantId: ref.tenantId,
            channelData: { channel: { id: channel }, tenant: { id: ref.tenantId } },
            activity: { type: 'message', attachments: [renderCard(card)] },
          } as never),
        );
        const messageId = posted.activityId ?? /;messageid=(\d+)$/.exec(posted.id)?.[1];
        if (!messageId) throw new DeliveryError('createConversation: no activity id in the answer', false);
        return { workspace: ref.tenantId, messageId };
      } catch (err) {
        throw deliveryError('createConversation', err);
      }
    },
    async update(channel, messageId, card) {
      const ref = await where(`${channel};messageid=${messageId}`);
      try {
        await connector.update(ref, messageId, { type: 'message', attachments: [renderCard(card)] });
        return 'updated';
      } catch (err) {
        // Someone deleted the card: the core posts a fresh one rather than losing the ticket from the channel.
        if (statusOf(err) === 404) return 'gone';
        throw deliveryError('updateActivity', err);
      }
    },
    async reply(channel, messageId, words) {
      const ref = await where(`${channel};messageid=${messageId}`);
      try {
        await connector.send(ref, {
          type: 'message',
          summary: `${words.author} wrote`,
          attachments: [requesterWords(words.author, words.body)],
        });
      } catch (err) {
        throw deliveryError('sendActivity', err);
      }
    },
  };
}

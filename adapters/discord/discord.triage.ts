import { type REST, Routes } from 'discord.js';
import type { Logger } from 'pino';
import type { CardPort } from '../../src/ports/card.port.js';
import { DeliveryError } from '../../src/ports/channel.port.js';
import { renderCard, requesterWords } from './discord.card.js';
import { deliveryError, describeDiscordError, discordCode } from './discord.errors.js';
import { PLATFORM } from './discord.inbound.js';
import { startThread } from './discord.threads.js';

const UNKNOWN_MESSAGE = 10008;

/**
 * Triage cards on Discord, for the core's triage service: a message in the department's channel with a
 * thread started from it (the agents' room; a thread from a message has the message's id), edited in
 * place, the requester's words posted in the thread. Creating the thread is repeatable: a retry finds
 * it made, so nothing is posted twice.
 */
export function discordCards(rest: REST, logger: Logger): CardPort {
  const thread = (channel: string, messageId: string, name: string) =>
    startThread(rest, channel, messageId, name);
  return {
    platform: PLATFORM,
    async post(channel, card) {
      let id: string;
      try {
        id = (
          (await rest.post(Routes.channelMessages(channel), { body: renderCard(card) })) as { id: string }
        ).id;
      } catch (err) {
        throw deliveryError('create message', err);
      }
      // The card is out: a failure here must not post it again; the thread is made when first needed.
      await thread(channel, id, `${card.key} ${card.summary}`).catch((err) =>
        logger.warn({ reason: describeDiscordError(err) }, 'discord: the card’s thread waits'),
      );
      return { workspace: '', messageId: id };
    },
    async update(channel, messageId, card) {
      try {
        await rest.patch(Routes.channelMessage(channel, messageId), { body: renderCard(card) });
        return 'updated';
      } catch (err) {
        if (discordCode(err) === UNKNOWN_MESSAGE) return 'gone';
        throw deliveryError('edit message', err);
      }
    },
    async reply(channel, messageId, words) {
      try {
        await thread(channel, messageId, `Ticket ${messageId}`);
        await rest.post(Routes.channelMessages(messageId), {
          body: requesterWords(words.author, words.body),
        });
      } catch (err) {
        throw err instanceof DeliveryError ? err : deliveryError('post in the card’s thread', err);
      }
    },
  };
}

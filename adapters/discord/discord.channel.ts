import { type REST, Routes } from 'discord.js';
import type { ChannelPort, OutboxDelivery } from '../../src/ports/channel.port.js';
import type { ConversationAddress, OutboundMessage } from '../../src/ports/message.types.js';
import { deliveryError } from './discord.errors.js';
import { type DiscordRef, PLATFORM } from './discord.inbound.js';
import { renderMessage } from './discord.render.js';

/**
 * The Discord ChannelPort: one REST call per message (`POST /channels/{id}/messages`, no mention ever
 * parsed), never retried here. A notice to a person with no DM channel yet opens it first.
 */
export class DiscordChannel implements ChannelPort {
  readonly platform = PLATFORM;

  constructor(private readonly rest: REST) {}

  async deliver(
    conversation: ConversationAddress,
    message: OutboundMessage,
    delivery?: OutboxDelivery,
  ): Promise<{ messageId?: string }> {
    const ref = conversation.ref as unknown as DiscordRef;
    try {
      const channelId = ref.channelId || (await this.dmChannel(ref.userId!));
      // The outbox row's id as the nonce, enforced: Discord answers the message an earlier try of the
      // same row created (within minutes) instead of posting it twice.
      const nonce = delivery && { nonce: `o${delivery.id}`, enforce_nonce: true };
      const posted = (await this.rest.post(Routes.channelMessages(channelId), {
        body: { ...renderMessage(message), ...nonce },
      })) as {
        id: string;
      };
      return { messageId: posted.id };
    } catch (err) {
      throw deliveryError('create message', err);
    }
  }

  /** The bot's DM channel with a user (Discord answers the existing one). */
  async dmChannel(userId: string): Promise<string> {
    const channel = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as {
      id: string;
    };
    return channel.id;
  }
}

import type { ChannelPort } from '../../src/ports/channel.port.js';
import { DeliveryError } from '../../src/ports/channel.port.js';
import type { ConversationAddress, OutboundMessage } from '../../src/ports/message.types.js';
import { sendDirect, type TeamsConnector } from './teams.connector.js';
import { deliveryError } from './teams.errors.js';
import { PLATFORM, type TeamsRef } from './teams.inbound.js';
import type { TeamsPlaces } from './teams.places.js';
import { hasFormErrors, renderMessage } from './teams.render.js';

/**
 * The Teams ChannelPort: one proactive call per message, at the tenant's freshest service URL, never
 * retried here (the connector's own retry policies are removed), so the outbox decides. A form that
 * came back with errors replaces the card it was submitted on; a notice to a person opens (or finds)
 * their direct chat first.
 */
export class TeamsChannel implements ChannelPort {
  readonly platform = PLATFORM;

  constructor(
    private readonly connector: TeamsConnector,
    private readonly places: TeamsPlaces,
  ) {}

  async deliver(
    conversation: ConversationAddress,
    message: OutboundMessage,
  ): Promise<{ messageId?: string }> {
    const stored = conversation.ref as unknown as TeamsRef;
    const ref = {
      ...stored,
      serviceUrl: (await this.places.serviceUrl(stored.tenantId)) ?? stored.serviceUrl,
    };
    if (!ref.serviceUrl) throw new DeliveryError('teams: no service URL for the tenant yet', true, 60_000);
    const activity = renderMessage(message);
    try {
      if (ref.cardId && hasFormErrors(message)) {
        await this.connector.update(ref, ref.cardId, activity);
        return { messageId: ref.cardId };
      }
      if (!ref.conversationId && ref.userId)
        return { messageId: await sendDirect(this.connector, ref, ref.userId, activity) };
      return { messageId: await this.connector.send(ref, activity) };
    } catch (err) {
      throw deliveryError(ref.cardId ? 'updateActivity' : 'sendActivity', err);
    }
  }
}

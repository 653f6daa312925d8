import type { ConversationAddress, OutboundMessage } from './message.types.js';

/** A delivery the platform refused for now; `retryAfterMs` when it said how long to wait (429). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** What the core needs from a chat platform: post a message in a conversation. */
export interface ChannelPort {
  platform: string;
  /**
   * Posts the message; returns the platform's message id when it has one. Throws DeliveryError.
   * `delivery` is the outbox row's: a port marks the post with its id where the platform keeps a mark
   * (Slack's metadata, Discord's nonce), and when the row was `retried` (an earlier try may have posted
   * it and died before it was marked delivered) looks before posting again.
   */
  deliver(
    conversation: ConversationAddress,
    message: OutboundMessage,
    delivery?: OutboxDelivery,
  ): Promise<{ messageId?: string }>;
}

/** Which outbox row a post is, and whether it was claimed before (posting is not idempotent). */
export interface OutboxDelivery {
  id: number;
  retried: boolean;
}

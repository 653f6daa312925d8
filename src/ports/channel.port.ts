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
  /** Posts the message; returns the platform's message id when it has one. Throws DeliveryError. */
  deliver(conversation: ConversationAddress, message: OutboundMessage): Promise<{ messageId?: string }>;
}

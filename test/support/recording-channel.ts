import { type ChannelPort, DeliveryError } from '../../src/ports/channel.port.js';
import type { ConversationAddress, OutboundMessage } from '../../src/ports/message.types.js';

/**
 * A ChannelPort at the edge of a platform we do not have here: records what it was asked to post, and
 * can answer like a rate-limited platform (429 with Retry-After) for the next calls.
 */
export class RecordingChannel implements ChannelPort {
  readonly delivered: { conversation: ConversationAddress; message: OutboundMessage }[] = [];
  readonly refusals: number[] = [];
  private failures: { retryAfterMs?: number; retryable: boolean }[] = [];

  constructor(readonly platform = 'test') {}

  failNext(...failures: { retryAfterMs?: number; retryable: boolean }[]): void {
    this.failures.push(...failures);
  }

  async deliver(conversation: ConversationAddress, message: OutboundMessage) {
    const failure = this.failures.shift();
    if (failure) {
      this.refusals.push(Date.now());
      throw new DeliveryError(
        failure.retryAfterMs ? 'rate limited (429)' : 'refused',
        failure.retryable,
        failure.retryAfterMs,
      );
    }
    this.delivered.push({ conversation, message });
    return { messageId: String(this.delivered.length) };
  }

  /** The text parts of everything delivered to a conversation, in order. */
  texts(conversationId: string): string[] {
    return this.delivered
      .filter((d) => d.conversation.id === conversationId)
      .flatMap((d) =>
        d.message.parts.filter((p) => p.kind === 'text').map((p) => (p as { text: string }).text),
      );
  }
}

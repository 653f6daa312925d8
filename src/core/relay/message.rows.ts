import type { ConversationAddress, OutboundMessage } from '../../ports/message.types.js';

/** An outbox row of topic `message`: a message for one conversation. */
export interface MessageRow {
  topic: 'message';
  payload: Record<string, unknown>;
}

/**
 * The row carries the conversation's address (platform and ref, which never change), so delivering it
 * reads nothing else; rows queued before addresses were carried name only the conversation id.
 */
export function messageRow(
  conversation: Pick<ConversationAddress, 'id' | 'platform' | 'ref'>,
  message: OutboundMessage,
): MessageRow {
  return {
    topic: 'message',
    payload: {
      conversationId: conversation.id,
      platform: conversation.platform,
      ref: conversation.ref,
      message: message as unknown as Record<string, unknown>,
    },
  };
}

/** The address a message row carries, or null for an older row that names only the conversation. */
export function addressOf(payload: Record<string, unknown>): ConversationAddress | null {
  const { conversationId, platform, ref } = payload;
  if (typeof conversationId !== 'string' || typeof platform !== 'string') return null;
  if (!ref || typeof ref !== 'object') return null;
  return { id: conversationId, platform, ref: ref as Record<string, unknown>, formFields: 0 };
}

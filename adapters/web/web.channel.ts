import type { ChannelPort } from '../../src/ports/channel.port.js';
import type { ConversationAddress, OutboundMessage } from '../../src/ports/message.types.js';

/** Receives each message delivered to a conversation; one per open page. */
export type WebSubscriber = (message: OutboundMessage) => void;

/** Pages open at once per conversation; more would only hold sockets (tabs left open, reconnect loops). */
export const MAX_PAGES_PER_CONVERSATION = 8;

/**
 * The web chat's ChannelPort: a delivered message is pushed to the open pages of its conversation.
 * The core keeps the transcript, so a page that was not connected loads it on (re)connect: nothing is
 * lost when nobody listens, and delivery never fails.
 */
export class WebChannel implements ChannelPort {
  readonly platform = 'web';
  private readonly pages = new Map<string, Set<WebSubscriber>>();

  async deliver(
    conversation: ConversationAddress,
    message: OutboundMessage,
  ): Promise<{ messageId?: string }> {
    for (const push of this.pages.get(conversation.id) ?? []) push(message);
    return {};
  }

  /** Adds an open page; null when the conversation has too many already. Returns the unsubscribe. */
  subscribe(conversationId: string, push: WebSubscriber): (() => void) | null {
    let set = this.pages.get(conversationId);
    if (!set) {
      set = new Set();
      this.pages.set(conversationId, set);
    }
    if (set.size >= MAX_PAGES_PER_CONVERSATION) return null;
    set.add(push);
    return () => {
      set.delete(push);
      if (set.size === 0) this.pages.delete(conversationId);
    };
  }

  /** How many pages of a conversation are open. */
  listeners(conversationId: string): number {
    return this.pages.get(conversationId)?.size ?? 0;
  }
}

/** The page shows any request type's form whole (the desk config's largest has a handful of fields). */
const WEB_FORM_FIELDS = 100;

/** One web chat per person: "new request" starts another request in the same conversation. */
export function webConversation(personId: string): ConversationAddress {
  return { id: `web:${personId}`, platform: 'web', ref: { personId }, formFields: WEB_FORM_FIELDS };
}

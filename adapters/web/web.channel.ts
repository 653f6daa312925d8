import type { ChannelPort } from '../../src/ports/channel.port.js';
import type { StopListening } from '../../src/ports/kb-store.port.js';
import type { ConversationAddress, OutboundMessage } from '../../src/ports/message.types.js';
import { MAX_SIGNAL_BYTES, type Signals } from '../../src/ports/signal.port.js';

/**
 * Receives each message delivered to a conversation, one per open page; null when something was
 * delivered that the signal could not carry (too large, or missed while reconnecting): the page then
 * loads the transcript.
 */
export type WebSubscriber = (message: OutboundMessage | null) => void;

/** Pages open at once per conversation; more would only hold sockets (tabs left open, reconnect loops). */
export const MAX_PAGES_PER_CONVERSATION = 8;

/** Where every instance hears the web chat's deliveries. */
const SIGNAL_CHANNEL = 'deskbot_web_delivered';

/**
 * The web chat's ChannelPort: a delivered message is pushed to the open pages of its conversation,
 * on whichever instance each page is connected to (a signal through the database: the dispatcher that
 * delivers may run on another instance than the page's stream). The core keeps the transcript, so a
 * page that was not connected loads it on (re)connect: nothing is lost when nobody listens, and
 * delivery never fails.
 */
export class WebChannel implements ChannelPort {
  readonly platform = 'web';
  private readonly pages = new Map<string, Set<WebSubscriber>>();
  private stopListening: StopListening | null = null;

  constructor(private readonly signals: Signals) {}

  async deliver(
    conversation: ConversationAddress,
    message: OutboundMessage,
  ): Promise<{ messageId?: string }> {
    const whole = JSON.stringify({ c: conversation.id, m: message });
    const payload =
      Buffer.byteLength(whole) <= MAX_SIGNAL_BYTES ? whole : JSON.stringify({ c: conversation.id });
    await this.signals.publish(SIGNAL_CHANNEL, payload);
    return {};
  }

  /** Hears every instance's deliveries from now on, until `close`. */
  async listen(): Promise<void> {
    this.stopListening ??= await this.signals.listen(
      SIGNAL_CHANNEL,
      (payload) => {
        const { c, m } = JSON.parse(payload) as { c: string; m?: OutboundMessage };
        for (const push of this.pages.get(c) ?? []) push(m ?? null);
      },
      () => {
        for (const set of this.pages.values()) for (const push of set) push(null);
      },
    );
  }

  async close(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = null;
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

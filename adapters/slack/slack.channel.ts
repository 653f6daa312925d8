import type { KnownBlock, WebClient } from '@slack/web-api';
import type { ChannelPort, OutboxDelivery } from '../../src/ports/channel.port.js';
import type { ConversationAddress, OutboundMessage } from '../../src/ports/message.types.js';
import { deliveryError } from './slack.errors.js';
import { PLATFORM, type SlackRef, tailOf } from './slack.inbound.js';
import { isFormErrorsOnly, renderMessage } from './slack.renderer.js';

/**
 * The Slack ChannelPort: one Web API call per message, never retried here (the client is built with
 * `retries: 0` and rejects rate-limited calls), so the outbox decides when to try again. Never sets
 * link_names; links and media are not unfurled.
 */
export class SlackChannel implements ChannelPort {
  readonly platform = PLATFORM;

  constructor(private readonly client: WebClient) {}

  async deliver(
    conversation: ConversationAddress,
    message: OutboundMessage,
    delivery?: OutboxDelivery,
  ): Promise<{ messageId?: string }> {
    // The modal showed these errors already (response_action: errors); a message would only repeat them.
    if (isFormErrorsOnly(message)) return {};
    const ref = conversation.ref as unknown as SlackRef;
    const { text, blocks: rendered } = renderMessage(message, tailOf(ref));
    const blocks = rendered as KnownBlock[];
    if (ref.ephemeralUser) {
      try {
        const r = await this.client.chat.postEphemeral({
          channel: ref.channel,
          user: ref.ephemeralUser,
          text,
          blocks,
        });
        return { messageId: r.message_ts };
      } catch (err) {
        throw deliveryError('chat.postEphemeral', err);
      }
    }
    if (delivery?.retried) {
      const posted = await this.postedBefore(ref, delivery.id);
      if (posted) return { messageId: posted };
    }
    try {
      const r = await this.client.chat.postMessage({
        channel: ref.channel,
        ...(ref.threadTs ? { thread_ts: ref.threadTs } : {}),
        text,
        blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(delivery && {
          metadata: { event_type: OUTBOX_MARK, event_payload: { outbox_id: String(delivery.id) } },
        }),
      });
      return { messageId: r.ts };
    } catch (err) {
      throw deliveryError('chat.postMessage', err);
    }
  }

  /**
   * The ts of a message an earlier try posted for this outbox row (found by its metadata among the
   * thread's or the channel's latest), or null. A look that fails posts anyway: at least once.
   */
  private async postedBefore(ref: SlackRef, outboxId: number): Promise<string | null> {
    try {
      // A notice goes to a user id; its messages are in the app's DM with them.
      const channel = ref.channel.startsWith('U')
        ? (await this.client.conversations.open({ users: ref.channel })).channel?.id
        : ref.channel;
      if (!channel) return null;
      const isMine = (m: { metadata?: { event_type?: string; event_payload?: unknown } }) =>
        m.metadata?.event_type === OUTBOX_MARK &&
        (m.metadata.event_payload as { outbox_id?: unknown } | undefined)?.outbox_id === String(outboxId);
      if (!ref.threadTs) {
        // Newest first: the post would be among the latest.
        const page = await this.client.conversations.history({
          channel,
          include_all_metadata: true,
          limit: 100,
        });
        return (page.messages ?? []).find(isMine)?.ts ?? null;
      }
      // A thread's replies come oldest first: page through it (a long one takes a few calls).
      let cursor: string | undefined;
      for (let pages = 0; pages < MAX_PAGES; pages++) {
        const page = await this.client.conversations.replies({
          channel,
          ts: ref.threadTs,
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        const mine = (page.messages ?? []).find(isMine);
        if (mine?.ts) return mine.ts;
        cursor = page.response_metadata?.next_cursor || undefined;
        if (!cursor) return null;
      }
      return null;
    } catch {
      return null;
    }
  }
}

/** The metadata event type that marks Deskbot's posts with their outbox row. */
const OUTBOX_MARK = 'deskbot_outbox';
/** A thread longer than this many pages of 200 is not looked through to its end. */
const MAX_PAGES = 10;

import type { KnownBlock, WebClient } from '@slack/web-api';
import type { ChannelPort } from '../../src/ports/channel.port.js';
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
    try {
      const r = await this.client.chat.postMessage({
        channel: ref.channel,
        ...(ref.threadTs ? { thread_ts: ref.threadTs } : {}),
        text,
        blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      return { messageId: r.ts };
    } catch (err) {
      throw deliveryError('chat.postMessage', err);
    }
  }
}

import type { CardClick, Desk, Received } from '../../src/core/index.js';
import type { TicketCard } from '../../src/ports/card.port.js';
import type { ChannelAdapter, PlatformProfile } from '../../src/ports/channel-adapter.port.js';
import {
  ACTIONS,
  type ConversationAddress,
  type InboundAction,
  type OutboundMessage,
} from '../../src/ports/message.types.js';

/**
 * A whole channel in about a hundred lines, speaking only the ports and the core's public entry: the
 * proof that a new platform is translation and rendering. "Rendering" here is recording what would be
 * posted; "translation" is turning a user's words and clicks into inbound events.
 */
export class LoopbackChannel implements ChannelAdapter {
  readonly platform = 'loopback';
  readonly label = 'Loopback (tests)';
  /** Messages delivered, per conversation id. */
  readonly delivered = new Map<string, OutboundMessage[]>();
  /** Cards as last posted or updated, per message id; and what was said under each. */
  readonly cardsShown = new Map<
    string,
    { channel: string; card: TicketCard; updates: number; replies: string[] }
  >();
  readonly told: string[] = [];
  private posts = 0;

  constructor(
    private readonly desk: Desk,
    private readonly users: Map<string, PlatformProfile>,
  ) {}

  channel = {
    platform: this.platform,
    deliver: async (to: ConversationAddress, message: OutboundMessage) => {
      this.delivered.set(to.id, [...(this.delivered.get(to.id) ?? []), message]);
      return {};
    },
  };

  cards = {
    platform: this.platform,
    post: async (channel: string, card: TicketCard) => {
      const messageId = `card-${++this.posts}`;
      this.cardsShown.set(messageId, { channel, card, updates: 0, replies: [] });
      return { workspace: 'LB', messageId };
    },
    update: async (_channel: string, messageId: string, card: TicketCard) => {
      const shown = this.cardsShown.get(messageId);
      if (!shown) return 'gone' as const;
      Object.assign(shown, { card, updates: shown.updates + 1 });
      return 'updated' as const;
    },
    reply: async (_channel: string, messageId: string, words: { author: string; body: string }) => {
      this.cardsShown.get(messageId)?.replies.push(`${words.author}: ${words.body}`);
    },
  };

  profiles = async ({ externalId }: { externalId: string }) => {
    const profile = this.users.get(externalId);
    if (!profile) throw new Error(`no loopback user ${externalId}`);
    return profile;
  };

  directRoute = async () => null;

  async start() {}
  async stop() {}

  /** A user says something (or clicks) in a conversation of theirs; `deliveryId` is the platform's event id. */
  say(
    user: string,
    said: string | InboundAction,
    deliveryId: string,
    where = `dm-${user}`,
  ): Promise<Received> {
    return this.receive(
      user,
      typeof said === 'string' ? { text: said } : { action: said },
      deliveryId,
      where,
    );
  }

  /** A message in the thread under a ticket's card (the agents' room); the core reads `reply:` itself. */
  inRoom(user: string, key: string, text: string, deliveryId: string): Promise<Received> {
    return this.receive(
      user,
      { text, action: { action: ACTIONS.note, value: key } },
      deliveryId,
      `room-${key}`,
    );
  }

  private receive(
    user: string,
    said: { text?: string; action?: InboundAction },
    deliveryId: string,
    where: string,
  ) {
    return this.desk.inbound.receive({
      platform: this.platform,
      deliveryId,
      conversation: this.address(where),
      speaker: { platform: this.platform, workspace: 'LB', externalId: user },
      ...said,
    });
  }

  /** A click on a card; a refusal is told only to the one who clicked. */
  async click(user: string, key: string, click: CardClick): Promise<string> {
    const person = await this.desk.identities.personOf({
      platform: this.platform,
      workspace: 'LB',
      externalId: user,
    });
    const outcome = await this.desk.triage.act(person, key, click);
    if (outcome.outcome === 'refused') this.told.push(`${user}: ${outcome.message}`);
    return outcome.outcome;
  }

  private address(id: string): ConversationAddress {
    return { id: `loopback:${id}`, platform: this.platform, ref: { id }, formFields: 5, threaded: true };
  }
}

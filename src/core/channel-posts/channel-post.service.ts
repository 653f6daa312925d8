import type { TicketCard } from '../../ports/card.port.js';
import type { ChannelPostRecord } from '../../ports/channel-post.port.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Store } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { ticketCard } from './ticket-card.js';

/** The triage card's purpose in `channel_posts`. */
export const TRIAGE_CARD = 'triage_card';

/**
 * Messages Deskbot posted that it must find again: a ticket's triage card per platform (updated in
 * place on every change; its thread is the agents' room), and what such a card shows.
 */
export class ChannelPostService {
  constructor(
    private readonly store: Store,
    private readonly catalog: DeskCatalog,
    private readonly clock: Clock,
    private readonly baseUrl: string,
  ) {}

  find(platform: string, purpose: string, ticketId: number): Promise<ChannelPostRecord | null> {
    return this.store.posts.find(platform, purpose, ticketId);
  }

  save(post: ChannelPostRecord): Promise<void> {
    return this.store.posts.save(post, this.clock.now());
  }

  /** The ticket whose card is at this place (the root of a thread), if any. */
  async ticketAt(
    platform: string,
    channel: string,
    messageId: string,
  ): Promise<{ ticketId: number; key: string } | null> {
    const post = await this.store.posts.at(platform, channel, messageId);
    if (!post || post.purpose !== TRIAGE_CARD) return null;
    const ticket = await this.store.tickets.byId(post.ticketId);
    return ticket ? { ticketId: ticket.id, key: ticket.key } : null;
  }

  /** What the ticket's card shows now; null when the ticket is gone. */
  card(ticketId: number): Promise<TicketCard | null> {
    return ticketCard(this.store, this.catalog, ticketId, this.baseUrl);
  }
}

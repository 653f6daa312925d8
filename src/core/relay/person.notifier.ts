import type { DirectRoute } from '../../ports/channel-adapter.port.js';
import type { Clock } from '../../ports/clock.port.js';
import type { OutboxRow } from '../../ports/conversation-store.port.js';
import type { ConversationAddress, OutboundMessage } from '../../ports/message.types.js';
import type { Person, Store } from '../../ports/store.port.js';
import { IDLE } from '../conversation/conversation.state.js';
import { pingChatText } from '../sla/sla.messages.js';
import { requestLink } from '../tickets/ticket.links.js';
import { messageRow } from './message.rows.js';

export type { DirectRoute } from '../../ports/channel-adapter.port.js';

/**
 * The outbox topic 'notify': a notice for one person, delivered as a message in their direct
 * conversation on every platform where they are linked (through the outbox 'message' topic, so each
 * platform's delivery retries on its own).
 */
export class PersonNotifier {
  private readonly routes = new Map<string, DirectRoute>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly wake: () => void,
    private readonly baseUrl = '',
  ) {}

  registerRoute(platform: string, route: DirectRoute): void {
    this.routes.set(platform, route);
  }

  async handle(row: OutboxRow): Promise<'delivered' | { skipped: string }> {
    const p = row.payload;
    if (p.type === 'rule' || p.type === 'assigned') return this.toEach(row);
    if (p.type !== 'sla') return { skipped: `no person notice for ${String(p.type)} yet` };
    const person = await this.store.people.byId(String(p.personId));
    if (!person) return { skipped: `no person ${String(p.personId)}` };
    const text = pingChatText(
      {
        threshold: p.threshold as 'near_breach' | 'breached',
        ticketKey: String(p.ticketKey),
        summary: String(p.summary ?? ''),
        metric: p.metric as 'resolution',
        goalMs: typeof p.goalMs === 'number' ? p.goalMs : null,
        dueAt: new Date(String(p.dueAt)),
        link: String(p.link),
      },
      person.timezone,
    );
    const sent = await this.send(person, { parts: [{ kind: 'text', text }] });
    return sent > 0 ? 'delivered' : { skipped: `${person.email} has no linked channel` };
  }

  /** A rule's words, or "assigned to you", to each person named. */
  private async toEach(row: OutboxRow): Promise<'delivered' | { skipped: string }> {
    const p = row.payload;
    const link = requestLink(this.baseUrl, String(p.ticketKey));
    const text = p.type === 'rule' ? String(p.text) : `${link} was assigned to you.`;
    let sent = 0;
    for (const id of (p.personIds ?? []) as string[]) {
      const person = await this.store.people.byId(id);
      if (person) sent += await this.send(person, { parts: [{ kind: 'text', text }] });
    }
    return sent > 0 ? 'delivered' : { skipped: 'nobody named has a linked channel' };
  }

  /** Adds the message to each of the person's direct conversations and queues its delivery. */
  async send(person: Person, message: OutboundMessage): Promise<number> {
    let sent = 0;
    for (const route of this.routes.values()) {
      const address = await route(person);
      if (!address) continue;
      await this.ensureConversation(person, address);
      const body = message as unknown as Record<string, unknown>;
      await this.store.conversations.appendOutbound(address.id, body, this.clock.now(), [
        messageRow(address, message),
      ]);
      sent++;
    }
    if (sent > 0) this.wake();
    return sent;
  }

  /** A person who never chatted there has no conversation yet: start an idle one. */
  private async ensureConversation(person: Person, address: ConversationAddress): Promise<void> {
    if (await this.store.conversations.get(address.id)) return;
    await this.store.conversations.saveTurn({
      conversation: { id: address.id, platform: address.platform, ref: address.ref, personId: person.id },
      expectedVersion: 0,
      state: IDLE as unknown as Record<string, unknown>,
      ticketId: null,
      at: this.clock.now(),
      transcript: [],
      outbox: [],
    });
  }
}

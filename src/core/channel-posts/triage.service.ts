import type { CardPort } from '../../ports/card.port.js';
import type { OutboxRow } from '../../ports/conversation-store.port.js';
import type { Priority } from '../../ports/desk.types.js';
import type { FieldType, FormSpec } from '../../ports/message.types.js';
import type { Person } from '../../ports/store.port.js';
import { DomainError, ValidationError } from '../errors.js';
import type { TicketService } from '../tickets/ticket.service.js';
import type { TransitionService } from '../workflow/transition.service.js';
import { type ChannelPostService, TRIAGE_CARD } from './channel-post.service.js';

/** The outbox topic of one platform's cards: a ticket change writes one row per platform that shows cards. */
export const cardTopic = (platform: string) => `triage.${platform}`;

/** A click on a card, as any platform's adapter reads it. */
export type CardClick =
  | { kind: 'assign' }
  | { kind: 'priority'; priority: Priority }
  | { kind: 'move'; transition: string; fields?: Record<string, unknown> };

/** What a click came to: done; refused (told only to the one who clicked); a form the step asks first. */
export type CardOutcome =
  | { outcome: 'done' }
  | { outcome: 'refused'; message: string; fields?: Record<string, string> }
  | { outcome: 'ask'; form: FormSpec };

/**
 * Triage cards, the same on every platform: each department's channel gets a ticket's card once, updated
 * in place on every change, with the requester's public words posted under it for the agents. The one
 * step that is not idempotent (a new post) comes last, so a retried row never posts twice what went
 * out. Clicks are checked again for the person who clicked (the card shows the desk's steps, not theirs).
 */
export class TriageService {
  private readonly ports = new Map<string, CardPort>();

  constructor(
    private readonly posts: ChannelPostService,
    private readonly tickets: TicketService,
    private readonly transitions: TransitionService,
    /** Registers the outbox topic of a platform's cards. */
    private readonly registerTopic: (
      topic: string,
      handle: (row: OutboxRow) => Promise<'delivered' | { skipped: string }>,
    ) => void,
  ) {}

  /** A platform that shows cards; its outbox topic is `triage.<platform>`. */
  registerPort(port: CardPort): void {
    this.ports.set(port.platform, port);
    this.registerTopic(cardTopic(port.platform), (row) => this.deliver(port, row));
  }

  /** The card topics of the platforms that show cards (a ticket change writes a row for each). */
  topics(): string[] {
    return [...this.ports.keys()].map(cardTopic);
  }

  async act(person: Person, key: string, click: CardClick): Promise<CardOutcome> {
    try {
      if (click.kind === 'assign') await this.tickets.update(person, key, { assignee: person.id });
      else if (click.kind === 'priority')
        await this.tickets.update(person, key, { priority: click.priority });
      else {
        const offer = (await this.transitions.available(person, key)).find((t) => t.id === click.transition);
        if (!offer)
          return { outcome: 'refused', message: `You can't take that step on ${key}; nothing changed.` };
        if (offer.fields.length > 0 && click.fields === undefined) {
          const fields = offer.fields.map((f) => ({ ...f, type: f.type as FieldType }));
          return {
            outcome: 'ask',
            form: { action: click.transition, title: offer.name, submitLabel: offer.name, fields },
          };
        }
        await this.transitions.take(person, key, { transition: click.transition, fields: click.fields });
      }
      return { outcome: 'done' };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const fields =
        err instanceof ValidationError && Object.keys(err.fields).length > 0 ? err.fields : undefined;
      return {
        outcome: 'refused',
        message: `${err.message}. Nothing changed on ${key}.`,
        ...(fields ? { fields } : {}),
      };
    }
  }

  private async deliver(port: CardPort, row: OutboxRow): Promise<'delivered' | { skipped: string }> {
    if (row.ticketId === null) return { skipped: 'no ticket' };
    const card = await this.posts.card(row.ticketId);
    if (!card) return { skipped: 'the ticket is gone' };
    const channel = card.triage[port.platform];
    if (!channel) return { skipped: `${card.department.id} has no ${port.platform} triage channel` };
    const post = await this.posts.find(port.platform, TRIAGE_CARD, card.ticketId);
    let messageId = post?.channel === channel ? post.messageId : undefined;
    if (messageId && (await port.update(channel, messageId, card)) === 'gone') messageId = undefined;
    if (!messageId) {
      const posted = await port.post(channel, card);
      messageId = posted.messageId;
      await this.posts.save({
        platform: port.platform,
        purpose: TRIAGE_CARD,
        ticketId: card.ticketId,
        workspace: posted.workspace,
        channel,
        messageId,
      });
      if (row.payload.type !== 'comment' && row.payload.type !== 'rule') return 'delivered';
    }
    // An automation rule's notice to the agents' room, under the card, signed with the rule's name.
    if (row.payload.type === 'rule')
      await port.reply(channel, messageId, {
        author: String(row.payload.author),
        body: String(row.payload.body ?? ''),
      });
    if (row.payload.type === 'comment' && row.payload.authorId === card.requester.id)
      await port.reply(channel, messageId, {
        author: card.requester.name,
        body: String(row.payload.body ?? ''),
      });
    return 'delivered';
  }
}

import { createHash } from 'node:crypto';
import type { Clock } from '../../ports/clock.port.js';
import type { OutboxRow } from '../../ports/conversation-store.port.js';
import { RequestKeyUsedError, type Store, type TicketRecord } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { requestUrl } from '../tickets/ticket.links.js';
import type { TicketService } from '../tickets/ticket.service.js';
import { emailOf, replyText } from './email.messages.js';
import type { ReplyAddresses } from './reply.address.js';

export interface EmailOptions {
  baseUrl: string;
  /** Whether SMTP is configured (the outbox has an 'email' sender). */
  on: () => boolean;
}

/** An email a mail provider handed to the inbound route, already verified. */
export interface InboundEmail {
  /** The provider's message id: a retried delivery adds nothing twice. */
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export type InboundOutcome =
  | { status: 'added'; ticketKey: string }
  | { status: 'duplicate' }
  | { status: 'refused'; reason: string };

/**
 * Email beside chat: new requests to the department's agents (topic 'email.notice'), a requester's
 * updates while no chat conversation follows their request (the relay's fallback), and replies to
 * those updates as public comments. Every email is an outbox row of the 'email' topic.
 */
export class EmailService {
  constructor(
    private readonly store: Store,
    private readonly catalog: DeskCatalog,
    private readonly clock: Clock,
    private readonly tickets: TicketService,
    private readonly options: EmailOptions,
  ) {}

  /** Reply-To addresses for requesters' updates (EMAIL_REPLY_ADDRESS); without, replies cannot come back. */
  private replies: ReplyAddresses | null = null;

  useReplyAddresses(replies: ReplyAddresses): void {
    this.replies = replies;
  }

  /** Whether new requests write notice rows (email on, and the config asks for them). */
  get noticesOn(): boolean {
    return this.options.on() && this.catalog.config.notifications.email.newTickets !== 'none';
  }

  /** The topic 'email.notice': a new request, to its department's agents (or managers). */
  async notice(row: OutboxRow): Promise<'delivered' | { skipped: string }> {
    const ticket = row.ticketId === null ? null : await this.store.tickets.byId(row.ticketId);
    if (!ticket) return { skipped: 'no ticket' };
    const who = this.catalog.config.notifications.email.newTickets;
    if (who === 'none' || !this.options.on()) return { skipped: 'email notices are off' };
    const people = await this.store.people.withRole(
      who === 'agents' ? 'agent' : 'manager',
      ticket.department,
    );
    const requester = await this.store.people.byId(ticket.requesterId);
    const link = this.link(ticket);
    const department = this.catalog.department(ticket.department)?.name ?? ticket.department;
    const mail = emailOf(
      `[${ticket.key}] New request: ${ticket.summary}`,
      `**${requester?.name ?? 'Someone'}** asked ${department}: [**${ticket.key}**](${link}) ${ticket.summary}`,
      `You get this because you are ${who === 'agents' ? 'an agent' : 'a manager'} of ${department}.`,
    );
    for (const p of people)
      if (p.id !== ticket.requesterId) await this.enqueue(ticket, { to: p.email, ...mail });
    return 'delivered';
  }

  /** A relayed event (a public reply, a status change) for a request no chat conversation follows. */
  async relayed(row: OutboxRow, message: string): Promise<'delivered' | { skipped: string }> {
    if (!this.options.on() || !this.catalog.config.notifications.email.requesterUpdates)
      return { skipped: 'the ticket has no conversation, and email updates are off' };
    const ticket = row.ticketId === null ? null : await this.store.tickets.byId(row.ticketId);
    const requester = ticket && (await this.store.people.byId(ticket.requesterId));
    if (!ticket || !requester) return { skipped: 'no ticket or requester' };
    if (row.payload.authorId === requester.id) return { skipped: 'the requester wrote it' };
    const replyTo = this.replies?.address(ticket.key, requester.id);
    const footer = replyTo ? 'Reply to this email to add to your request.' : `Answer on ${this.link(ticket)}`;
    const mail = emailOf(`[${ticket.key}] ${ticket.summary}`, message, footer);
    await this.enqueue(ticket, { to: requester.email, ...(replyTo ? { replyTo } : {}), ...mail });
    return 'delivered';
  }

  /** A reply by email: a public comment by its sender, on the request its Reply-To address names. */
  async receive(mail: InboundEmail): Promise<InboundOutcome> {
    const replies = this.replies;
    if (!replies) return { status: 'refused', reason: 'replies by email are off (EMAIL_REPLY_ADDRESS)' };
    const tagged = mail.to.map((a) => replies.parse(a)).find((x) => x !== null);
    if (!tagged)
      return { status: 'refused', reason: 'not addressed to a request (no reply address of ours)' };
    const sender = await this.store.people.byEmail(addressOf(mail.from));
    const ticket = await this.store.tickets.byKey(tagged.key);
    if (!sender || !ticket || !replies.verify(ticket.key, sender.id, tagged.token))
      return { status: 'refused', reason: 'the reply address does not belong to this sender' };
    const body = replyText(mail.text);
    if (!body) return { status: 'refused', reason: 'the reply has no new text' };
    const fingerprint = createHash('sha256').update(body).digest('hex');
    try {
      await this.tickets.addComment(
        sender,
        ticket.key,
        { body },
        { personId: sender.id, key: `email:${mail.messageId}`, fingerprint },
      );
    } catch (err) {
      if (err instanceof RequestKeyUsedError) return { status: 'duplicate' };
      if (err instanceof ValidationError || err instanceof ForbiddenError || err instanceof NotFoundError)
        return { status: 'refused', reason: err.message };
      throw err;
    }
    return { status: 'added', ticketKey: ticket.key };
  }

  private enqueue(ticket: TicketRecord, payload: Record<string, unknown>): Promise<void> {
    return this.store.outbox.enqueue({ topic: 'email', ticketId: ticket.id, payload }, this.clock.now());
  }

  private link(ticket: TicketRecord): string {
    return requestUrl(this.options.baseUrl, ticket.key);
  }
}

/** "Rita <rita@acme.example>" or "rita@acme.example", as the bare address. */
function addressOf(from: string): string {
  const m = /<([^<>\s]+)>/.exec(from);
  return (m ? m[1]! : from).trim().toLowerCase();
}

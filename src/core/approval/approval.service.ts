import type { Clock } from '../../ports/clock.port.js';
import type { OutboxRow } from '../../ports/conversation-store.port.js';
import type { Person, Store, TicketRecord } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { ConflictError } from '../errors.js';
import { approverNames, isApprover } from '../identity/access.policy.js';
import type { PersonNotifier } from '../relay/person.notifier.js';
import { requestUrl } from '../tickets/ticket.links.js';
import type { TransitionService } from '../workflow/transition.service.js';
import { approvalEmail, approvalMessage } from './approval.messages.js';

export interface ApprovalOptions {
  baseUrl: string;
  email: () => boolean;
}

/** Whether a person may decide on a request now, with the round (ms of its approval status) and why not. */
type Standing = { ok: true; ticket: TicketRecord; round: number } | { ok: false; message: string };

/**
 * Approvals where the approver is: entering an approval status (outbox topic 'approval') sends each
 * approver the request with Approve and Decline on their direct channels (email when they have none);
 * a decision takes the workflow's transition as that person, with a public comment that tells the
 * requester. "All must approve" records each approval until the last.
 */
export class ApprovalService {
  constructor(
    private readonly store: Store,
    private readonly catalog: DeskCatalog,
    private readonly clock: Clock,
    private readonly transitions: TransitionService,
    private readonly notices: PersonNotifier,
    private readonly options: ApprovalOptions,
  ) {}

  async handle(row: OutboxRow): Promise<'delivered' | { skipped: string }> {
    if (row.ticketId === null) return { skipped: 'no ticket' };
    const ticket = await this.store.tickets.byId(row.ticketId);
    if (!ticket) return { skipped: 'no ticket' };
    if (!this.catalog.isApprovalStatus(ticket.requestType, ticket.status))
      return { skipped: 'decided already' };
    const since = await this.store.automation.statusSince(ticket.id);
    const requester = await this.store.people.byId(ticket.requesterId);
    const type = this.catalog.requestType(ticket.requestType)?.type;
    if (!since || !requester || !type) return { skipped: 'nothing to ask' };
    const link = requestUrl(this.options.baseUrl, ticket.key);
    let asked = 0;
    for (const approver of await this.approvers(ticket)) {
      // Approvers see the request they decide on (the web page, "status KEY").
      await this.store.tickets.share(ticket.id, approver.id);
      if (
        (await this.notices.send(approver, approvalMessage(ticket, type, requester, since.getTime(), link))) >
        0
      ) {
        asked++;
      } else if (this.options.email()) {
        const mail = approvalEmail(ticket, requester, link);
        await this.store.outbox.enqueue(
          { topic: 'email', ticketId: ticket.id, payload: { to: approver.email, ...mail } },
          this.clock.now(),
        );
        asked++;
      }
    }
    return asked > 0 ? 'delivered' : { skipped: 'no approver could be reached' };
  }

  /** Whether the person may decide now; the polite refusal otherwise. */
  async standing(person: Person, key: string, round: number | null): Promise<Standing> {
    const ticket = await this.store.tickets.byKey(key.toUpperCase());
    if (!ticket) return { ok: false, message: `There is no request ${key}.` };
    if (!isApprover(person, ticket, this.catalog.approvalOf(ticket.requestType)))
      return { ok: false, message: `Only the approvers of ${ticket.key} can decide on it.` };
    const since = await this.store.automation.statusSince(ticket.id);
    const waiting = this.catalog.isApprovalStatus(ticket.requestType, ticket.status);
    if (!waiting || !since || (round !== null && since.getTime() !== round)) {
      const status = this.catalog.status(this.catalog.workflowOf(ticket.requestType), ticket.status).name;
      return {
        ok: false,
        message: `${ticket.key} was already decided: it is ${status} now. Thank you all the same.`,
      };
    }
    return { ok: true, ticket, round: since.getTime() };
  }

  /** Approve or decline (with the reason the requester reads), as this approver. */
  async decide(
    person: Person,
    key: string,
    round: number | null,
    decision: 'approve' | 'decline',
    reason = '',
  ): Promise<string> {
    const standing = await this.standing(person, key, round);
    if (!standing.ok) return standing.message;
    const { ticket } = standing;
    const approval = this.catalog.approvalOf(ticket.requestType);
    if (decision === 'approve' && approval.decide === 'all') {
      const since = new Date(standing.round);
      if (!(await this.store.approvals.record(ticket.id, since, person.id, 'approve', this.clock.now())))
        return `You approved ${ticket.key} already. Thank you.`;
      const approved = new Set(
        (await this.store.approvals.decisions(ticket.id, since)).map((d) => d.approverId),
      );
      const waiting = (await this.approvers(ticket)).filter((p) => !approved.has(p.id));
      if (waiting.length > 0)
        return `Thank you: your approval of ${ticket.key} is recorded. Still waiting for ${waiting.map((p) => p.name).join(', ')}.`;
    }
    const words =
      decision === 'approve' ? `Approved by ${person.name}.` : `Declined by ${person.name}: ${reason.trim()}`;
    try {
      await this.transitions.take(person, ticket.key, {
        transition: approval[decision],
        comment: { body: words },
      });
    } catch (err) {
      // Another approver's answer won the race.
      if (err instanceof ConflictError) return `${ticket.key} was already decided. Thank you all the same.`;
      throw err;
    }
    const requester = await this.store.people.byId(ticket.requesterId);
    const who = requester?.name ?? 'The requester';
    return decision === 'approve'
      ? `You approved ${ticket.key}. ${who} will hear of it.`
      : `You declined ${ticket.key}. ${who} will read your reason.`;
  }

  /** The people who approve this request, its requester left out. */
  async approvers(ticket: TicketRecord): Promise<Person[]> {
    const names = approverNames(ticket, this.catalog.approvalOf(ticket.requestType));
    const found = new Map<string, Person>();
    for (const email of names.emails) {
      const p = await this.store.people.byEmail(email);
      if (p) found.set(p.id, p);
    }
    if (names.managers)
      for (const p of await this.store.people.withRole('manager', ticket.department)) found.set(p.id, p);
    found.delete(ticket.requesterId);
    return [...found.values()];
  }
}

import { randomBytes } from 'node:crypto';
import type { SurveyRecord } from '../../ports/automation-store.port.js';
import type { Clock } from '../../ports/clock.port.js';
import type { OutboxRow } from '../../ports/conversation-store.port.js';
import type { Person, Store, TicketRecord } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { messageRow } from '../relay/message.rows.js';
import type { PersonNotifier } from '../relay/person.notifier.js';
import { DepartmentTime } from '../sla/department.time.js';
import { requestUrl } from '../tickets/ticket.links.js';
import type { TransitionService } from '../workflow/transition.service.js';
import { surveyEmail, surveyMessage } from './survey.messages.js';

/** What answering a survey came to, in words the requester is told. */
export type SurveyOutcome =
  | { ok: true; message: string; survey: SurveyRecord }
  | { ok: false; message: string };

export interface SurveyOptions {
  baseUrl: string;
  /** Whether email is configured: a requester with no chat gets the survey by email then. */
  email: () => boolean;
}

/**
 * The satisfaction survey (CSAT): sent on resolution (the outbox topic 'survey', which rules write), one
 * 1 to 5 rating with an optional comment, answered once by the requester; "still broken" reopens the
 * request within the configured working time after it was resolved.
 */
export class SurveyService {
  constructor(
    private readonly store: Store,
    private readonly catalog: DeskCatalog,
    private readonly clock: Clock,
    private readonly transitions: TransitionService,
    private readonly notices: PersonNotifier,
    private readonly options: SurveyOptions,
  ) {
    this.time = new DepartmentTime(catalog.config);
  }

  private readonly time: DepartmentTime;

  async handle(row: OutboxRow): Promise<'delivered' | { skipped: string }> {
    if (row.ticketId === null) return { skipped: 'no ticket' };
    const ticket = await this.store.tickets.byId(row.ticketId);
    if (!ticket) return { skipped: 'no ticket' };
    if (ticket.statusCategory !== 'done') return { skipped: `${ticket.key} is not resolved` };
    const requester = await this.store.people.byId(ticket.requesterId);
    if (!requester) return { skipped: 'no requester' };
    // One survey per outbox row: a retry after a failed delivery sends the same survey again.
    const survey = await this.store.surveys.open({
      ticketId: ticket.id,
      requesterId: requester.id,
      department: ticket.department,
      token: randomBytes(24).toString('base64url'),
      sentAt: this.clock.now(),
      source: `outbox:${row.id}`,
    });
    const message = surveyMessage(ticket.key, survey.round, this.ticketLink(ticket));
    const body = message as unknown as Record<string, unknown>;
    const places = (await this.store.conversations.forTicket(ticket.id)).filter(
      (c) => c.personId === requester.id,
    );
    for (const c of places)
      await this.store.conversations.appendOutbound(c.id, body, this.clock.now(), [messageRow(c, message)]);
    if (places.length > 0) return 'delivered';
    if ((await this.notices.send(requester, message)) > 0) return 'delivered';
    if (!this.options.email()) return { skipped: `${requester.email} has no chat and email is off` };
    const mail = surveyEmail(ticket.key, ticket.summary, `${this.options.baseUrl}/survey/${survey.token}`);
    await this.store.outbox.enqueue(
      { topic: 'email', ticketId: ticket.id, payload: { to: requester.email, ...mail } },
      this.clock.now(),
    );
    return 'delivered';
  }

  /** The survey an email link's token opens, with its request's key. */
  async byToken(token: string): Promise<{ survey: SurveyRecord; key: string } | null> {
    const survey = await this.store.surveys.byToken(token);
    const ticket = survey && (await this.store.tickets.byId(survey.ticketId));
    return survey && ticket ? { survey, key: ticket.key } : null;
  }

  /** A rating from the requester in chat (`who`), or from the email link (`token`, no person). */
  async rate(
    who: Person | { token: string },
    key: string,
    round: number | null,
    rating: number,
  ): Promise<SurveyOutcome> {
    const found = await this.find(who, key, round);
    if (!found.ok) return found;
    if (!Number.isInteger(rating) || rating < 1 || rating > 5)
      return { ok: false, message: 'A rating is a whole number from 1 to 5.' };
    const { survey } = found;
    const answered = await this.store.surveys.answer(survey.ticketId, survey.round, rating, this.clock.now());
    if (!answered) {
      return {
        ok: false,
        message: `You already rated ${key} ${survey.rating} out of 5. Thank you, your answer is kept.`,
      };
    }
    return { ok: true, survey: answered, message: `Thank you for rating ${key} ${rating} out of 5.` };
  }

  /** The optional words after a rating; once. */
  async comment(
    who: Person | { token: string },
    key: string,
    round: number,
    words: string,
  ): Promise<SurveyOutcome> {
    const found = await this.find(who, key, round);
    if (!found.ok) return found;
    const text = words.trim().slice(0, 2000);
    if (!text) return { ok: false, message: 'There was nothing to add.' };
    if (!(await this.store.surveys.addComment(found.survey.ticketId, found.survey.round, text)))
      return { ok: false, message: `Your comment on ${key} was already recorded.` };
    return { ok: true, survey: found.survey, message: 'Thank you, the team will read it.' };
  }

  /** "Still broken": reopens the request as the requester, within the window after it was resolved. */
  async stillBroken(
    who: Person | { token: string },
    key: string,
    round: number | null,
  ): Promise<SurveyOutcome> {
    const found = await this.find(who, key, round);
    if (!found.ok) return found;
    const ticket = found.ticket;
    const requester = await this.store.people.byId(ticket.requesterId);
    if (!requester) return { ok: false, message: 'That request has no requester.' };
    if (ticket.statusCategory !== 'done')
      return { ok: false, message: `${key} is open already; the team is on it.` };
    const resolvedAt = (await this.store.automation.statusSince(ticket.id)) ?? ticket.updatedAt;
    const window = this.catalog.config.survey.reopenWithin;
    const closesAt = this.time.after(ticket.department, resolvedAt, window);
    const transition = this.catalog
      .workflowOf(ticket.requestType)
      .transitions.find(
        (t) =>
          t.from.includes(ticket.status) &&
          t.who.includes('requester') &&
          this.catalog.status(this.catalog.workflowOf(ticket.requestType), t.to).category !== 'done',
      );
    if (!transition || !closesAt || closesAt <= this.clock.now()) {
      return {
        ok: false,
        message: `${key} was resolved too long ago to reopen (${window} of working time). Please start a new request and mention ${key}.`,
      };
    }
    await this.transitions.take(requester, key, {
      transition: transition.id,
      comment: { body: 'Still broken (from the satisfaction survey).' },
    });
    return {
      ok: true,
      survey: found.survey,
      message: `I reopened ${key} and told the team it is still broken.`,
    };
  }

  /** The survey being answered, if this person (or link) may answer it. */
  private async find(
    who: Person | { token: string },
    key: string,
    round: number | null,
  ): Promise<{ ok: true; survey: SurveyRecord; ticket: TicketRecord } | { ok: false; message: string }> {
    const byToken = 'token' in who ? await this.store.surveys.byToken(who.token) : null;
    const ticket = byToken
      ? await this.store.tickets.byId(byToken.ticketId)
      : await this.store.tickets.byKey(key);
    const closed = { ok: false as const, message: 'That survey is closed. Thank you all the same.' };
    if (!ticket) return closed;
    const latest = await this.store.surveys.latest(ticket.id);
    const survey = byToken ?? latest;
    if (!survey || !latest || survey.round !== latest.round) return closed;
    if (round !== null && round !== survey.round) return closed;
    if (!('token' in who) && who.id !== survey.requesterId)
      return { ok: false, message: `Only the person who asked for ${ticket.key} can answer its survey.` };
    return { ok: true, survey, ticket };
  }

  private ticketLink(ticket: TicketRecord): string {
    return requestUrl(this.options.baseUrl, ticket.key);
  }
}

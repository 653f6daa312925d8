import type { Clock } from '../../ports/clock.port.js';
import type { Priority } from '../../ports/desk.types.js';
import { PRIORITIES } from '../../ports/desk.types.js';
import {
  AttachmentTakenError,
  type CommentRecord,
  type HistoryRecord,
  type Person,
  type RequestKey,
  type Store,
  type TicketQuery,
  type TicketRecord,
} from '../../ports/store.port.js';
import type { AttachmentService } from '../attachments/attachment.service.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { ForbiddenError, ValidationError } from '../errors.js';
import { canWork, isAdmin, isAgentOf, ticketScope } from '../identity/access.policy.js';
import { describeErrors, runValidators, validateFields } from './field.validation.js';
import { newChange, recordPatch } from './ticket.change.js';
import { mutateTicket } from './ticket.mutation.js';
import { checkVisible, loadVisible } from './ticket.reader.js';
import { defaultSummary, SUMMARY_MAX } from './ticket.summary.js';
import { ticketTranscript } from './transcript.js';

export interface CreateTicketInput {
  requestType: string;
  fields: Record<string, unknown>;
  summary?: string;
  priority?: Priority;
}

export interface UpdateTicketInput {
  priority?: Priority;
  /** A person's id or email; null unassigns. */
  assignee?: string | null;
  version?: number;
}

/** Creates, reads and changes tickets; every rule about who may do what is checked here. */
export class TicketService {
  constructor(
    private readonly store: Store,
    private readonly catalog: DeskCatalog,
    private readonly clock: Clock,
    private readonly files: AttachmentService,
  ) {}

  /**
   * `origin.requestKey` makes a retried create return the ticket made the first time (a conversation
   * turn); `origin.request`, a client's Idempotency-Key, makes a second use fail in the store.
   */
  async create(
    actor: Person,
    input: CreateTicketInput,
    origin: {
      requestKey?: string;
      originConversationId?: string;
      request?: RequestKey;
      /** The person's own words the request began with (a chat intake): request-type guesses learn from them. */
      words?: string;
    } = {},
  ): Promise<TicketRecord> {
    const entry = this.catalog.requestType(input.requestType);
    if (!entry)
      throw new ValidationError('Unknown request type', {
        requestType: `no request type "${input.requestType}"`,
      });
    const { type, department } = entry;
    const { values, errors } = validateFields(type.fields, input.fields ?? {});
    Object.assign(errors, await this.checkUserFields(type.fields, values));
    if (Object.keys(errors).length === 0) {
      const labels = (id: string) => type.fields.find((f) => f.id === id)?.label ?? id;
      Object.assign(errors, runValidators(type.validators, values, labels));
    }
    if (input.priority !== undefined && !isAgentOf(actor, department.id) && !isAdmin(actor)) {
      errors.priority = `only ${department.name} agents set a priority`;
    } else if (input.priority !== undefined && !PRIORITIES.includes(input.priority)) {
      errors.priority = `must be one of: ${PRIORITIES.join(', ')}`;
    }
    const summary = (input.summary ?? '').trim() || defaultSummary(type.name, type.fields, values);
    if (summary.length > SUMMARY_MAX) errors.summary = `must be at most ${SUMMARY_MAX} characters`;
    if (Object.keys(errors).length > 0) throw new ValidationError(describeErrors(type.name, errors), errors);

    const workflow = this.catalog.workflowOf(type.id);
    const initial = this.catalog.status(workflow, workflow.initial);
    const priority = input.priority ?? type.defaultPriority;
    const change = newChange(actor.id, this.clock.now());
    change.history.push({ field: 'created', before: null, after: { status: initial.id, priority } });
    change.events.push({
      type: 'ticket.created',
      payload: {
        requestType: type.id,
        department: department.id,
        requesterId: actor.id,
        priority,
        status: initial.id,
        ...(origin.words ? { words: origin.words.slice(0, 500) } : {}),
      },
    });
    change.outbox.push({ topic: 'triage', payload: { type: 'ticket.created', department: department.id } });
    change.outbox.push({ topic: 'sla', payload: {} });
    if (this.catalog.isApprovalStatus(type.id, initial.id))
      change.outbox.push({ topic: 'approval', payload: {} });
    if (origin.request) change.request = origin.request;
    return this.store.tickets.create(
      {
        keyPrefix: department.keyPrefix,
        requestKey: origin.requestKey ?? null,
        originConversationId: origin.originConversationId ?? null,
        department: department.id,
        requestType: type.id,
        summary,
        requesterId: actor.id,
        assigneeId: null,
        status: initial.id,
        statusCategory: initial.category,
        priority,
        fields: values,
        resolution: null,
      },
      change,
    );
  }

  get(actor: Person, key: string): Promise<TicketRecord> {
    return loadVisible(this.store, actor, key);
  }

  /** By internal id (a conversation follows its ticket by id), for a person who may see it. */
  async getById(actor: Person, id: number): Promise<TicketRecord> {
    return checkVisible(this.store, actor, await this.store.tickets.byId(id), `#${id}`);
  }

  /** Lists only tickets the person may see, whatever the filter asks for. */
  list(actor: Person, query: TicketQuery): Promise<TicketRecord[]> {
    return this.store.tickets.list({ now: this.clock.now(), ...query }, ticketScope(actor));
  }

  /** How many tickets the person may see match the query, up to `cap`. */
  count(actor: Person, query: TicketQuery, cap: number): Promise<number> {
    return this.store.tickets.count({ now: this.clock.now(), ...query }, ticketScope(actor), cap);
  }

  /** Internal notes are left out unless the person works the ticket. */
  async comments(actor: Person, key: string): Promise<CommentRecord[]> {
    return (await this.thread(actor, key)).comments;
  }

  /** The comments with the ticket they were read for (its files and views need it; one read of it). */
  async thread(actor: Person, key: string): Promise<{ ticket: TicketRecord; comments: CommentRecord[] }> {
    const ticket = await loadVisible(this.store, actor, key);
    return { ticket, comments: await this.store.tickets.comments(ticket.id, canWork(actor, ticket)) };
  }

  /** The whole conversation as a text file, internal notes marked; for those who work the ticket. */
  transcript(actor: Person, key: string): Promise<{ key: string; text: string }> {
    return ticketTranscript(this.store, this.catalog, actor, key);
  }

  async history(actor: Person, key: string): Promise<HistoryRecord[]> {
    return (await this.historyOf(actor, key)).history;
  }

  /** The history with the ticket it was read for (its sentences name its statuses and fields). */
  async historyOf(actor: Person, key: string): Promise<{ ticket: TicketRecord; history: HistoryRecord[] }> {
    const ticket = await loadVisible(this.store, actor, key);
    if (!canWork(actor, ticket)) throw new ForbiddenError('Only agents of the department see the history');
    return { ticket, history: await this.store.tickets.history(ticket.id) };
  }

  /** `which`: the ticket's key, or its internal id (a conversation follows its ticket by id). */
  async addComment(
    actor: Person,
    which: string | { id: number },
    input: { body: string; internal?: boolean; attachments?: string[] },
    request?: RequestKey,
  ): Promise<CommentRecord & { ticketKey: string }> {
    const body = (input.body ?? '').trim();
    const attaching = (input.attachments ?? []).length > 0;
    // A photo of the error may say it all: a comment with files needs no words.
    if (body === '' && !attaching)
      throw new ValidationError('The comment is empty', { body: 'must not be empty' });
    if (body.length > 20_000)
      throw new ValidationError('The comment is too long', { body: 'must be at most 20000 characters' });
    const internal = input.internal === true;
    const saved = await mutateTicket(
      this.store,
      actor,
      which,
      undefined,
      async (ticket) => {
        const works = canWork(actor, ticket);
        if (internal && !works) throw new ForbiddenError('Only agents of the department add internal notes');
        const claimed = attaching ? await this.files.claimable(actor, ticket, input.attachments!) : [];
        const files = claimed.map((a) => a.id);
        const names = claimed.map((a) => a.name);
        const change = newChange(actor.id, this.clock.now());
        change.comments.push({ authorId: actor.id, body, internal, attachments: files });
        change.history.push({ field: internal ? 'internal_comment' : 'comment', before: null, after: body });
        change.events.push({
          type: 'comment.added',
          payload: { internal, authorId: actor.id, byAgent: works },
        });
        // Public words from the desk go to the requester's thread; the requester's go to the agents' room.
        if (!internal && actor.id !== ticket.requesterId) {
          change.outbox.push({
            topic: 'relay',
            payload: {
              type: 'comment',
              body,
              authorId: actor.id,
              requesterId: ticket.requesterId,
              attachments: names,
            },
          });
        }
        change.outbox.push({
          topic: 'triage',
          payload: { type: internal ? 'note' : 'comment', body, authorId: actor.id },
        });
        return { patch: {}, change };
      },
      request,
    ).catch((err: unknown) => {
      // The same file sent with two comments at once: the store let one have it.
      if (err instanceof AttachmentTakenError)
        throw new ValidationError('Attachment sent already', { attachments: err.message });
      throw err;
    });
    return { ...saved.comments[0]!, ticketKey: saved.ticket.key };
  }

  /** Agents of the department (and admins) set priority and assignee; the assignee must be such an agent. */
  async update(actor: Person, key: string, input: UpdateTicketInput): Promise<TicketRecord> {
    if (input.priority === undefined && input.assignee === undefined) {
      throw new ValidationError('Nothing to change', { priority: 'give a priority or an assignee' });
    }
    if (input.priority !== undefined && !PRIORITIES.includes(input.priority)) {
      throw new ValidationError('Bad priority', { priority: `must be one of: ${PRIORITIES.join(', ')}` });
    }
    const saved = await mutateTicket(this.store, actor, key, input.version, async (ticket) => {
      if (!canWork(actor, ticket))
        throw new ForbiddenError('Only agents of the department change priority or assignee');
      let assigneeId: string | null | undefined;
      if (input.assignee !== undefined)
        assigneeId = input.assignee === null ? null : await this.assignable(ticket, input.assignee);
      const change = newChange(actor.id, this.clock.now());
      const patch = recordPatch(change, ticket, { priority: input.priority, assigneeId });
      if (patch.priority !== undefined)
        change.events.push({
          type: 'ticket.priority_changed',
          payload: { from: ticket.priority, to: patch.priority },
        });
      if (patch.assigneeId !== undefined) {
        change.events.push({
          type: 'ticket.assigned',
          payload: { from: ticket.assigneeId, to: patch.assigneeId },
        });
        if (patch.assigneeId && patch.assigneeId !== actor.id) {
          change.outbox.push({
            topic: 'notify',
            payload: { type: 'assigned', personIds: [patch.assigneeId] },
          });
        }
      }
      if (Object.keys(patch).length > 0)
        change.outbox.push({ topic: 'triage', payload: { type: 'ticket.updated' } });
      return { patch, change };
    });
    return saved.ticket;
  }

  private async assignable(ticket: TicketRecord, who: string): Promise<string> {
    const person = who.includes('@')
      ? await this.store.people.byEmail(who)
      : await this.store.people.byId(who);
    if (!person || !isAgentOf(person, ticket.department)) {
      throw new ValidationError('Cannot assign', {
        assignee: `${who} is not an agent of ${ticket.department}`,
      });
    }
    return person.id;
  }

  /** `user` fields hold a person's email; the person must exist. */
  private async checkUserFields(
    fields: { id: string; type: string; label: string }[],
    values: Record<string, unknown>,
  ) {
    const errors: Record<string, string> = {};
    for (const f of fields) {
      if (f.type !== 'user' || values[f.id] === undefined) continue;
      if (!(await this.store.people.byEmail(String(values[f.id]))))
        errors[f.id] = `nobody has the email ${values[f.id]}`;
    }
    return errors;
  }
}

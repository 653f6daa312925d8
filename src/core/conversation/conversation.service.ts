import type { Clock } from '../../ports/clock.port.js';
import type { ConversationRecord } from '../../ports/conversation-store.port.js';
import type {
  FormSpec,
  InboundEvent,
  InboundMessage,
  OutboundMessage,
  TranscriptEntry,
} from '../../ports/message.types.js';
import type { Person, Store } from '../../ports/store.port.js';
import { NotFoundError } from '../errors.js';
import { messageRow } from '../relay/message.rows.js';
import { readState } from './conversation.state.js';
import { runTurn } from './intake.flow.js';
import { form } from './intake.replies.js';
import type { TurnDeps } from './turn.deps.js';

const MAX_ATTEMPTS = 5;

/** A delivery `accept` recorded, with what it read for the turn. */
export interface Accepted {
  readonly conversation: ConversationRecord | null;
  readonly person: Person | null;
}

/** A conversation's turns held by this process: the deliveries to take, in arrival order. */
export interface HeldTurns {
  /** Oldest first; `event` is null for the caller's own delivery. */
  pending: { platform: string; deliveryId: string; event: InboundEvent | null }[];
  /** The conversation's version now (null: it does not exist yet), to tell a stale read. */
  version: number | null;
}

/**
 * The conversation engine's entry point, channel-neutral. Inbox first (a retried delivery changes
 * nothing), then the turn runs on the stored state and is saved with its transcript and outbox rows in
 * one transaction; a concurrent turn in the same conversation makes this one run again on fresh state.
 */
export class ConversationService {
  constructor(
    private readonly store: Store,
    private readonly deps: TurnDeps,
    private readonly clock: Clock,
    /** Called after replies were queued, so an in-process dispatcher delivers without waiting to poll. */
    private readonly onQueued: () => void = () => {},
  ) {}

  /** Inbox and turn in one go, for a person the core knows (tests, and callers that need no ack). */
  async receive(message: InboundMessage): Promise<{ duplicate: boolean; replies: OutboundMessage[] }> {
    const { personId, ...event } = message;
    const begun = await this.begin({ ...event, speaker: { personId } });
    if (begun.duplicate) return { duplicate: true, replies: [] };
    return { duplicate: false, replies: await this.process(message, begun) };
  }

  /**
   * Inbox first, for platforms that must acknowledge fast: records the delivery and returns what its
   * turn needs (null for a retry already recorded); `processAccepted` runs the turn after the
   * acknowledgement. The person is null when the speaker's identity is not linked yet.
   */
  async accept(event: InboundEvent): Promise<Accepted | null> {
    const begun = await this.begin(event);
    return begun.duplicate ? null : { conversation: begun.conversation, person: begun.person };
  }

  /** Records the delivery in the inbox and reads what its turn needs, in one round trip. */
  private begin(event: InboundEvent) {
    return this.store.conversations.beginTurn(
      {
        platform: event.platform,
        deliveryId: event.deliveryId,
        payload: event as unknown as Record<string, unknown>,
      },
      this.clock.now(),
      event.conversation.id,
      event.speaker,
    );
  }

  /**
   * The turn of a delivery `accept` recorded, taken while its conversation is held (`exclusive`).
   * What accept read is used only if the conversation's version has not moved since: a stale read would
   * run side effects such as opening a ticket twice.
   */
  processAccepted(
    message: InboundMessage,
    accepted: Accepted | undefined,
    held: HeldTurns,
  ): Promise<OutboundMessage[]> {
    const fresh = accepted && (accepted.conversation?.version ?? null) === held.version;
    return this.process(message, fresh ? accepted : undefined);
  }

  /**
   * Runs `work` while no other instance takes turns in the conversation, with its deliveries still to
   * process: a turn takes the earlier ones first, whichever instance they came in on.
   */
  exclusive<T>(
    conversationId: string,
    mine: InboundEvent | null,
    work: (held: HeldTurns) => Promise<T>,
  ): Promise<T> {
    return this.store.conversations.exclusive(conversationId, mine, (lease) =>
      work({
        version: lease.version,
        pending: lease.pending.map((p) => ({
          platform: p.platform,
          deliveryId: p.deliveryId,
          event: p.payload && eventOf(p.payload),
        })),
      }),
    );
  }

  /** Conversations with deliveries recorded `olderThanMs` ago or more and never processed, oldest first. */
  waiting(olderThanMs: number, limit: number): Promise<string[]> {
    return this.store.conversations.waiting(new Date(this.clock.now().getTime() - olderThanMs + 1), limit);
  }

  /**
   * Conversations on a platform that heard something within `withinMs`, each with its newest
   * delivery, most recent first: where a channel that was away looks for what it missed.
   */
  lastHeard(platform: string, withinMs: number, limit: number) {
    return this.store.conversations.lastHeard(
      platform,
      new Date(this.clock.now().getTime() - withinMs),
      limit,
    );
  }

  /** Whether Deskbot talks in this conversation already (a thread it answered in). */
  async has(conversationId: string): Promise<boolean> {
    return (await this.store.conversations.get(conversationId)) !== null;
  }

  /** The form a conversation waits for, for its owner (a channel opens it on a click); else null. */
  async pendingForm(person: Person, conversationId: string): Promise<FormSpec | null> {
    const conversation = await this.store.conversations.get(conversationId);
    if (!conversation || conversation.personId !== person.id) return null;
    const state = readState(conversation.state);
    if (state.step !== 'form') return null;
    const type = this.deps.catalog.requestType(state.requestType)?.type;
    const part = type && form(type, { ...state.prefill, ...state.values }, {}).parts[0];
    return part?.kind === 'form' ? part.form : null;
  }

  /** A delivery whose speaker is nobody on the desk: recorded as processed, no turn. */
  dismiss(event: InboundEvent): Promise<void> {
    return this.store.conversations.dismiss(event.platform, event.deliveryId, this.clock.now());
  }

  /**
   * A turn of a recorded delivery failed: counted, its error kept; at `setAsideAt` failures the delivery
   * is set aside (processed). Null when it was processed meanwhile.
   */
  failed(event: InboundEvent, err: unknown, setAsideAt: number) {
    const reason = err instanceof Error ? err.message : String(err);
    return this.store.conversations.failed(
      event.platform,
      event.deliveryId,
      reason,
      this.clock.now(),
      setAsideAt,
    );
  }

  /** A conversation's lines, for its owner only; anyone else gets "not found". */
  async transcript(
    person: Person,
    conversationId: string,
    afterId = 0,
    limit = 200,
  ): Promise<TranscriptEntry[]> {
    const conversation = await this.store.conversations.get(conversationId);
    if (!conversation || conversation.personId !== person.id) throw new NotFoundError('No such conversation');
    return this.store.conversations.transcript(conversationId, afterId, limit);
  }

  /** `loaded`: what beginTurn read, used by the first attempt; a retry reads afresh. */
  private async process(
    message: InboundMessage,
    loaded?: { conversation: ConversationRecord | null; person: Person | null },
  ): Promise<OutboundMessage[]> {
    const person = loaded ? loaded.person : await this.store.people.byId(message.personId);
    if (!person) throw new NotFoundError(`No person ${message.personId}`);
    for (let attempt = 1; ; attempt++) {
      const existing =
        attempt === 1 && loaded
          ? loaded.conversation
          : await this.store.conversations.get(message.conversation.id);
      const state = readState(existing?.state);
      const result = await runTurn(this.deps, this.turnOf(message, person, existing), state);
      // A turn that changed nothing (a command, a comment on the ticket) only appends: it cannot be
      // stale, so its side effects never run twice.
      const unchanged = existing !== null && result.state === state && result.ticketId === existing.ticketId;
      const at = this.clock.now();
      const said = message.text !== undefined ? { text: message.text } : { ...message.action };
      const saved = await this.store.conversations.saveTurn({
        conversation: {
          id: message.conversation.id,
          platform: message.conversation.platform,
          ref: message.conversation.ref,
          personId: existing?.personId ?? person.id,
        },
        expectedVersion: unchanged ? null : (existing?.version ?? 0),
        state: result.state as unknown as Record<string, unknown>,
        ticketId: result.ticketId,
        at,
        transcript: [
          {
            direction: 'in',
            message: {
              ...said,
              personId: person.id,
              ...(message.files?.length && { files: message.files.map((f) => f.name) }),
            },
          },
          ...result.replies.map((r) => ({
            direction: 'out' as const,
            message: r as unknown as Record<string, unknown>,
          })),
        ],
        outbox: result.replies.map((r) => messageRow(message.conversation, r)),
        delivery: { platform: message.platform, deliveryId: message.deliveryId },
      });
      if (saved) {
        if (result.replies.length > 0) this.onQueued();
        return result.replies;
      }
      if (attempt >= MAX_ATTEMPTS) throw new Error(`conversation ${message.conversation.id} is too busy`);
    }
  }

  private turnOf(message: InboundMessage, person: Person, existing: ConversationRecord | null) {
    return {
      person,
      conversationId: message.conversation.id,
      ownerId: existing?.personId ?? person.id,
      formFields: message.conversation.formFields,
      threaded: message.conversation.threaded === true,
      deliveryId: message.deliveryId,
      text: message.text,
      action: message.action,
      ticketId: existing?.ticketId ?? null,
      speaker: message.speaker,
      platform: message.platform,
      files: message.files,
    };
  }
}

/** An inbox row's event; rows from before speakers and form limits carried a person and a yes/no. */
function eventOf(payload: Record<string, unknown>): InboundEvent {
  const e = payload as unknown as InboundEvent & { personId?: string };
  const c = e.conversation as typeof e.conversation & { canShowForms?: boolean };
  const conversation = { ...c, formFields: c.formFields ?? (c.canShowForms ? 100 : 0) };
  return { ...e, conversation, speaker: e.speaker ?? { personId: String(e.personId) } };
}

import type { InboundEvent, InboundMessage, OutboundMessage } from '../../ports/message.types.js';
import type { Accepted, ConversationService, HeldTurns } from '../conversation/conversation.service.js';
import { type IdentityService, UnknownIdentity } from '../identity/identity.service.js';
import { TurnQueue } from './turn.queue.js';

/** Turns run at once across conversations; the store batches their writes, the rest wait their go. */
const TURNS_AT_ONCE = 16;
/**
 * A delivery whose turn failed this many times is set aside: marked processed with its error, so the
 * sweep stops trying it every 15 s. A failure that never reaches the store (it is down) is not counted.
 */
export const TURN_TRIES = 5;

/** How a recorded delivery's turn failed: its tries so far, and whether it is now set aside. */
export interface TurnFailure {
  platform: string;
  deliveryId: string;
  attempts: number;
  setAside: boolean;
}

/** What one inbound event came to: a retry already recorded, nobody the desk knows, or a turn's replies. */
export type Received =
  | { outcome: 'duplicate' }
  | { outcome: 'refused'; reason: string }
  | { outcome: 'answered'; replies: OutboundMessage[] };

/**
 * One inbound pipeline for every channel. An adapter hands it a verified, translated event and an `ack`;
 * the core does the rest: the inbox write (a retried delivery changes nothing), the acknowledgement, the
 * person behind the speaker (a platform profile lookup, if one is ever needed, only now, after the ack),
 * and the turn, one at a time and in arrival order within its conversation, across instances too: the
 * TurnQueue orders this process's turns, and under it the store's lease holds the conversation while a
 * turn runs, which first takes any earlier delivery another instance recorded and has not run yet. A
 * crash after the ack loses nothing: `replayPending` (at start, and every few seconds on one instance)
 * runs what the inbox holds unprocessed.
 */
export class InboundPipeline {
  private readonly turns = new TurnQueue(TURNS_AT_ONCE);

  constructor(
    private readonly conversations: ConversationService,
    private readonly identities: IdentityService,
    /** A delivery of someone else's that failed while a turn took it first, with its tries so far. */
    private readonly onError: (err: unknown, failure: TurnFailure | null) => void = () => {},
  ) {}

  async receive(event: InboundEvent, ack: () => unknown = () => {}): Promise<Received> {
    // Queued before the inbox write, so the turns of one conversation keep the order they came in.
    const turn = this.turns.queue(event.conversation.id);
    let accepted: Accepted | null;
    try {
      accepted = await this.conversations.accept(event);
      await ack();
    } catch (err) {
      turn.cancel();
      throw err;
    }
    if (!accepted) {
      turn.cancel();
      return { outcome: 'duplicate' };
    }
    const known = accepted;
    return turn.run(() =>
      this.conversations.exclusive(event.conversation.id, event, async (held) => {
        let first = true;
        for (const p of held.pending) {
          // What accept read holds only if no earlier delivery was taken since.
          if (!p.event) return this.takeOwn(event, held, first ? known : undefined);
          await this.takeOther(p.event, held);
          first = false;
        }
        return { outcome: 'duplicate' }; // another instance took it while this one waited
      }),
    );
  }

  /**
   * Deliveries recorded at least `olderThanMs` ago and never processed (a crash after the ack, a turn
   * that failed): their conversations' turns now, in order. Returns how many ran, and the speakers
   * refused (nobody on the desk) with the reason; a turn that fails again is reported and stays.
   */
  async replayPending(olderThanMs = 0, limit = 100): Promise<{ replayed: number; refused: string[] }> {
    let replayed = 0;
    const refused: string[] = [];
    for (const id of await this.conversations.waiting(olderThanMs, limit)) {
      await this.turns.queue(id).run(() =>
        this.conversations.exclusive(id, null, async (held) => {
          for (const p of held.pending) {
            const outcome = await this.takeOther(p.event!, held);
            if (outcome?.outcome === 'refused') refused.push(outcome.reason);
            else if (outcome) replayed++;
          }
        }),
      );
    }
    return { replayed, refused };
  }

  /** Waits for the turns queued or running in this process (a clean stop). */
  drain(): Promise<void> {
    return this.turns.idle();
  }

  /**
   * A delivery this call did not come for (another instance's, one left by a crash): its failure is
   * reported, not thrown, and it stays unprocessed for the sweep. Null when it failed.
   */
  private async takeOther(event: InboundEvent, held: HeldTurns): Promise<Received | null> {
    try {
      return await this.turn(event, held);
    } catch (err) {
      this.onError(err, await this.count(event, err));
      return null;
    }
  }

  /** The delivery this call came for: its failure is counted, and thrown to the channel. */
  private async takeOwn(
    event: InboundEvent,
    held: HeldTurns,
    known: Accepted | undefined,
  ): Promise<Received> {
    try {
      return await this.turn(event, held, known);
    } catch (err) {
      await this.count(event, err);
      throw err;
    }
  }

  /** Counts a failed turn on its delivery (set aside at TURN_TRIES); null if that could not be written. */
  private async count(event: InboundEvent, err: unknown): Promise<TurnFailure | null> {
    const counted = await this.conversations.failed(event, err, TURN_TRIES).catch(() => null);
    return counted && { platform: event.platform, deliveryId: event.deliveryId, ...counted };
  }

  private async turn(event: InboundEvent, held: HeldTurns, known?: Accepted): Promise<Received> {
    const resolved = await this.resolve(event, known?.person?.id);
    if ('refused' in resolved) return this.refuse(resolved.refused, event);
    // What accept read is good only for the person it read; a person linked just now reads afresh.
    const replies = await this.conversations.processAccepted(
      resolved,
      known?.person ? known : undefined,
      held,
    );
    return { outcome: 'answered', replies };
  }

  /** The event as the engine runs it, with its person; refused when the speaker is nobody on the desk. */
  private async resolve(event: InboundEvent, linked?: string): Promise<InboundMessage | { refused: string }> {
    const { speaker, ...rest } = event;
    if ('personId' in speaker) return { ...rest, personId: speaker.personId };
    try {
      return { ...rest, personId: linked ?? (await this.identities.personIdOf(speaker)), speaker };
    } catch (err) {
      if (err instanceof UnknownIdentity) return { refused: err.message };
      throw err;
    }
  }

  /** Nobody on the desk: recorded as processed (a retry changes nothing), no turn; the adapter says why. */
  private async refuse(reason: string, event: InboundEvent): Promise<{ outcome: 'refused'; reason: string }> {
    await this.conversations.dismiss(event);
    return { outcome: 'refused', reason };
  }
}

import type { InboundEvent, InboundMessage, OutboundMessage } from '../../ports/message.types.js';
import type { ConversationService } from '../conversation/conversation.service.js';
import { type IdentityService, UnknownIdentity } from '../identity/identity.service.js';
import { TurnQueue } from './turn.queue.js';

/** Turns run at once across conversations; the store batches their writes, the rest wait their go. */
const TURNS_AT_ONCE = 16;

/** What one inbound event came to: a retry already recorded, nobody the desk knows, or a turn's replies. */
export type Received =
  | { outcome: 'duplicate' }
  | { outcome: 'refused'; reason: string }
  | { outcome: 'answered'; replies: OutboundMessage[] };

/**
 * One inbound pipeline for every channel. An adapter hands it a verified, translated event and an `ack`;
 * the core does the rest: the inbox write (a retried delivery changes nothing), the acknowledgement, the
 * person behind the speaker (a platform profile lookup, if one is ever needed, only now, after the ack),
 * and the turn, one at a time and in arrival order within its conversation. A crash after the ack
 * loses nothing: `replayPending` runs what the inbox holds unprocessed.
 */
export class InboundPipeline {
  private readonly turns = new TurnQueue(TURNS_AT_ONCE);

  constructor(
    private readonly conversations: ConversationService,
    private readonly identities: IdentityService,
  ) {}

  async receive(event: InboundEvent, ack: () => unknown = () => {}): Promise<Received> {
    // Queued before the inbox write, so the turns of one conversation keep the order they came in.
    const turn = this.turns.queue(event.conversation.id);
    let accepted: Awaited<ReturnType<ConversationService['accept']>>;
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
    return turn.run(async (): Promise<Received> => {
      const resolved = await this.resolve(event, known.person?.id);
      if ('refused' in resolved) return this.refuse(resolved.refused, event);
      // What accept read is good only for the person it read; a person linked just now reads afresh.
      const replies = await this.conversations.processAccepted(resolved, known.person ? known : undefined);
      return { outcome: 'answered', replies };
    });
  }

  /**
   * Deliveries recorded but never processed (a crash after the ack): their turns now, in order.
   * Returns how many ran, and the speakers refused (nobody on the desk) with the reason.
   */
  async replayPending(limit = 100): Promise<{ replayed: number; refused: string[] }> {
    const pending = await this.conversations.unprocessed(limit);
    const refused: string[] = [];
    for (const event of pending) {
      const resolved = await this.resolve(event);
      if ('refused' in resolved) refused.push((await this.refuse(resolved.refused, event)).reason);
      else await this.conversations.processAccepted(resolved);
    }
    return { replayed: pending.length - refused.length, refused };
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

import type { Clock } from '../../ports/clock.port.js';
import type { DeadOutboxRow, SetAsideDelivery } from '../../ports/conversation-store.port.js';
import type { Person, Store } from '../../ports/store.port.js';
import { NotFoundError } from '../errors.js';
import { requireAdmin } from '../identity/access.policy.js';
import { type InboundPipeline, TURN_TRIES } from '../inbound/inbound.pipeline.js';
import type { OutboxDispatcher } from './outbox.dispatcher.js';

const ONLY_ADMINS = 'Only admins see failed deliveries';
/** How many of each kind a list shows (the newest). */
const LISTED = 100;

/**
 * What the desk gave up on, for admins: outbox rows dead after their last attempt (a platform that
 * refused or stayed down) and inbound deliveries set aside after their turn kept failing. Each can be
 * tried again once the cause is fixed; they are kept a month (retention).
 */
export class FailedDeliveries {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly outbox: OutboxDispatcher,
    private readonly inbound: InboundPipeline,
  ) {}

  async list(actor: Person): Promise<{ outbound: DeadOutboxRow[]; inbound: SetAsideDelivery[] }> {
    requireAdmin(actor, ONLY_ADMINS);
    return {
      outbound: await this.store.outbox.dead(LISTED),
      inbound: await this.store.conversations.setAside(TURN_TRIES, LISTED),
    };
  }

  /** The row is sent again now, counting its attempts afresh. */
  async retryOutbound(actor: Person, id: number): Promise<void> {
    requireAdmin(actor, ONLY_ADMINS);
    if (!(await this.store.outbox.revive(id, this.clock.now())))
      throw new NotFoundError(`No dead outbox row ${id}`);
    this.outbox.wake();
  }

  /** The delivery's turn runs again now (and is set aside again after as many failures). */
  async retryInbound(actor: Person, platform: string, deliveryId: string): Promise<void> {
    requireAdmin(actor, ONLY_ADMINS);
    if (!(await this.store.conversations.unsetAside(platform, deliveryId, TURN_TRIES)))
      throw new NotFoundError(`No delivery ${platform}/${deliveryId} set aside`);
    await this.inbound.replayPending();
  }
}

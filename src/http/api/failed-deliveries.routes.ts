import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Desk } from '../../core/desk.js';
import type { DeadOutboxRow, SetAsideDelivery } from '../../ports/conversation-store.port.js';
import { personOf } from './signed-in.js';

const outboundParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const inboundParams = z.object({
  platform: z.string().min(1).max(50),
  deliveryId: z.string().min(1).max(500),
});

/**
 * /failed-deliveries, for admins: outbox rows given up on and inbound deliveries set aside, each with
 * its error, and a retry of one once the cause is fixed (202: it is queued, not yet done).
 */
export function registerFailedDeliveryRoutes(api: FastifyInstance, desk: Desk): void {
  api.get('/failed-deliveries', async (request) => {
    const { outbound, inbound } = await desk.failed.list(personOf(request));
    return { outbound: outbound.map(outboundView), inbound: inbound.map(inboundView) };
  });

  api.post('/failed-deliveries/outbound/:id/retry', async (request, reply) => {
    const { id } = outboundParams.parse(request.params);
    await desk.failed.retryOutbound(personOf(request), id);
    return reply.code(202).send({ retried: true });
  });

  api.post('/failed-deliveries/inbound/:platform/:deliveryId/retry', async (request, reply) => {
    const { platform, deliveryId } = inboundParams.parse(request.params);
    await desk.failed.retryInbound(personOf(request), platform, deliveryId);
    return reply.code(202).send({ retried: true });
  });
}

function outboundView(r: DeadOutboxRow) {
  return { ...r, createdAt: r.createdAt.toISOString() };
}

function inboundView(d: SetAsideDelivery) {
  return { ...d, receivedAt: d.receivedAt.toISOString() };
}

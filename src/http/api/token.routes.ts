import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Desk } from '../../core/desk.js';
import { NotFoundError } from '../../core/errors.js';
import type { TokenInfo } from '../../core/identity/people.service.js';
import { personOf } from './signed-in.js';

const listQuery = z.object({ email: z.email().optional() });

/** /tokens: API tokens for admins (never the token itself, which is shown once at creation). */
export function registerTokenRoutes(api: FastifyInstance, desk: Desk) {
  api.get('/tokens', async (request) => {
    const { email } = listQuery.parse(request.query);
    return { tokens: (await desk.people.listTokensAs(personOf(request), email)).map(tokenView) };
  });

  api.delete<{ Params: { id: string } }>('/tokens/:id', async (request, reply) => {
    const revoked = await desk.people.revokeTokensAs(personOf(request), { id: request.params.id });
    if (revoked.length === 0) throw new NotFoundError(`No active token ${request.params.id}`);
    return reply.code(204).send();
  });
}

export function tokenView(t: TokenInfo) {
  return {
    id: t.id,
    person: { id: t.person.id, email: t.person.email, name: t.person.name },
    name: t.name,
    status: t.status,
    demo: t.demo,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

import type { FastifyReply } from 'fastify';

/** 401 with the Bearer challenge and the JSON error shape every route uses. */
export function sendUnauthorized(reply: FastifyReply, message: string) {
  return reply
    .code(401)
    .header('www-authenticate', 'Bearer realm="deskbot"')
    .send({ error: { code: 'unauthorized', message } });
}

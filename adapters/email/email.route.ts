import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Desk } from '../../src/core/index.js';
import { findInputProblem } from '../../src/http/input.guard.js';
import { refuseInput } from '../../src/http/input.hooks.js';
import { verifyEmailDelivery } from './email.signature.js';

/** An email as big as a long reply with its quoted thread; attachments are not taken here. */
const BODY_LIMIT = 1024 * 1024;

const inbound = z
  .object({
    messageId: z.string().min(1).max(998),
    from: z.string().min(3).max(320),
    to: z.union([z.string().max(2000), z.array(z.string().max(320)).max(50)]),
    subject: z.string().max(998).default(''),
    text: z.string().max(BODY_LIMIT),
  })
  .strict();

/**
 * POST /email/inbound: the route a mail provider's inbound webhook (or a forwarder) calls with each
 * reply, signed (see email.signature.ts). A reply to a request's update becomes a public comment by its
 * sender; a retried delivery (same messageId) adds nothing; anything else is answered with why not.
 */
export function registerEmailInbound(
  app: FastifyInstance,
  desk: Desk,
  secret: string,
  now: () => number,
): void {
  app.register((scope, _opts, done) => {
    // The signature covers the bytes as sent, so this route takes its body raw.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, raw, next) =>
      next(null, raw),
    );
    scope.post('/email/inbound', async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = (name: string) => [request.headers[name]].flat()[0];
      const verdict = verifyEmailDelivery({
        secret,
        signature: header('x-deskbot-signature'),
        timestamp: header('x-deskbot-timestamp'),
        rawBody: raw,
        nowMs: now(),
      });
      if (!verdict.ok) {
        request.log.warn({ reason: verdict.reason }, 'inbound email refused');
        return reply
          .code(401)
          .send({ error: { code: 'unauthorized', message: `invalid signature: ${verdict.reason}` } });
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return refuseInput(reply, { path: 'body', reason: 'is not JSON' });
      }
      const problem = findInputProblem(json);
      if (problem) return refuseInput(reply, problem);
      const mail = inbound.parse(json);
      const to = Array.isArray(mail.to) ? mail.to : mail.to.split(',');
      const outcome = await desk.email.receive({ ...mail, to });
      if (outcome.status === 'refused')
        request.log.info({ reason: outcome.reason }, 'inbound email not taken');
      // 200 for every verified delivery: the provider must not retry a reply we will never take.
      return outcome;
    });
    done();
  });
}

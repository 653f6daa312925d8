import type { FastifyInstance, FastifyReply } from 'fastify';
import { findInputProblem, type InputProblem, urlHasNul } from './input.guard.js';

/**
 * Every route's input is checked before the route reads it: a URL with a NUL is refused before
 * anything else (authentication included), a query or JSON body with unstorable text or hostile
 * nesting before validation. Raw bodies (Slack's signed ones) are checked by their route once verified.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (urlHasNul(request.url))
      return refuseInput(reply, { path: 'url', reason: 'contains a NUL character' });
  });
  app.addHook('preValidation', async (request, reply) => {
    const problem =
      findInputProblem(request.query, 'query') ??
      (Buffer.isBuffer(request.body) ? null : findInputProblem(request.body));
    if (problem) return refuseInput(reply, problem);
  });
}

/** 400 in the API's error shape, naming the field. */
export function refuseInput(reply: FastifyReply, problem: InputProblem) {
  return reply.code(400).send({
    error: {
      code: 'invalid',
      message: `${problem.path} ${problem.reason}`,
      fields: { [problem.path]: problem.reason },
    },
  });
}

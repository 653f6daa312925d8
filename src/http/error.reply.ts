import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { DomainError, ValidationError } from '../core/errors.js';

const STATUS = { invalid: 400, not_found: 404, forbidden: 403, conflict: 409 } as const;

/** One JSON error shape for every failure: { error: { code, message, fields? } }. */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ValidationError) {
    return reply
      .code(400)
      .send({ error: { code: error.code, message: error.message, fields: error.fields } });
  }
  if (error instanceof DomainError) {
    return reply.code(STATUS[error.code]).send({ error: { code: error.code, message: error.message } });
  }
  if (error instanceof ZodError) {
    const fields: Record<string, string> = {};
    for (const issue of error.issues) {
      const path = issue.path.filter((p) => typeof p !== 'number').join('.') || 'body';
      fields[path] ??= issue.message;
    }
    return reply.code(400).send({ error: { code: 'invalid', message: 'The request has errors', fields } });
  }
  const e = error as { statusCode?: number; code?: string; message?: string };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply.code(413).send({ error: { code: 'too_large', message: 'The request body is too large' } });
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return reply
      .code(e.statusCode)
      .send({ error: { code: 'bad_request', message: e.message ?? 'Bad request' } });
  }
  // A value the database refused (class 22, data exception) that got past the edge checks: the
  // request's own fault, and its statement alone rolled back.
  const sqlState = e.code ?? (error as { cause?: { code?: string } }).cause?.code;
  if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState)) {
    request.log.warn({ sqlState, message: e.message }, 'request refused by the store');
    return reply
      .code(400)
      .send({ error: { code: 'invalid', message: 'The request has a value that cannot be stored' } });
  }
  request.log.error({ err: error }, 'request failed');
  return reply.code(500).send({ error: { code: 'internal', message: 'Something went wrong on our side' } });
}

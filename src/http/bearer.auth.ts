import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PeopleService } from '../core/identity/people.service.js';
import type { Person } from '../ports/store.port.js';
import { RateLimiter, sendTooMany } from './rate.limit.js';
import { sendUnauthorized } from './unauthorized.reply.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one Bearer check of the REST API and the web chat (see buildServer). */
    bearer: BearerCheck;
  }
}

/** Wrong tokens one client address may send a minute before it must wait (guessing is pointless anyway). */
export const FAILED_TOKEN_LIMIT = 20;

/**
 * `Authorization: Bearer <token>` for every signed-in route. A client address that sent too many wrong
 * tokens gets 429 with Retry-After for the rest of the minute, before any token of its is looked up.
 */
export class BearerCheck {
  private readonly failures: RateLimiter;

  constructor(
    private readonly people: PeopleService,
    now: () => number = Date.now,
  ) {
    this.failures = new RateLimiter(FAILED_TOKEN_LIMIT, 60_000, now);
  }

  /**
   * The person of the request's token, or null once this has answered (401: `refusal` says what to do
   * next, given whether a token was sent at all; 429).
   */
  async person(
    request: FastifyRequest,
    reply: FastifyReply,
    refusal: (sentOne: boolean) => string,
  ): Promise<Person | null> {
    const header = request.headers.authorization;
    const wait = this.failures.blockedFor(request.ip);
    if (header && wait !== null) {
      await sendTooMany(reply, wait, 'Too many wrong tokens from this address');
      return null;
    }
    const person = await this.people.authenticateHeader(header);
    if (person) return person;
    if (header) this.failures.hit(request.ip);
    await sendUnauthorized(reply, refusal(header !== undefined));
    return null;
  }
}

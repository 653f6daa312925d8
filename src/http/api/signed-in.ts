import type { FastifyRequest } from 'fastify';
import type { Person } from '../../ports/store.port.js';

declare module 'fastify' {
  interface FastifyRequest {
    person: Person | null;
  }
}

/** The signed-in person; every /api/v1 route runs after the Bearer check, so this is always set. */
export function personOf(request: FastifyRequest): Person {
  return request.person!;
}

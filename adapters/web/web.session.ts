import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DeskConfig } from '../../src/config/desk.schema.js';
import '../../src/http/bearer.auth.js';
import type { Person } from '../../src/ports/store.port.js';

/** A person the embedded demo lets anyone act as (marked `demo:` in the desk config). */
export interface DemoIdentity {
  email: string;
  name: string;
  role: 'requester' | 'agent' | 'manager';
}

export function demoIdentities(config: DeskConfig): DemoIdentity[] {
  return config.people.flatMap((p) =>
    p.demo ? [{ email: p.email.toLowerCase(), name: p.name, role: p.demo }] : [],
  );
}

const signedIn = new WeakMap<FastifyRequest, Person>();

/**
 * Every route of the scope needs `Authorization: Bearer <token>`, checked on each call (the page keeps
 * the token in sessionStorage: no cookies, so no CSRF; never in a URL, URLs are logged).
 */
export function requireBearer(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request, reply) => {
    const person = await scope.bearer.person(
      request,
      reply,
      () => 'Sign in again: the token is missing or not valid',
    );
    if (person) signedIn.set(request, person);
  });
}

/** The person a route of a requireBearer scope runs for. */
export function webPerson(request: FastifyRequest): Person {
  const person = signedIn.get(request);
  if (!person) throw new Error('route registered outside a requireBearer scope');
  return person;
}

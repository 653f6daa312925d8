import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Desk } from '../../core/desk.js';
import {
  type Person,
  type RequestKey,
  type RequestKeyRecord,
  RequestKeyUsedError,
} from '../../ports/store.port.js';
import { personOf } from './signed-in.js';

/** What a route answers: kept for retries under the same Idempotency-Key. */
export interface Answer {
  status: number;
  body: unknown;
  location?: string;
}

/** Printable ASCII without spaces, as Stripe and the IETF draft take it. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * A POST that a client may retry safely: with an `Idempotency-Key` header, the same key and the same
 * request get the first answer again and change nothing twice (the key is stored in the change's own
 * transaction, so this holds across a lost connection and a crash); the same key with a different
 * request is 422. `rebuild` answers from what the key made when the first answer was never kept (the
 * process died between the commit and keeping it).
 */
export async function idempotent(
  desk: Desk,
  request: FastifyRequest,
  reply: FastifyReply,
  run: (requestKey: RequestKey | undefined) => Promise<Answer>,
  rebuild: (made: RequestKeyRecord, person: Person) => Promise<Answer>,
) {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return send(reply, await run(undefined));
  const key = Array.isArray(header) ? '' : header;
  if (!KEY_PATTERN.test(key)) {
    return reply.code(400).send({
      error: {
        code: 'invalid',
        message: 'Idempotency-Key must be 1 to 255 printable characters without spaces',
        fields: { 'Idempotency-Key': 'must be 1 to 255 printable characters without spaces' },
      },
    });
  }
  const person = personOf(request);
  const fingerprint = fingerprintOf(request);
  const replay = async (made: RequestKeyRecord) => {
    if (made.fingerprint !== fingerprint) {
      return reply.code(422).send({
        error: {
          code: 'idempotency_key_reused',
          message: `Idempotency-Key ${key} was used with a different request`,
        },
      });
    }
    reply.header('idempotent-replayed', 'true');
    return send(reply, made.answer ?? (await rebuild(made, person)));
  };
  const earlier = await desk.requestKeys.find(person, key);
  if (earlier) return replay(earlier);
  let answer: Answer;
  try {
    answer = await run({ personId: person.id, key, fingerprint });
  } catch (err) {
    // A concurrent request with the same key won the race: answer as it did.
    const made = err instanceof RequestKeyUsedError ? await desk.requestKeys.find(person, key) : null;
    if (made) return replay(made);
    throw err;
  }
  // Keeping the answer is for exact replays; if it fails, a retry rebuilds it instead.
  await desk.requestKeys
    .remember(person, key, answer)
    .catch((err) => request.log.warn({ err }, 'could not keep the answer for an Idempotency-Key'));
  return send(reply, answer);
}

function send(reply: FastifyReply, answer: Answer) {
  if (answer.location) reply.header('location', answer.location);
  return reply.code(answer.status).send(answer.body);
}

/** The request as the key must see it again: method, path and the body with its keys in order. */
function fingerprintOf(request: FastifyRequest): string {
  const path = request.url.split('?')[0];
  return createHash('sha256')
    .update(`${request.method} ${path}\n${canonicalJson(request.body ?? null)}`)
    .digest('hex');
}

/** JSON with object keys sorted, so two encodings of the same body compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

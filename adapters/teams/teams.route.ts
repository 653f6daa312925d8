import type { Activity } from 'botbuilder';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { teamsAuthentication } from './teams.auth.js';

export interface TeamsRouteOptions {
  auth: ReturnType<typeof teamsAuthentication>;
  logger: Logger;
  /** False once stopping: Teams gets 503 and delivers again (to another instance, or later). */
  accepting: () => boolean;
  /** Runs one verified activity; `ack` answers Teams. Rejects only before the ack. */
  onActivity: (activity: Activity, ack: () => void) => Promise<void>;
  /** Answers an invoke in its own response (a card as the person viewing it may work it). */
  onInvoke: (activity: Activity) => Promise<unknown>;
  track(work: Promise<unknown>): void;
}

/** Teams' activities are small; a large body is not one of them. */
const BODY_LIMIT = 256 * 1024;

/**
 * POST /api/messages: the JWT is checked first (any failure is 401, nothing stored: the SDK raises some
 * as errors that would be 500), then the activity's shape (400 naming the field), then the core's
 * pipeline, which answers 200 once the inbox holds the activity. The turn goes on after the answer.
 */
export function registerTeamsRoute(server: FastifyInstance, options: TeamsRouteOptions): void {
  server.post('/api/messages', { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const activity = request.body as Activity;
    if (!activity || typeof activity !== 'object' || Array.isArray(activity))
      return reply.code(400).send({ error: { code: 'invalid', message: 'an activity is a JSON object' } });
    try {
      await options.auth.authenticateRequest(activity, request.headers.authorization ?? '');
    } catch (err) {
      request.log.warn(
        { reason: err instanceof Error ? err.message : String(err) },
        'teams activity refused',
      );
      return reply
        .code(401)
        .send({ error: { code: 'unauthorized', message: 'invalid or missing Bot Framework token' } });
    }
    const problem = shapeProblem(activity);
    if (problem)
      return reply.code(400).send({
        error: { code: 'invalid', message: problem, fields: { [problem.split(':')[0]!]: problem } },
      });
    if (!options.accepting())
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: { code: 'stopping', message: 'not accepting' } });
    if (activity.type === 'invoke') {
      try {
        return reply.code(200).send((await options.onInvoke(activity)) ?? {});
      } catch (err) {
        request.log.error(
          { reason: err instanceof Error ? err.message : String(err) },
          'teams invoke failed',
        );
        return reply
          .code(503)
          .header('retry-after', '5')
          .send({ error: { code: 'unavailable', message: 'try again' } });
      }
    }
    let acked = false;
    try {
      await new Promise<void>((resolve, reject) => {
        const ack = () => {
          acked = true;
          resolve();
        };
        // The SDK's own turn (processActivity) would build a connector client for each activity; replies
        // go out later as proactive messages, so the verified activity goes to the core as it is.
        const work = options.onActivity(activity, ack);
        options.track(
          work.then(
            () => resolve(),
            (err) => {
              if (!acked) return reject(err);
              options.logger.error(
                { reason: err instanceof Error ? err.message : String(err) },
                'teams turn failed after the ack',
              );
            },
          ),
        );
      });
    } catch (err) {
      // Nothing was stored (the inbox write comes before the ack): Teams delivers it again.
      request.log.error(
        { reason: err instanceof Error ? err.message : String(err) },
        'teams activity not taken',
      );
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: { code: 'unavailable', message: 'try again' } });
    }
    return reply.code(200).send();
  });
}

/** What a turn reads of an activity, checked before it is taken; the first problem, naming the field. */
function shapeProblem(a: Activity): string | null {
  if (typeof a.type !== 'string' || !a.type) return 'type: must be a string';
  if (typeof a.id !== 'string' || !a.id || a.id.length > 512)
    return 'id: must be a string of up to 512 characters';
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(a.serviceUrl))
    return 'serviceUrl: must be an http(s) URL';
  if (typeof a.conversation?.id !== 'string' || !a.conversation.id)
    return 'conversation.id: must be a string';
  if (typeof a.from?.id !== 'string' || !a.from.id) return 'from.id: must be a string';
  if (typeof a.recipient?.id !== 'string' || !a.recipient.id) return 'recipient.id: must be a string';
  if (a.text !== undefined && typeof a.text !== 'string') return 'text: must be a string';
  if (a.attachments !== undefined && !Array.isArray(a.attachments)) return 'attachments: must be an array';
  if (typeof a.text === 'string' && a.text.length > 40_000) return 'text: longer than 40,000 characters';
  return null;
}

import type { App, Receiver } from '@slack/bolt';
import type { FastifyInstance } from 'fastify';
import { findInputProblem } from '../../src/http/input.guard.js';
import { refuseInput } from '../../src/http/input.hooks.js';
import { dispatch } from './slack.dispatch.js';
import { verifySlackSignature } from './slack.signature.js';

export interface HttpReceiverOptions {
  signingSecret: string;
  /** Milliseconds since the epoch; the desk's clock, so tests sign at the time the desk lives in. */
  now: () => number;
  processBeforeResponse: boolean;
  /** False until auth.test answered: Slack gets 503 and delivers again later. */
  ready: () => boolean;
  track: (work: Promise<unknown>) => void;
  onLateError: (err: unknown) => void;
}

/**
 * Bolt's receiver on our fastify server: `POST /slack/events` carries events, interactivity and slash
 * commands. The raw bytes are verified (v0 signature, five-minute window both ways) before anything
 * is parsed or stored; a refusal is 401 and nothing else happens.
 */
export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly opts: HttpReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  register(server: FastifyInstance): void {
    server.register((scope, _opts, done) => {
      // The signature covers the bytes as sent, so this route takes every body raw.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, raw, next) => next(null, raw));
      scope.post('/slack/events', async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const header = (name: string) => {
          const v = request.headers[name];
          return Array.isArray(v) ? v[0] : v;
        };
        const verdict = verifySlackSignature({
          signingSecret: this.opts.signingSecret,
          signature: header('x-slack-signature'),
          timestamp: header('x-slack-request-timestamp'),
          rawBody: raw,
          nowMs: this.opts.now(),
        });
        if (!verdict.ok) {
          request.log.warn({ reason: verdict.reason }, 'slack request refused');
          return reply
            .code(401)
            .send({ error: { code: 'unauthorized', message: 'invalid Slack signature' } });
        }
        const body = parseBody(raw, header('content-type') ?? '');
        if (!body) return reply.code(400).send({ error: { code: 'invalid', message: 'unreadable body' } });
        const problem = findInputProblem(body);
        if (problem) {
          request.log.warn({ path: problem.path, reason: problem.reason }, 'slack payload refused');
          return refuseInput(reply, problem);
        }
        if (body.type === 'url_verification') return { challenge: body.challenge };
        if (body.ssl_check) return reply.code(200).send();
        if (!this.opts.ready() || !this.app)
          return reply
            .code(503)
            .header('retry-after', '5')
            .send({ error: { code: 'starting', message: 'not ready' } });
        const retryNum = header('x-slack-retry-num');
        const answer = await dispatch(
          this.app,
          body,
          { num: retryNum ? Number(retryNum) : undefined, reason: header('x-slack-retry-reason') },
          this.opts.processBeforeResponse,
          this.opts.track,
          this.opts.onLateError,
        );
        reply.code(answer.status);
        if (answer.body === undefined || answer.body === '') return reply.send();
        return typeof answer.body === 'string'
          ? reply.type('text/plain').send(answer.body)
          : reply.send(answer.body);
      });
      done();
    });
  }
}

/** Events come as JSON; interactivity as a form with a JSON `payload`; slash commands as a plain form. */
function parseBody(raw: Buffer, contentType: string): Record<string, unknown> | null {
  try {
    const text = raw.toString('utf8');
    if (contentType.includes('application/x-www-form-urlencoded')) {
      const form = Object.fromEntries(new URLSearchParams(text));
      return typeof form.payload === 'string' ? (JSON.parse(form.payload) as Record<string, unknown>) : form;
    }
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

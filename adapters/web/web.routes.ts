import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type Desk, NotFoundError } from '../../src/core/index.js';
import { RateLimiter, sendTooMany } from '../../src/http/rate.limit.js';
import type { InboundEvent, InboundFile, TranscriptEntry } from '../../src/ports/message.types.js';
import { webConversation } from './web.channel.js';
import { type DemoIdentity, requireBearer, webPerson } from './web.session.js';
import type { WebStreams } from './web.stream.js';

/** One message from the page: words, or a click (button, select) or a submitted form. */
const messageBody = z
  .object({
    /** A uuid made by the page per message: the delivery id, so a resend changes nothing. */
    clientId: z.uuid(),
    text: z.string().trim().min(1).max(10_000).optional(),
    action: z.string().min(1).max(100).optional(),
    value: z.string().max(1000).optional(),
    values: z.record(z.string(), z.unknown()).optional(),
    /** Files sent with the words (or alone), base64; kept on the request the chat is about. */
    files: z
      .array(
        z.object({
          name: z.string().min(1).max(255),
          contentType: z.string().max(100),
          data: z.base64(),
        }),
      )
      .max(10)
      .optional(),
  })
  .refine((b) => b.action === undefined || (b.text === undefined && b.files === undefined), {
    message: 'send text and files, or an action',
    path: ['action'],
  })
  .refine((b) => b.action !== undefined || b.text !== undefined || (b.files?.length ?? 0) > 0, {
    message: 'send text, files or an action',
    path: ['text'],
  });

const transcriptQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(200),
});

const demoBody = z.object({ email: z.email() });

/** Demo sign-ins one client address may make per window: a few people trying roles, not a token mill. */
export const DEMO_SESSIONS_PER_ADDRESS = 20;
const DEMO_SESSION_WINDOW_MS = 10 * 60_000;

export interface WebRouteDeps {
  desk: Desk;
  streams: WebStreams;
  /** The demo identities the picker offers; null when WEB_DEMO_IDENTITIES=off. */
  demo: DemoIdentity[] | null;
}

/** /web/...: the page's settings, the demo sign-in, and the chat (messages, transcript, live stream). */
export function registerWebRoutes(app: FastifyInstance, deps: WebRouteDeps): void {
  const { desk, demo } = deps;
  app.get('/web/config', async () => ({
    desk: { name: desk.catalog.config.desk.name, baseUrl: desk.catalog.config.desk.baseUrl ?? null },
    demoIdentities: demo,
  }));

  const sessions = new RateLimiter(DEMO_SESSIONS_PER_ADDRESS, DEMO_SESSION_WINDOW_MS);
  app.post('/web/demo-session', async (request, reply) => {
    const { email } = demoBody.parse(request.body ?? {});
    const limited = sessions.hit(request.ip);
    if (!limited.ok)
      return sendTooMany(reply, limited.retryAfterS, 'Too many demo sign-ins from this address');
    const identity = demo?.find((d) => d.email === email.toLowerCase());
    if (!identity)
      throw new NotFoundError(demo ? `${email} is not a demo identity` : 'Demo identities are off');
    const { person, token } = await desk.people.createDemoToken(identity.email);
    return { token, person: { id: person.id, name: person.name, email: person.email }, role: identity.role };
  });

  app.register((chat, _opts, done) => {
    requireBearer(chat);

    // Room for one file of the desk's largest size, as base64, beside the words.
    const bodyLimit =
      Math.ceil((desk.catalog.config.attachments.maxMegabytes * 1024 * 1024 * 4) / 3) + 65_536;
    chat.post('/web/messages', { bodyLimit }, async (request) => {
      const body = messageBody.parse(request.body ?? {});
      const person = webPerson(request);
      const event: InboundEvent = {
        platform: 'web',
        // Scoped to the person, so nobody can spend someone else's ids.
        deliveryId: `${person.id}:${body.clientId}`,
        conversation: webConversation(person.id),
        speaker: { personId: person.id },
        ...(body.action === undefined
          ? { text: body.text, files: body.files?.map(inboundFile) }
          : { action: { action: body.action, value: body.value, values: body.values } }),
      };
      // The page has no ack to wait for: its answer is the turn's replies.
      const received = await desk.inbound.receive(event);
      return {
        duplicate: received.outcome === 'duplicate',
        replies: received.outcome === 'answered' ? received.replies : [],
      };
    });

    chat.get('/web/transcript', async (request) => {
      const q = transcriptQuery.parse(request.query);
      const person = webPerson(request);
      const lines = await desk.conversations
        .transcript(person, webConversation(person.id).id, q.after, q.limit)
        .catch((err) => {
          if (err instanceof NotFoundError) return []; // no conversation yet: nothing said so far
          throw err;
        });
      return { lines: lines.map(lineView), more: lines.length === q.limit };
    });

    chat.get('/web/stream', async (request, reply) =>
      deps.streams.serve(reply, webConversation(webPerson(request).id).id),
    );
    done();
  });
}

/** A file from the page, carried as a data: URL: the web chat's fetcher reads it, no network involved. */
function inboundFile(f: { name: string; contentType: string; data: string }): InboundFile {
  return {
    name: f.name,
    contentType: f.contentType,
    size: Math.floor((f.data.length * 3) / 4),
    url: `data:${f.contentType};base64,${f.data}`,
  };
}

/** A transcript line for the page; inbound lines lose the author id (it is always the reader). */
function lineView(line: TranscriptEntry) {
  const { personId: _author, ...message } = line.message;
  return { id: line.id, direction: line.direction, message, at: line.at.toISOString() };
}

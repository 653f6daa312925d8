import type { FastifyReply } from 'fastify';
import type { OutboundMessage } from '../../src/ports/message.types.js';
import type { WebChannel } from './web.channel.js';

/**
 * Live updates as server-sent events, read by the page with fetch streaming (EventSource cannot send
 * an Authorization header). Events: `ready` once subscribed (the page then loads the transcript, so
 * nothing delivered before is missed), `message` per delivered message, and `changed` for one too
 * large to carry or missed while the instances' signal reconnected (load the transcript); a comment line keeps
 * proxies from closing an idle stream.
 */
export class WebStreams {
  private readonly open = new Set<() => void>();

  constructor(
    private readonly channel: WebChannel,
    private readonly keepAliveMs = 15_000,
  ) {}

  /** Streams a conversation's deliveries until the page goes away or the server stops. */
  serve(reply: FastifyReply, conversationId: string): FastifyReply | undefined {
    const raw = reply.raw;
    const send = (event: string, data: unknown) =>
      raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const unsubscribe = this.channel.subscribe(conversationId, (message: OutboundMessage | null) =>
      message ? send('message', message) : send('changed', { conversationId }),
    );
    if (!unsubscribe) {
      return reply
        .code(429)
        .send({ error: { code: 'too_many', message: 'This chat is open in too many pages' } });
    }
    reply.hijack();
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no', // nginx would otherwise hold events back in its buffer
      'x-content-type-options': 'nosniff',
    });
    send('ready', { conversationId });
    const beat = setInterval(() => raw.write(': keep-alive\n\n'), this.keepAliveMs);
    beat.unref();
    const end = () => {
      if (!this.open.delete(end)) return;
      clearInterval(beat);
      unsubscribe();
      raw.end();
    };
    this.open.add(end);
    raw.on('close', end);
    return undefined;
  }

  /** Ends every stream: server close waits for open connections, and a stream never ends by itself. */
  closeAll(): void {
    for (const end of [...this.open]) end();
  }

  get size(): number {
    return this.open.size;
  }
}

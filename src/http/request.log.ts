import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/** A request slower than this is logged at info even when it went well. */
export const SLOW_REQUEST_MS = 1000;

/** Query parameters whose values are secrets wherever they appear. */
const SECRET_PARAM = /token|secret|passw|key|sig|auth|code|session|jwt|cookie/i;
/** Deskbot's and Slack's token shapes, wherever in a URL someone pasted one. */
const TOKEN_SHAPES = /dsk_[A-Za-z0-9_-]+|xox[a-z]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+/g;

/**
 * One line per request after the answer, and one as it comes in at debug. The answer's line is at
 * debug when it went well (one person clicking made some 4,000 info lines in 18 minutes), at info when
 * it was refused (4xx) or slow, at warn when it failed (5xx; the error itself is logged where it
 * happened). The URL is logged without secrets.
 */
export function registerRequestLog(app: FastifyInstance): void {
  const enabled = (level: string) => (app.log as unknown as Logger).isLevelEnabled(level);
  app.addHook('onRequest', async (request) => {
    if (enabled('debug'))
      request.log.debug({ method: request.method, url: loggableUrl(request.url) }, 'incoming request');
  });
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const ms = Math.round(reply.elapsedTime);
    // A live stream is open for as long as the page is: its length says nothing.
    const streaming = String(reply.getHeader('content-type') ?? '').startsWith('text/event-stream');
    const level =
      status >= 500 ? 'warn' : status >= 400 || (ms >= SLOW_REQUEST_MS && !streaming) ? 'info' : 'debug';
    if (!enabled(level)) return;
    request.log[level](
      { method: request.method, url: loggableUrl(request.url), status, ms, ip: request.ip },
      'request',
    );
  });
}

/** The URL with secret query values and anything shaped like a token replaced. */
export function loggableUrl(url: string): string {
  const at = url.indexOf('?');
  const path = (at < 0 ? url : url.slice(0, at)).replace(TOKEN_SHAPES, '[redacted]');
  if (at < 0) return path;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      if (eq >= 0 && SECRET_PARAM.test(safeDecode(name))) return `${name}=[redacted]`;
      return pair.replace(TOKEN_SHAPES, '[redacted]');
    })
    .join('&');
  return `${path}?${query}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

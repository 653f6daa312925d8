import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { WebhookTarget } from '../../src/config/automation.schema.js';
import { DeliveryError } from '../../src/ports/channel.port.js';
import type { TopicHandler } from '../../src/ports/channel-adapter.port.js';
import { guardedLookup, isPrivateAddress } from './address.guard.js';
import { retryAfterMs } from './http.delivery.js';

const TIMEOUT_MS = 10_000;

/** `v1=` and the hex HMAC-SHA256 of `<unix seconds>.<body>`: what a receiver checks (header X-Deskbot-Signature). */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * The outbox topic 'webhook' (a rule's webhook action): POSTs the ticket's facts as JSON to a URL the
 * config lists, signed, never to a private address unless that target allows it; redirects are not
 * followed. 2xx delivered; 429 waits for Retry-After; 5xx and network errors retry; other 4xx are final.
 */
export function webhookSender(o: {
  targets: WebhookTarget[];
  secret: string;
  now?: () => number;
}): TopicHandler {
  const now = o.now ?? Date.now;
  return async (row) => {
    const target = o.targets.find((t) => t.id === row.payload.target);
    if (!target)
      throw new DeliveryError(`no webhook "${String(row.payload.target)}" in the desk config`, false);
    const url = new URL(target.url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && isPrivateAddress(host) && !target.allowPrivate)
      throw new DeliveryError(
        `webhook ${target.id}: ${host} is a private address (allowPrivate is off)`,
        false,
      );
    const body = JSON.stringify({
      event: row.payload.event,
      ticket: row.payload.ticket,
      sentAt: new Date(now()).toISOString(),
    });
    const timestamp = String(Math.floor(now() / 1000));
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'Deskbot-Webhook/1',
      'x-deskbot-timestamp': timestamp,
      'x-deskbot-signature': signWebhook(o.secret, timestamp, body),
    };
    const { status, retryAfter } = await post(url, headers, body, target.allowPrivate);
    if (status >= 200 && status < 300) return 'delivered';
    const what = `webhook ${target.id} answered ${status}`;
    if (status === 429) throw new DeliveryError(what, true, retryAfterMs(retryAfter));
    throw new DeliveryError(what, status >= 500 || status === 408);
  };
}

function post(url: URL, headers: Record<string, string>, body: string, allowPrivate: boolean) {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<{ status: number; retryAfter: string | null }>((resolve, reject) => {
    const req = send(
      url,
      { method: 'POST', headers, lookup: guardedLookup(allowPrivate) as never, timeout: TIMEOUT_MS },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: [res.headers['retry-after']].flat()[0] ?? null,
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err) => {
      const privateRefusal = (err as { code?: string }).code === 'EPRIVATE';
      reject(new DeliveryError(`webhook ${url.host}: ${err.message}`, !privateRefusal));
    });
    req.end(body);
  });
}

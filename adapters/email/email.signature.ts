import { createHmac, timingSafeEqual } from 'node:crypto';

/** A delivery older or newer than this is refused: a captured request cannot be replayed later. */
export const MAX_SKEW_S = 300;

/**
 * Signs an inbound email delivery as the mail provider's forwarder must: `v1=` and the hex HMAC-SHA256,
 * keyed by EMAIL_INBOUND_SECRET, of `<unix seconds>.<the raw body>`.
 */
export function signEmailDelivery(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

export function verifyEmailDelivery(o: {
  secret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer;
  nowMs: number;
}): { ok: true } | { ok: false; reason: string } {
  if (!o.signature || !o.timestamp) return { ok: false, reason: 'no signature or timestamp header' };
  const ts = Number(o.timestamp);
  if (!/^\d{1,12}$/.test(o.timestamp) || Math.abs(o.nowMs / 1000 - ts) > MAX_SKEW_S)
    return { ok: false, reason: 'the timestamp is not within 5 minutes of now' };
  const expected = Buffer.from(signEmailDelivery(o.secret, o.timestamp, o.rawBody));
  const given = Buffer.from(o.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'the signature does not match' };
  return { ok: true };
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack allows five minutes of clock skew either way; older (or future) requests are replays. */
export const MAX_SKEW_SECONDS = 300;

/** Why a request was refused; the route answers 401 for every one of them. */
export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Slack's v0 signature: `v0=` + HMAC-SHA256(secret, `v0:{ts}:{raw body}`), compared in constant time.
 * Bolt rejects old timestamps but not future ones, so the window is checked here both ways.
 */
export function verifySlackSignature(input: {
  signingSecret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer;
  nowMs: number;
}): SignatureVerdict {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad timestamp' };
  if (Math.abs(input.nowMs / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS)
    return { ok: false, reason: 'timestamp outside the five-minute window' };
  const expected = signSlackRequest(input.signingSecret, timestamp, input.rawBody);
  const given = Buffer.from(signature);
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
    return { ok: false, reason: 'bad signature' };
  return { ok: true };
}

/** The signature Slack would send for this body at this time (tests and the fake sign with it too). */
export function signSlackRequest(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

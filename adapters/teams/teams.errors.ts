import { DeliveryError } from '../../src/ports/channel.port.js';
import { TokenError } from './teams.auth.js';

/** Statuses the Bot Connector uses for "try again" (412: a conflicting update; 502/504: the gateway). */
const RETRYABLE = new Set([408, 412, 500, 502, 503, 504]);

/**
 * A connector failure as the outbox reads it: 429 waits Retry-After, 412/5xx and network failures are
 * retried with backoff, any other 4xx is final. Names the call and the status only: the SDK's error
 * objects carry the request, with its bearer token.
 */
export function deliveryError(call: string, err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof TokenError) return new DeliveryError(`${call}: ${err.message}`, err.retryable, 5_000);
  const status = statusOf(err);
  if (status === 429) {
    const seconds = Number(retryAfterOf(err));
    return new DeliveryError(
      `${call}: rate limited (429)`,
      true,
      Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000,
    );
  }
  if (status !== undefined) return new DeliveryError(`${call}: HTTP ${status}`, RETRYABLE.has(status));
  return new DeliveryError(`${call}: no answer from the Bot Connector`, true);
}

export function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: number; response?: { status?: number } };
  return e?.statusCode ?? e?.response?.status;
}

function retryAfterOf(err: unknown): string | undefined {
  const headers = (err as { response?: { headers?: { get?(name: string): string | undefined } } })?.response
    ?.headers;
  return headers?.get?.('retry-after');
}

/** Why a call failed, for a log line: a status or a code, never the SDK's error object. */
export function describeTeamsError(err: unknown): string {
  const status = statusOf(err);
  if (status !== undefined) return `HTTP ${status}`;
  const e = err as { code?: string; name?: string };
  return String(e?.code ?? e?.name ?? 'failed');
}

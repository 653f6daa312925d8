import { webApi } from '@slack/bolt';
import { DeliveryError } from '../../src/ports/channel.port.js';

/** Slack errors (ok:false) that say "try later" rather than "never". */
const TRANSIENT = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/**
 * A Web API failure as the outbox reads it: 429 waits Retry-After, 5xx and network failures are
 * retried, a 4xx or `ok:false` is final. The message names the method and Slack's code only: the
 * SDK's error objects are never passed on, so no request (and no token) reaches a log.
 */
export function deliveryError(method: string, err: unknown): DeliveryError {
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError:
      return new DeliveryError(`${method}: rate limited (429)`, true, Math.max(1, e.retryAfter ?? 1) * 1000);
    case webApi.ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      return new DeliveryError(`${method}: HTTP ${status}`, status >= 500 || status === 408);
    }
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown';
      return new DeliveryError(`${method}: ${code}`, TRANSIENT.has(code));
    }
    case webApi.ErrorCode.RequestError:
      return new DeliveryError(`${method}: no answer from Slack`, true);
    default:
      return new DeliveryError(`${method}: ${err instanceof Error ? err.name : 'failed'}`, true);
  }
}

/** Why a call failed, for a log line: Slack's code, never the SDK's error object. */
export function describeSlackError(err: unknown): string {
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number; message?: string };
  if (e?.data?.error) return `slack error ${e.data.error}`;
  if (e?.statusCode) return `HTTP ${e.statusCode}`;
  return String(e?.code ?? (err instanceof Error ? err.message.replace(/xox\w-[\w-]+/g, '[token]') : err));
}

import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { DeliveryError } from '../../src/ports/channel.port.js';

/**
 * A REST failure as the outbox reads it: a 429 (per route or global) waits `retry_after`, a 5xx or no
 * answer is retried with backoff, any other 4xx is final. The REST client throws on a rate limit longer
 * than a short wait rather than waiting inside the call, so the outbox decides, and never sends twice.
 */
export function deliveryError(call: string, err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof RateLimitError)
    return new DeliveryError(
      `${call}: rate limited (429${err.global ? ', global' : ''})`,
      true,
      Math.max(1, err.retryAfter),
    );
  if (err instanceof DiscordAPIError || err instanceof HTTPError) {
    const status = err.status;
    return new DeliveryError(
      `${call}: HTTP ${status}${err instanceof DiscordAPIError ? ` (${err.code})` : ''}`,
      status >= 500 || status === 408,
    );
  }
  return new DeliveryError(`${call}: no answer from Discord`, true);
}

/** The Discord error code of a failure (10008: unknown message), if it is an API error. */
export function discordCode(err: unknown): number | string | undefined {
  return err instanceof DiscordAPIError ? err.code : undefined;
}

/** Why a call failed, for a log line: the status and Discord's code, never the request (it has the token). */
export function describeDiscordError(err: unknown): string {
  if (err instanceof RateLimitError) return `rate limited on ${err.route}`;
  if (err instanceof DiscordAPIError) return `HTTP ${err.status} (${err.code})`;
  if (err instanceof HTTPError) return `HTTP ${err.status}`;
  return err instanceof Error ? err.name : String(err);
}

import { DeliveryError } from '../../src/ports/channel.port.js';

/** An outbound call gives up after this; the outbox tries again later. */
const TIMEOUT_MS = 10_000;

/**
 * POSTs JSON and maps the answer to the outbox's rules: 2xx delivered; 429 waits at least Retry-After;
 * 5xx, timeouts and network errors retry with backoff; any other 4xx is final.
 */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new DeliveryError(`POST ${new URL(url).host}: ${(err as Error).message}`, true);
  }
  const text = await res.text().catch(() => '');
  if (res.ok) return text ? safeJson(text) : null;
  const what = `POST ${new URL(url).pathname} answered ${res.status}: ${text.slice(0, 200)}`;
  if (res.status === 429) throw new DeliveryError(what, true, retryAfterMs(res.headers.get('retry-after')));
  throw new DeliveryError(what, res.status >= 500 || res.status === 408);
}

/** Retry-After in seconds or as an HTTP date; 1 s when absent or unreadable. */
export function retryAfterMs(value: string | null): number {
  if (!value) return 1000;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - Date.now());
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

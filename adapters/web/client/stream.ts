import { authHeader, session } from './api.js';

/** Live or not, so the page can say so (and poll while it is not). */
export type StreamState = 'live' | 'reconnecting';

/**
 * Reads /web/stream (server-sent events) with fetch, which can send the Authorization header that
 * EventSource cannot. Reconnects with backoff; returns a function that stops it.
 */
export function openStream(
  onEvent: (event: string, data: unknown) => void,
  onState: (s: StreamState) => void,
): () => void {
  let stopped = false;
  let controller: AbortController | undefined;
  let wait = 1000;

  const run = async () => {
    while (!stopped && session.token()) {
      controller = new AbortController();
      try {
        const res = await fetch('/web/stream', { headers: authHeader(), signal: controller.signal });
        if (res.status === 401) return onState('reconnecting');
        if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
        wait = 1000;
        await readEvents(res.body, (event, data) => {
          if (event === 'ready') onState('live');
          onEvent(event, data);
        });
      } catch {
        // Dropped (network, server restart): try again below.
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 15_000);
    }
  };
  void run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}

/** Parses an event stream: "event:" and "data:" lines, a blank line ends an event, ":" lines are comments. */
async function readEvents(body: ReadableStream<Uint8Array>, emit: (event: string, data: unknown) => void) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = 'message';
  let data: string[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line === '') {
        if (data.length > 0) emit(event, JSON.parse(data.join('\n')));
        event = 'message';
        data = [];
      } else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      nl = buffer.indexOf('\n');
    }
  }
}

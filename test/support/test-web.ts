import { expect } from 'vitest';
import { createWebChat, type WebChat } from '../../adapters/web/web.adapter.js';
import { ACTIONS } from '../../src/ports/message.types.js';
import { startTestApi, type TestApi } from './test-api.js';
import type { TestDesk } from './test-desk.js';

/** The HTTP server with the web chat on it, the adapter attached to the desk. */
export async function startTestWeb(
  t: TestDesk,
  options: { demoIdentities?: boolean } = {},
): Promise<TestApi & { web: WebChat }> {
  const web = createWebChat({
    desk: t.desk,
    config: t.config,
    demoIdentities: options.demoIdentities ?? true,
  });
  t.desk.attach(web);
  const api = await startTestApi(t, undefined, [(server) => web.routes!(server)]);
  return { ...api, web };
}

/** One server-sent event as the page reads it. */
export interface StreamEvent {
  event: string;
  data: unknown;
}

/** A page's live stream (GET /web/stream with a Bearer token), read with fetch as the browser does. */
export async function openStream(base: string, token: string) {
  const controller = new AbortController();
  const res = await fetch(`${base}/web/stream`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  const reading = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          for (const w of waiters) w();
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted by close()
    }
  })();

  /** Resolves with the first event that matches, or rejects after `timeoutMs`. */
  const waitFor = (match: (e: StreamEvent) => boolean, timeoutMs = 15_000) =>
    new Promise<StreamEvent>((resolve, reject) => {
      const check = () => {
        const hit = events.find(match);
        if (!hit) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching event in ${JSON.stringify(events)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    waitFor,
    async close() {
      controller.abort();
      await reading;
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: replies are read part by part
type Json = any;

function partsOf(replies: Json[], kind: string): Json[] {
  return replies.flatMap((r) => r.parts).filter((p: Json) => p.kind === kind);
}

/**
 * A requester's whole intake over POST /web/messages: own words, "still need help" if articles were
 * offered, the laptop request type, its form, send. Returns the new ticket's key.
 */
export async function openRequestOverWeb(
  call: (body: Record<string, unknown>) => Promise<{ body: Json }>,
): Promise<string> {
  let replies = (await call({ text: 'My laptop screen keeps flickering after the update' })).body.replies;
  if (partsOf(replies, 'articles').length > 0)
    replies = (await call({ action: ACTIONS.notSolved })).body.replies;
  const select = partsOf(replies, 'select')[0];
  expect(select.options.map((o: Json) => o.value)).toContain('laptop-problem');
  replies = (await call({ action: ACTIONS.chooseType, value: 'laptop-problem' })).body.replies;
  const form = partsOf(replies, 'form')[0].form;
  replies = (await call({ action: form.action, values: { device: 'Laptop', description: 'It flickers' } }))
    .body.replies;
  replies = (await call({ action: ACTIONS.confirm })).body.replies;
  const key = /\[\*\*([A-Z]+-\d+)\*\*\]/.exec(partsOf(replies, 'text')[0].text)?.[1];
  expect(key).toMatch(/^IT-\d+$/);
  return key!;
}

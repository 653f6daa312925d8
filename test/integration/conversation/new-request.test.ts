import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/ports/message.types.js';
import { directMessage, eventCallback } from '../../fakes/slack/slack-payloads.js';
import type { TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';
import { openRequestOverWeb, startTestWeb } from '../../support/test-web.js';
import { openRequestInSlack, postedIn, shown } from '../slack/slack-flow.js';
import { type SlackDesk, startSlackDesk, U } from '../slack/slack-harness.js';

// biome-ignore lint/suspicious/noExplicitAny: replies are read part by part
type Json = any;

const texts = (replies: Json[]) =>
  replies
    .flatMap((r) => r.parts)
    .filter((p: Json) => p.kind === 'text')
    .map((p: Json) => p.text)
    .join('\n');
const buttons = (replies: Json[]) =>
  replies
    .flatMap((r) => r.parts)
    .filter((p: Json) => p.kind === 'buttons')
    .flatMap((p: Json) => p.buttons.map((b: Json) => b.action));

describe(`a new request is a new request: the web chat, one conversation for all (${testBackend()})`, () => {
  let t: TestDesk;
  let api: TestApi;
  let rita: string;
  const send = (body: Record<string, unknown>) =>
    api.call('POST', '/web/messages', rita, { clientId: randomUUID(), ...body });

  beforeEach(async () => {
    t = await testDesk();
    api = await startTestWeb(t);
    rita = await api.tokenFor('rita');
  });
  afterEach(async () => {
    await api.app.close();
  });

  it('an unrelated message after a ticket asks: add it, or start a new request; nothing lands on the ticket unasked', async () => {
    const key = await openRequestOverWeb(send);
    const asked = (await send({ text: 'I need access to GitHub' })).body.replies;
    expect(texts(asked)).toContain(
      `Add this to **${key}** (Laptop or desktop problem: Laptop), or start a new request?`,
    );
    expect(buttons(asked)).toEqual([ACTIONS.addToTicket, ACTIONS.startNew]);
    expect((await api.call('GET', `/api/v1/tickets/${key}/comments`, rita)).body.comments).toEqual([]);
    // "New request" starts the intake with those words: articles or request types, not a comment.
    const fresh = (await send({ action: ACTIONS.startNew })).body.replies;
    expect(texts(fresh)).toMatch(/articles might solve it|Which of these fits best/);
    expect((await api.call('GET', `/api/v1/tickets/${key}/comments`, rita)).body.comments).toEqual([]);
  });

  it('a clear follow-up (the key, thanks, still broken) or "Add" is a comment on the ticket', async () => {
    const key = await openRequestOverWeb(send);
    expect(texts((await send({ text: `Any news on ${key}?` })).body.replies)).toContain(
      `Added to [**${key}**]`,
    );
    expect(texts((await send({ text: 'Still broken after the restart' })).body.replies)).toContain(
      'Added to',
    );
    await send({ text: 'The screen went black again at noon' });
    expect(texts((await send({ action: ACTIONS.addToTicket })).body.replies)).toContain('Added to');
    const comments = (await api.call('GET', `/api/v1/tickets/${key}/comments`, rita)).body.comments;
    expect(comments.map((c: Json) => c.body)).toEqual([
      `Any news on ${key}?`,
      'Still broken after the restart',
      'The screen went black again at noon',
    ]);
  });
});

describe(`a new request is a new request: Slack, a thread per request (${testBackend()})`, () => {
  let sd: SlackDesk;
  beforeEach(async () => {
    sd = await startSlackDesk();
  });
  afterEach(async () => {
    await sd.close();
  });

  it("a new direct message starts a new request; a message in the request's thread is a comment on it", async () => {
    const { key, thread } = await openRequestInSlack(sd, U.rita);
    // In the request's thread: about that request, no question asked.
    await sd.send(
      eventCallback(directMessage(U.rita, 'It happened again just now', { thread_ts: thread.ts })),
    );
    await sd.t.desk.outbox.drain();
    expect(shown(postedIn(sd, thread.channel, thread.ts).at(-1)!)).toContain(`Added to`);
    const rita = await sd.t.person('rita');
    expect((await sd.t.desk.tickets.comments(rita, key)).map((c) => c.body)).toEqual([
      'It happened again just now',
    ]);
    // A new message in the DM, outside the thread: a new request in a thread of its own.
    const dm = directMessage(U.rita, 'The printer on floor 3 does not print');
    await sd.send(eventCallback(dm));
    await sd.t.desk.outbox.drain();
    const answer = shown(postedIn(sd, thread.channel, dm.ts).at(-1)!);
    expect(answer).toMatch(/articles might solve it|Which of these fits best/);
    expect((await sd.t.desk.tickets.comments(rita, key)).map((c) => c.body)).toEqual([
      'It happened again just now',
    ]);
  });
});

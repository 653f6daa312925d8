import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PAGES_PER_CONVERSATION } from '../../../adapters/web/web.channel.js';
import type { TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';
import { openRequestOverWeb, openStream, type StreamEvent, startTestWeb } from '../../support/test-web.js';

let t: TestDesk;
let api: TestApi & Awaited<ReturnType<typeof startTestWeb>>;
const streams: Awaited<ReturnType<typeof openStream>>[] = [];

const textOf = (e: StreamEvent) => JSON.stringify(e.data);

describe(`web chat: live stream (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    api = await startTestWeb(t);
  });
  afterEach(async () => {
    await Promise.all(streams.splice(0).map((s) => s.close()));
    await api.app.close();
  });

  it("pushes a relayed agent reply to the requester's open page, never an internal note", async () => {
    const rita = await api.tokenFor('rita');
    const alice = await api.tokenFor('alice');
    const key = await openRequestOverWeb((body) =>
      api.call('POST', '/web/messages', rita, { clientId: randomUUID(), ...body }),
    );
    await t.desk.outbox.drain(); // the intake's own replies

    const page = await openStream(api.base, rita);
    streams.push(page);
    expect(page.status).toBe(200);
    expect(page.contentType).toMatch(/^text\/event-stream/);
    await page.waitFor((e) => e.event === 'ready');

    const note = await api.call('POST', `/api/v1/tickets/${key}/comments`, alice, {
      body: 'Internal: the GPU driver regression again',
      internal: true,
    });
    expect(note.status).toBe(201);
    const reply = await api.call('POST', `/api/v1/tickets/${key}/comments`, alice, {
      body: 'Please update the display driver, then restart.',
    });
    expect(reply.status).toBe(201);
    await t.desk.outbox.drain(); // relay → a message in Rita's conversation → delivered to her page

    const pushed = await page.waitFor((e) => e.event === 'message' && textOf(e).includes('display driver'));
    expect(textOf(pushed)).toContain('Alice Agent');
    expect(textOf(pushed)).toContain(key);
    expect(page.events.map(textOf).join('\n')).not.toContain('GPU');

    // The same line is in the transcript, so a page that was closed gets it on load.
    const transcript = JSON.stringify((await api.call('GET', '/web/transcript', rita)).body);
    expect(transcript).toContain('display driver');
    expect(transcript).not.toContain('GPU');
  });

  it("pushes to the owner's pages only", async () => {
    const rita = await api.tokenFor('rita');
    const sam = await api.tokenFor('sam');
    const samPage = await openStream(api.base, sam);
    const ritaPage = await openStream(api.base, rita);
    streams.push(samPage, ritaPage);
    await samPage.waitFor((e) => e.event === 'ready');
    await ritaPage.waitFor((e) => e.event === 'ready');
    await api.call('POST', '/web/messages', rita, {
      clientId: randomUUID(),
      text: 'I need a parking permit',
    });
    await t.desk.outbox.drain();
    await ritaPage.waitFor((e) => e.event === 'message');
    expect(samPage.events.filter((e) => e.event === 'message')).toEqual([]);
  });

  it('caps the open pages of one chat and ends every stream when the server closes', async () => {
    const rita = await api.tokenFor('rita');
    for (let i = 0; i < MAX_PAGES_PER_CONVERSATION; i++) {
      const page = await openStream(api.base, rita);
      streams.push(page);
      await page.waitFor((e) => e.event === 'ready');
    }
    const extra = await openStream(api.base, rita);
    streams.push(extra);
    expect(extra.status).toBe(429);
    expect(api.web.streams.size).toBe(MAX_PAGES_PER_CONVERSATION);
    // app.close() waits for open connections: it returns only because the streams were ended.
    await api.app.close();
    expect(api.web.streams.size).toBe(0);
  });
});

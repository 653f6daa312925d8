import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';
import { openRequestOverWeb, startTestWeb } from '../../support/test-web.js';

let t: TestDesk;
let api: TestApi;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

function send(token: string, body: Record<string, unknown>, clientId: string = randomUUID()) {
  return api.call('POST', '/web/messages', token, { clientId, ...body });
}

describe(`web chat: files sent with a message (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    api = await startTestWeb(t);
  });
  afterEach(async () => {
    await api.app.close();
  });

  it('keeps a photo sent in the chat on the request it follows, once, with the same bytes', async () => {
    const rita = await api.tokenFor('rita');
    // Before a request exists the chat says when files are taken.
    const early = await send(rita, {
      files: [{ name: 'e.png', contentType: 'image/png', data: PNG.toString('base64') }],
    });
    expect(JSON.stringify(early.body.replies)).toContain('once your request is open');
    const key = await openRequestOverWeb((body) => send(rita, body));

    const clientId = randomUUID();
    const file = { name: 'screen.png', contentType: 'image/png', data: PNG.toString('base64') };
    const sent = await send(rita, { text: 'This is what I see', files: [file] }, clientId);
    expect(sent.status).toBe(200);
    expect(JSON.stringify(sent.body.replies)).toContain(`Added to`);
    // The page resends after a network failure: the same client id changes nothing.
    expect((await send(rita, { text: 'This is what I see', files: [file] }, clientId)).body.duplicate).toBe(
      true,
    );

    const alice = await api.tokenFor('alice');
    const comments = (await api.call('GET', `/api/v1/tickets/${key}/comments`, alice)).body.comments;
    const files = comments.flatMap((c: { attachments: { url: string; name: string }[] }) => c.attachments);
    expect(files.map((f: { name: string }) => f.name)).toEqual(['screen.png']);
    const bytes = await fetch(`${api.base}${files[0].url}`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    expect(Buffer.from(await bytes.arrayBuffer()).equals(PNG)).toBe(true);
    // The transcript names the file; it does not carry the bytes.
    const transcript = await api.call('GET', '/web/transcript', rita);
    const line = transcript.body.lines.find(
      (l: { message: { text?: string } }) => l.message.text === 'This is what I see',
    );
    expect(line.message.files).toEqual(['screen.png']);
    expect(JSON.stringify(transcript.body)).not.toContain(PNG.toString('base64'));
  });

  it('refuses files with an action, and bytes that are not base64', async () => {
    const rita = await api.tokenFor('rita');
    const withAction = await send(rita, {
      action: 'intake.new',
      files: [{ name: 'a.txt', contentType: 'text/plain', data: 'aGk=' }],
    });
    expect(withAction.status).toBe(400);
    const notBase64 = await send(rita, {
      files: [{ name: 'a.txt', contentType: 'text/plain', data: '<not base64>' }],
    });
    expect(notBase64.status).toBe(400);
    expect(JSON.stringify(notBase64.body)).toContain('files');
  });
});

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { relayMessage } from '../../../src/core/relay/relay.messages.js';
import { openStore } from '../../../src/store/store.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let api: TestApi;
let rita: string;
let alice: string;
let key: string;

/** The smallest PNG there is: a 1×1 transparent pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function upload(token: string, name: string, type: string, bytes: Buffer, ticket = key) {
  const res = await fetch(
    `${api.base}/api/v1/tickets/${ticket}/attachments?name=${encodeURIComponent(name)}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body: new Uint8Array(bytes),
    },
  );
  return { status: res.status, body: await res.json() };
}

async function download(token: string, url: string) {
  const res = await fetch(`${api.base}${url}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe(`attachments on comments (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk({
      tweak: (config) => {
        config.attachments.maxMegabytes = 0.01; // 10 kB: small enough to test the limit
      },
    });
    api = await startTestApi(t);
    rita = await api.tokenFor('rita');
    alice = await api.tokenFor('alice');
    const created = await api.call('POST', '/api/v1/tickets', rita, {
      requestType: 'laptop-problem',
      fields: { device: 'Laptop', description: 'Blue screen' },
    });
    key = created.body.key;
  });
  afterEach(async () => {
    await api.app.close();
  });

  it('a requester sends a photo with a comment; agents see it inline, the bytes come back as sent', async () => {
    const up = await upload(rita, 'C:\\Users\\rita\\Desktop\\error photo.png', 'image/png', PNG);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      name: 'error photo.png',
      contentType: 'image/png',
      size: PNG.length,
      inline: true,
    });
    // Before it is sent, only its uploader sees it.
    expect((await download(alice, up.body.url)).status).toBe(404);
    expect((await download(rita, up.body.url)).status).toBe(200);

    const sent = await api.call('POST', `/api/v1/tickets/${key}/comments`, rita, {
      body: '',
      attachments: [up.body.id],
    });
    expect(sent.status).toBe(201);
    expect(sent.body.attachments).toEqual([up.body]);

    const seen = await api.call('GET', `/api/v1/tickets/${key}/comments`, alice);
    expect(seen.body.comments.at(-1).attachments.map((a: { id: string }) => a.id)).toEqual([up.body.id]);
    const file = await download(alice, up.body.url);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(PNG)).toBe(true);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''error%20photo.png");
    expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');

    // A file goes with one comment only.
    const again = await api.call('POST', `/api/v1/tickets/${key}/comments`, rita, {
      body: 'again',
      attachments: [up.body.id],
    });
    expect(again.status).toBe(400);
    expect(again.body.error.fields.attachments).toMatch(/sent already/);
  });

  it("keeps an internal note's file from the requester, and someone else's upload from a comment", async () => {
    const up = await upload(alice, 'driver-log.pdf', 'application/pdf', PDF);
    expect(up.body.inline).toBe(false);
    // Rita cannot send Alice's upload as her own.
    const stolen = await api.call('POST', `/api/v1/tickets/${key}/comments`, rita, {
      body: 'mine now',
      attachments: [up.body.id],
    });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.fields.attachments).toMatch(/not your upload/);

    const note = await api.call('POST', `/api/v1/tickets/${key}/comments`, alice, {
      body: 'Driver log, for us',
      internal: true,
      attachments: [up.body.id],
    });
    expect(note.status).toBe(201);
    const forRita = await api.call('GET', `/api/v1/tickets/${key}/comments`, rita);
    expect(JSON.stringify(forRita.body)).not.toContain('driver-log');
    expect((await download(rita, up.body.url)).status).toBe(404);
    const forAlice = await download(alice, up.body.url);
    expect(forAlice.status).toBe(200);
    expect(forAlice.headers.get('content-disposition')).toMatch(/^attachment;/);
    // And the relay to the requester never carried it: no relay row for an internal note.
    const outbox = await t.store.database.db.execute(
      sql`SELECT topic, payload FROM outbox WHERE topic = 'relay'`,
    );
    expect(JSON.stringify(outbox)).not.toContain('driver-log');
  });

  it('refuses by name what the desk does not take: too large, a type not listed, a lie about the type, empty', async () => {
    const big = await upload(rita, 'big.png', 'image/png', Buffer.concat([PNG, Buffer.alloc(20_000)]));
    expect(big.status).toBe(413);
    const svg = await upload(rita, 'x.svg', 'image/svg+xml', Buffer.from('<svg onload="alert(1)"/>'));
    expect(svg.status).toBe(400);
    expect(svg.body.error.fields.file).toMatch(/must be one of: image\/png/);
    const fake = await upload(rita, 'x.png', 'image/png', Buffer.from('<html><script>alert(1)</script>'));
    expect(fake.status).toBe(400);
    expect(fake.body.error.fields.file).toBe('is not a PNG file');
    const empty = await upload(rita, 'x.txt', 'text/plain', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    const traversal = await upload(rita, '../../etc/passwd', 'text/plain', Buffer.from('hi'));
    expect(traversal.body.name).toBe('passwd');
    const nul = await fetch(`${api.base}/api/v1/tickets/${key}/attachments?name=a%00b`, {
      method: 'POST',
      headers: { authorization: `Bearer ${rita}`, 'content-type': 'text/plain' },
      body: 'hi',
    });
    expect(nul.status).toBe(400);
    // Not someone else's ticket: Sam sees no ticket of Rita's.
    const sam = await api.tokenFor('sam');
    expect((await upload(sam, 'x.txt', 'text/plain', Buffer.from('hi'))).status).toBe(404);
    // Nothing stored was lost on the way: the ticket still has its one comment-less thread.
    expect((await api.call('GET', `/api/v1/tickets/${key}/comments`, rita)).body.comments).toEqual([]);
  });

  it('removes uploads never sent with a comment after a day, and keeps those that were', async () => {
    const sent = await upload(rita, 'sent.png', 'image/png', PNG);
    await api.call('POST', `/api/v1/tickets/${key}/comments`, rita, {
      body: 'with it',
      attachments: [sent.body.id],
    });
    const abandoned = await upload(rita, 'abandoned.png', 'image/png', PNG);
    t.clock.advance(23 * 3_600_000);
    expect(await t.desk.attachments.sweep()).toBe(0); // not a day yet
    t.clock.advance(2 * 3_600_000);
    expect(await t.desk.attachments.sweep()).toBe(1);
    expect((await download(rita, abandoned.body.url)).status).toBe(404);
    expect(await t.store.attachments.bytes(abandoned.body.id)).toBeNull();
    expect((await download(alice, sent.body.url)).status).toBe(200);
  });

  it("tells the requester's chat that a reply came with files, and where to see them", () => {
    const message = relayMessage(
      { type: 'comment', body: 'Here is the fix', attachments: ['steps.pdf'] },
      'Alice Agent',
      '[IT-1](/requests/IT-1)',
    );
    expect(message?.parts[0]).toMatchObject({
      text: expect.stringContaining('📎 steps.pdf: open [IT-1](/requests/IT-1) to see them.'),
    });
  });
});

describe('where the bytes are kept', () => {
  it('under DATA_DIR/attachments on the embedded default, named by id only', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'deskbot-files-'));
    const store = await openStore({ dataDir });
    try {
      const blobs = (store.attachments as unknown as { blobs: { put(id: string, b: Buffer): Promise<void> } })
        .blobs;
      const id = '00000000-0000-4000-8000-000000000001';
      await blobs.put(id, PNG);
      expect(existsSync(join(dataDir, 'attachments', id))).toBe(true);
      expect((await readFile(join(dataDir, 'attachments', id))).equals(PNG)).toBe(true);
      expect((await store.attachments.bytes(id))?.equals(PNG)).toBe(true);
      await expect(blobs.put('../escape', PNG)).rejects.toThrow(/not an attachment id/);
      await (blobs as unknown as { remove(ids: string[]): Promise<void> }).remove([id]);
      expect(existsSync(join(dataDir, 'attachments', id))).toBe(false);
    } finally {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

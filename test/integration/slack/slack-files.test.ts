import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { channelMessage, directMessage, eventCallback } from '../../fakes/slack/slack-payloads.js';
import { testBackend } from '../../support/test-store.js';
import { openRequestInSlack, postedIn, shown } from './slack-flow.js';
import { BOT_TOKEN, type SlackDesk, startSlackDesk, U } from './slack-harness.js';

// biome-ignore lint/suspicious/noExplicitAny: REST answers are read field by field
type Json = any;

const TRIAGE = 'C0IT4TRIAGE';
/** The smallest PNG there is: a 1×1 transparent pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

let sd: SlackDesk;
let key: string;
let thread: { channel: string; ts: string };

/** A person's message with files, as Slack sends it: subtype file_share, often with no text at all. */
function withFiles(message: Json, files: Json[]): Json {
  return { ...message, subtype: 'file_share', upload: false, files };
}

/** Every attachment of the ticket's comments, as `who` sees them over REST. */
async function attachmentsFor(who: string): Promise<Json[]> {
  const token = await sd.api.tokenFor(who);
  const seen = await sd.api.call('GET', `/api/v1/tickets/${key}/comments`, token);
  expect(seen.status).toBe(200);
  return seen.body.comments.flatMap((c: Json) => c.attachments ?? []);
}

async function download(who: string, url: string): Promise<Buffer> {
  const res = await fetch(`${sd.api.base}${url}`, {
    headers: { authorization: `Bearer ${await sd.api.tokenFor(who)}` },
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe(`Slack: files sent in messages (${testBackend()})`, () => {
  beforeEach(async () => {
    sd = await startSlackDesk();
    ({ key, thread } = await openRequestInSlack(sd, U.rita));
  });
  afterEach(async () => {
    await sd.close();
  });

  it("a PNG alone in the request's thread becomes a comment with the same bytes; a retry attaches nothing more", async () => {
    const file = sd.fake.uploadFile(PNG, { name: 'error.png', mimetype: 'image/png' });
    const delivery = eventCallback(
      withFiles(directMessage(U.rita, '', { thread_ts: thread.ts }), [file]),
      'EvFILE1',
    );
    const from = sd.fake.calls.length;
    expect((await sd.send(delivery)).status).toBe(200);
    await sd.t.desk.outbox.drain();
    expect(shown(postedIn(sd, thread.channel, thread.ts, from).at(-1)!)).toContain('Added to');
    // Fetched once, from url_private_download, with the bot token.
    expect(sd.fake.fileGets).toEqual([
      { path: new URL(file.url_private_download).pathname, token: BOT_TOKEN },
    ]);

    const [seen, ...more] = await attachmentsFor('alice');
    expect(more).toEqual([]);
    expect(seen).toMatchObject({ name: 'error.png', contentType: 'image/png', size: PNG.length });
    expect((await download('alice', seen.url)).equals(PNG)).toBe(true);
    expect((await attachmentsFor('rita')).map((a) => a.id)).toEqual([seen.id]);

    // Slack delivers it again (same event_id): recorded already, nothing fetched or attached.
    expect((await sd.send(delivery, { retryNum: 1 })).status).toBe(200);
    await sd.t.desk.outbox.drain();
    expect(sd.fake.fileGets).toHaveLength(1);
    expect(await attachmentsFor('alice')).toHaveLength(1);
  });

  it("an agent's file in the triage thread is an internal note: agents see it, the requester does not", async () => {
    const ticket = (await sd.t.store.tickets.byKey(key))!;
    const cardTs = (await sd.t.desk.posts.find('slack', 'triage_card', ticket.id))!.messageId;
    const log = Buffer.from('boot: display driver crashed\n');
    const file = sd.fake.uploadFile(log, { name: 'boot.log.txt', mimetype: 'text/plain' });
    const note = withFiles(channelMessage(TRIAGE, U.alice, 'Log from the laptop', cardTs), [file]);
    expect((await sd.send(eventCallback(note))).status).toBe(200);
    await sd.t.desk.outbox.drain();

    const forAgents = await attachmentsFor('alice');
    expect(forAgents.map((a) => a.name)).toEqual(['boot.log.txt']);
    expect((await download('bob', forAgents[0].url)).equals(log)).toBe(true);
    expect(await attachmentsFor('rita')).toEqual([]);
    const comments = await sd.t.desk.tickets.comments(await sd.t.person('alice'), key);
    expect(comments.at(-1)).toMatchObject({ body: 'Log from the laptop', internal: true });
  });

  it('a file whose URL is on another host is refused unfetched, and the reply names it', async () => {
    const elsewhere = await new FakeSlack().start();
    try {
      elsewhere.fileToken = BOT_TOKEN;
      const file = elsewhere.uploadFile(PNG, { name: 'bait.png', mimetype: 'image/png' });
      const message = withFiles(directMessage(U.rita, 'see this', { thread_ts: thread.ts }), [file]);
      const from = sd.fake.calls.length;
      expect((await sd.send(eventCallback(message))).status).toBe(200);
      await sd.t.desk.outbox.drain();
      expect(elsewhere.fileGets).toEqual([]);
      expect(shown(postedIn(sd, thread.channel, thread.ts, from).at(-1)!)).toContain(
        'bait.png: could not be fetched from slack',
      );
      // The words still went, without the file.
      expect(await attachmentsFor('alice')).toEqual([]);
      const comments = await sd.t.desk.tickets.comments(await sd.t.person('alice'), key);
      expect(comments.at(-1)?.body).toBe('see this');
    } finally {
      await elsewhere.stop();
    }
  });

  it('without files:read Slack answers its sign-in page: the file is named as not fetched', async () => {
    sd.fake.filesRead = false;
    const file = sd.fake.uploadFile(PNG, { name: 'error.png', mimetype: 'image/png' });
    const from = sd.fake.calls.length;
    await sd.send(eventCallback(withFiles(directMessage(U.rita, '', { thread_ts: thread.ts }), [file])));
    await sd.t.desk.outbox.drain();
    expect(sd.fake.fileGets).toHaveLength(1);
    expect(shown(postedIn(sd, thread.channel, thread.ts, from).at(-1)!)).toContain(
      'error.png: could not be fetched from slack',
    );
    expect(await attachmentsFor('alice')).toEqual([]);
  });

  it('a mention with a file only reaches the core, which fetches nothing before a request exists', async () => {
    const file = sd.fake.uploadFile(PNG, { name: 'error.png', mimetype: 'image/png' });
    const mention = {
      ...withFiles(channelMessage('CGENERAL', U.sam, '<@UBOT>'), [file]),
      type: 'app_mention',
    };
    await sd.send(eventCallback(mention));
    await sd.t.desk.outbox.drain();
    expect(shown(postedIn(sd, 'CGENERAL', mention.ts).at(-1)!)).toMatch(/once your request is open/);
    expect(sd.fake.fileGets).toEqual([]);
  });

  it('the fetcher stops past maxBytes, declared or not, and refuses a wrong token', async () => {
    const big = Buffer.alloc(64 * 1024, 1);
    const fetchFile = sd.slack.files!;
    const asFile = (f: Json) => ({ name: f.name, contentType: f.mimetype, url: f.url_private_download });
    const declared = sd.fake.uploadFile(big, { name: 'a.zip', mimetype: 'application/zip', size: 10 });
    await expect(fetchFile(asFile(declared), 1000)).rejects.toThrow(/larger than 1000 bytes/);
    const streamed = sd.fake.uploadFile(big, { name: 'b.zip', mimetype: 'application/zip', chunked: true });
    await expect(fetchFile(asFile(streamed), 1000)).rejects.toThrow(/larger than 1000 bytes/);
    expect((await fetchFile(asFile(streamed), big.length)).equals(big)).toBe(true);
    // url_private serves too, for events that carry no url_private_download.
    expect((await fetchFile({ ...asFile(streamed), url: streamed.url_private }, big.length)).length).toBe(
      big.length,
    );

    sd.fake.fileToken = 'xoxb-another-token';
    await expect(fetchFile(asFile(streamed), big.length)).rejects.toThrow(/401/);
    const gets = sd.fake.fileGets.length;
    await expect(
      fetchFile({ ...asFile(streamed), url: 'https://files.slack.com.evil.example/x' }, 10),
    ).rejects.toThrow(/is not where this file may come from/);
    expect(sd.fake.fileGets).toHaveLength(gets);
  });
});

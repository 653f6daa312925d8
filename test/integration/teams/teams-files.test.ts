import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../../src/ports/store.port.js';
import type { TeamsUser } from '../../fakes/teams/fake-teams.js';
import {
  channelMessage,
  fileAttachment,
  inlineImage,
  personalChat,
  personalMessage,
  withFiles,
} from '../../fakes/teams/teams-activities.js';
import { testBackend } from '../../support/test-store.js';
import { actionData, openRequestInTeams, postedIn, shown } from './teams-flow.js';
import { startTeamsDesk, T, type TeamsDesk } from './teams-harness.js';

const TRIAGE = '19:it-triage@thread.tacv2';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 7), Buffer.from('\n%%EOF\n')]);

let td: TeamsDesk;
let key: string;
let rita: Person;
let alice: Person;
/** Another host on the network, which must never be asked for a file. */
let foreign: Server;
let foreignBase: string;
const foreignHits: string[] = [];

/** The ticket's last comment, with its attachments' names and bytes, as `who` may see them. */
async function lastComment(who: Person) {
  const ticket = await td.t.desk.tickets.get(who, key);
  const comments = await td.t.desk.tickets.comments(who, key);
  const last = comments.at(-1)!;
  const files = (await td.t.desk.attachments.byComment(who, ticket)).get(last.id) ?? [];
  const read = await Promise.all(files.map((f) => td.t.desk.attachments.read(who, key, f.id)));
  return { comment: last, files: read.map((r) => ({ name: r.file.name, bytes: r.bytes })) };
}

async function allFiles(who: Person): Promise<string[]> {
  const ticket = await td.t.desk.tickets.get(who, key);
  return [...(await td.t.desk.attachments.byComment(who, ticket)).values()].flat().map((f) => f.name);
}

async function sendIn(user: TeamsUser, attachments: Record<string, unknown>[], text = '') {
  const activity = withFiles(personalMessage(td.fake, user, ''), attachments, text);
  expect((await td.send(activity)).status).toBe(200);
  await td.settle();
  return activity;
}

describe(`Teams: files sent in chat become attachments (${testBackend()})`, () => {
  beforeAll(async () => {
    td = await startTeamsDesk();
    foreign = createServer((req, res) => {
      foreignHits.push(req.url ?? '');
      res.end('%PDF-stolen');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    foreignBase = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
    ({ key } = await openRequestInTeams(td, T.rita, 'my monitor keeps flickering since this morning'));
    rita = (await td.t.store.people.byEmail('rita@acme.example'))!;
    alice = (await td.t.store.people.byEmail('alice@acme.example'))!;
  });
  afterAll(async () => {
    await td.close();
    await new Promise<void>((resolve) => foreign.close(() => resolve()));
  });

  it("a file in the requester's chat: a public comment with the same bytes, fetched without a token", async () => {
    const url = td.fake.files.download(PDF);
    await sendIn(T.rita, [fileAttachment('dxdiag.pdf', url)], 'Here is the diagnostics report');
    const { comment, files } = await lastComment(alice);
    expect(comment).toMatchObject({ body: 'Here is the diagnostics report', internal: false });
    expect(files.map((f) => f.name)).toEqual(['dxdiag.pdf']);
    expect(files[0]!.bytes.equals(PDF)).toBe(true);
    // SharePoint's download URL is pre-authenticated: the bot's token never goes there.
    expect(td.fake.files.fetchesOf(url)).toEqual([
      expect.not.objectContaining({ authorization: expect.anything() }),
    ]);
    expect(shown(postedIn(td, personalChat(T.rita).id).at(-1)!)).toContain(`Added to`);
  });

  it('a pasted picture alone (no words) reaches the core, fetched from the connector with the bot token', async () => {
    const url = td.fake.files.inline(PNG);
    await sendIn(T.rita, inlineImage(url));
    const { files } = await lastComment(rita);
    expect(files.map((f) => f.name)).toEqual(['image.png']);
    expect(files[0]!.bytes.equals(PNG)).toBe(true);
    const [fetched] = td.fake.files.fetchesOf(url);
    expect(td.fake.issued.map((t) => `Bearer ${t}`)).toContain(fetched?.authorization);
  });

  it("an agent's picture in the card's reply chain is an internal note: agents see it, the requester not", async () => {
    const created = td.fake.calls.find(
      (c) => c.path.endsWith('/v3/conversations') && c.body.isGroup === true,
    )!;
    const url = td.fake.files.inline(PNG);
    const note = channelMessage(td.fake, T.alice, { channel: TRIAGE, root: created.responseId! }, '');
    expect((await td.send(withFiles(note, inlineImage(url), 'Screenshot of the driver panel'))).status).toBe(
      200,
    );
    await td.settle();
    const { comment, files } = await lastComment(alice);
    expect(comment).toMatchObject({ body: 'Screenshot of the driver panel', internal: true });
    expect(files.map((f) => f.name)).toEqual(['image.png']);
    expect(await allFiles(alice)).toEqual(['dxdiag.pdf', 'image.png', 'image.png']);
    expect(await allFiles(rita)).toEqual(['dxdiag.pdf', 'image.png']);
  });

  it('a download URL on a foreign host, or a picture off the service URL, is refused without a request', async () => {
    const before = await allFiles(alice);
    await sendIn(T.rita, [
      fileAttachment('payroll.pdf', `${foreignBase}/download.aspx?UniqueId=1`),
      { contentType: 'image/png', contentUrl: `${foreignBase}/v3/attachments/x/views/original` },
    ]);
    expect(foreignHits).toEqual([]);
    expect(await allFiles(alice)).toEqual(before);
    const answer = shown(postedIn(td, personalChat(T.rita).id).at(-1)!);
    expect(answer).toContain('payroll.pdf: could not be fetched from teams');
    expect(answer).toContain('image.png: could not be fetched from teams');
  });

  it('a retried activity (same id) attaches its file once', async () => {
    const before = (await allFiles(alice)).length;
    const url = td.fake.files.download(PDF);
    const activity = await sendIn(T.rita, [fileAttachment('again.pdf', url)], 'Once more');
    expect((await td.send(activity)).status).toBe(200);
    await td.settle();
    expect((await allFiles(alice)).length).toBe(before + 1);
    expect(td.fake.files.fetchesOf(url)).toHaveLength(1);
  });

  it('the fetcher stops past the limit, and cards and HTML are not files', async () => {
    for (const chunked of [false, true]) {
      const url = td.fake.files.download(PDF, { chunked });
      const big = { name: 'big.pdf', contentType: 'application/pdf', url };
      await expect(td.teams.files!(big, 1024)).rejects.toThrow(/larger/);
      expect((await td.teams.files!(big, PDF.length)).equals(PDF)).toBe(true);
    }
    const before = (await allFiles(alice)).length;
    await sendIn(
      T.rita,
      [
        { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } },
        { contentType: 'text/html', content: '<p>Still flickering</p>' },
      ],
      'Still flickering',
    );
    expect((await allFiles(alice)).length).toBe(before);
    // Words alone in the one personal chat: Deskbot asks whether they are about the request.
    expect(actionData(postedIn(td, personalChat(T.rita).id).at(-1)!, 'intake.add_to_ticket')).toBeDefined();
  });
});

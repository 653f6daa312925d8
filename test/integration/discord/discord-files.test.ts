import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DISCORD_FILE_ORIGINS,
  discordFileFetcher,
  isAllowedFileUrl,
} from '../../../adapters/discord/discord.file-fetcher.js';
import type { Person } from '../../../src/ports/store.port.js';
import { dm, guildMessage, withFiles } from '../../fakes/discord/discord-events.js';
import { testBackend } from '../../support/test-store.js';
import { openRequestInDiscord, openRequestInThread, postedIn, shown } from './discord-flow.js';
import { D, type DiscordDesk, GENERAL, IT_TRIAGE, startDiscordDesk } from './discord-harness.js';

/** The smallest PNG there is: a 1×1 transparent pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

let dd: DiscordDesk;
/** Another origin on this machine: whatever reaches it was fetched where it must not be. */
let foreign: Server;
let foreignHits: string[] = [];
let foreignBase = '';

describe(`Discord: files sent in DMs and threads reach the ticket (${testBackend()})`, () => {
  let key: string;
  let rita: Person;
  let alice: Person;
  const ritaDm = () => dd.dmOf(D.rita);
  const cdnGets = () => dd.fake.of('GET', /^\/attachments\//);
  /** Files on the ticket's comments that `who` may see, by comment id. */
  const filesFor = async (who: Person, ticketKey = key) => {
    const ticket = await dd.t.desk.tickets.get(who, ticketKey);
    return dd.t.desk.attachments.byComment(who, ticket);
  };
  const names = async (who: Person, ticketKey = key) =>
    [...(await filesFor(who, ticketKey)).values()].flat().map((f) => f.name);
  const lastSaid = (channel: string) => shown(postedIn(dd, channel).at(-1)!.body);

  beforeAll(async () => {
    // 10 kB: small enough to send a file over the desk's limit.
    dd = await startDiscordDesk({
      tweak: (config) => {
        config.attachments.maxMegabytes = 0.01;
      },
    });
    foreign = createServer((req, res) => {
      foreignHits.push(req.url ?? '');
      if (req.url === '/redirect') {
        res.writeHead(302, { location: `${foreignBase}/png` });
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'image/png' });
      if (req.url !== '/endless') return void res.end(PNG);
      // Never ends by itself: only a reader that stops lets the test finish.
      const more = (): unknown =>
        res.write(Buffer.alloc(65_536), (err) => !err && !res.destroyed && setImmediate(more));
      more();
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    foreignBase = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
    alice = await dd.t.person('alice');
    ({ key } = await openRequestInDiscord(dd, D.rita));
    // Discord gives no email: Rita here is the person of her Discord account, not the desk's rita.
    rita = await dd.t.desk.identities.personOf({ platform: 'discord', workspace: '', externalId: D.rita.id });
  });
  afterAll(async () => {
    await dd.close();
    foreign.closeAllConnections();
    await new Promise((resolve) => foreign.close(resolve));
  });

  it('a PNG alone in the DM: a public comment with the same bytes, fetched from the CDN with no token', async () => {
    const id = dd.fake.nextId();
    const png = dd.fake.cdn.add(ritaDm(), id, 'error.png', PNG, { contentType: 'image/png' });
    await dd.dispatch('MESSAGE_CREATE', withFiles({ ...dm(dd.fake, D.rita, ritaDm(), ''), id }, [png]));

    expect(lastSaid(ritaDm())).toContain(`Added to`);
    const comment = (await dd.t.desk.tickets.comments(alice, key)).at(-1)!;
    expect(comment).toMatchObject({ body: '', internal: false });
    const [file] = (await filesFor(alice)).get(comment.id) ?? [];
    expect(file).toMatchObject({ name: 'error.png', contentType: 'image/png', size: PNG.length });
    const { bytes } = await dd.t.desk.attachments.read(rita, key, file!.id);
    expect(bytes.equals(PNG)).toBe(true);
    // Discord's CDN URLs are signed: the bot token goes nowhere near them.
    expect(cdnGets()).toHaveLength(1);
    expect(cdnGets()[0]!.authorization).toBeUndefined();
  });

  it("in a request's own thread, words with files are a public comment; a missing type comes from the name", async () => {
    const thread = await openRequestInThread(dd, D.rita, GENERAL, 'The dock does not charge my laptop');
    const png = dd.fake.cdn.add(thread.channel, dd.fake.nextId(), 'dock.png', PNG, {
      contentType: 'image/png',
    });
    const log = dd.fake.cdn.add(
      thread.channel,
      dd.fake.nextId(),
      'boot.log',
      Buffer.from('dock: no power\n'),
      {
        contentType: null,
      },
    );
    const said = guildMessage(dd.fake, D.rita, thread.channel, 'Photo and log attached');
    await dd.dispatch('MESSAGE_CREATE', withFiles(said, [png, log]));

    const comment = (await dd.t.desk.tickets.comments(alice, thread.key)).at(-1)!;
    expect(comment).toMatchObject({ body: 'Photo and log attached', internal: false });
    const files = (await filesFor(rita, thread.key)).get(comment.id) ?? [];
    expect(files.map((f) => [f.name, f.contentType]).sort()).toEqual([
      ['boot.log', 'text/plain'],
      ['dock.png', 'image/png'],
    ]);
  });

  it("an agent's file in the card's thread is an internal note's: listed for agents, not the requester", async () => {
    const { code } = await dd.t.desk.identities.issueCode(alice);
    await dd.dispatch('MESSAGE_CREATE', dm(dd.fake, D.alice, dd.dmOf(D.alice), `link ${code}`));
    const card = postedIn(dd, IT_TRIAGE).find((c) => shown(c.body).includes(key))!;
    const room = card.responseId!;
    const before = dd.fake.calls.length;
    const shot = dd.fake.cdn.add(room, dd.fake.nextId(), 'driver.png', PNG, { contentType: 'image/png' });
    await dd.dispatch(
      'MESSAGE_CREATE',
      withFiles(guildMessage(dd.fake, D.alice, room, 'Driver screen'), [shot]),
    );

    const note = (await dd.t.desk.tickets.comments(alice, key)).at(-1)!;
    expect(note).toMatchObject({ body: 'Driver screen', internal: true });
    expect((await filesFor(alice)).get(note.id)?.map((f) => f.name)).toEqual(['driver.png']);
    expect(await names(rita)).not.toContain('driver.png');
    const toRita = postedIn(dd, ritaDm(), before).map((c) => shown(c.body));
    expect(toRita.join('\n')).not.toMatch(/Driver screen|driver\.png/);
  });

  it('a URL on another origin is never fetched: the words go, the file is named as not attached', async () => {
    const own = dd.fake.cdn.add(ritaDm(), dd.fake.nextId(), 'x.png', PNG, { contentType: 'image/png' });
    const elsewhere = { ...own, url: own.url.replace(dd.fake.base, foreignBase) };
    const before = cdnGets().length;
    await dd.dispatch(
      'MESSAGE_CREATE',
      withFiles(dm(dd.fake, D.rita, ritaDm(), `About ${key}: the screen`), [elsewhere]),
    );
    expect(foreignHits).toEqual([]);
    expect(cdnGets()).toHaveLength(before);
    expect(lastSaid(ritaDm())).toContain('x.png: could not be fetched from discord');
    expect(await names(alice)).not.toContain('x.png');
  });

  it('only Discord’s CDN origins (and the fake’s, exactly) are allowed, never a look-alike', () => {
    const origins = [...DISCORD_FILE_ORIGINS, dd.fake.base];
    expect(isAllowedFileUrl('https://cdn.discordapp.com/attachments/1/2/a.png?ex=1&hm=2', origins)).toBe(
      true,
    );
    expect(isAllowedFileUrl('https://media.discordapp.net/attachments/1/2/a.png', origins)).toBe(true);
    expect(isAllowedFileUrl(`${dd.fake.base}/attachments/1/2/a.png`, origins)).toBe(true);
    for (const url of [
      'http://cdn.discordapp.com/attachments/1/2/a.png',
      'https://cdn.discordapp.com.evil.example/a.png',
      'https://cdn.discordapp.com:8443/a.png',
      'https://evil.example/?u=https://cdn.discordapp.com/a.png',
      `${foreignBase}/attachments/1/2/a.png`,
      'not a url',
    ])
      expect(isAllowedFileUrl(url, origins), url).toBe(false);
  });

  it('the fetcher stops reading past the limit and follows no redirect', async () => {
    const fetchFile = discordFileFetcher([foreignBase]);
    const file = (path: string) => ({
      name: 'a.png',
      contentType: 'image/png',
      url: `${foreignBase}${path}`,
    });
    expect((await fetchFile(file('/png'), 10_000)).equals(PNG)).toBe(true);
    await expect(fetchFile(file('/endless'), 100_000)).rejects.toThrow(/larger than/);
    foreignHits = [];
    await expect(fetchFile(file('/redirect'), 10_000)).rejects.toThrow();
    expect(foreignHits).toEqual(['/redirect']);
    foreignHits = [];
  });

  it('too large by Discord’s word: not fetched; by the bytes that arrive (the size lied): refused', async () => {
    const big = Buffer.alloc(200_000, 1);
    const said = dd.fake.cdn.add(ritaDm(), dd.fake.nextId(), 'said.zip', big, {
      contentType: 'application/zip',
    });
    const lied = dd.fake.cdn.add(ritaDm(), dd.fake.nextId(), 'lied.zip', big, {
      contentType: 'application/zip',
      size: 100,
    });
    const before = cdnGets().length;
    await dd.dispatch('MESSAGE_CREATE', withFiles(dm(dd.fake, D.rita, ritaDm(), ''), [said, lied]));
    expect(
      cdnGets()
        .slice(before)
        .map((c) => c.path),
    ).toEqual([expect.stringContaining('lied.zip')]);
    expect(lastSaid(ritaDm())).toContain('said.zip: larger than the desk takes');
    expect(lastSaid(ritaDm())).toContain('lied.zip: could not be fetched from discord');
    expect(await names(alice)).not.toContain('lied.zip');
  });

  it('a retried delivery of the same message attaches its file once', async () => {
    const receive = vi.spyOn(dd.t.desk.inbound, 'receive');
    const png = dd.fake.cdn.add(ritaDm(), dd.fake.nextId(), 'again.png', PNG, { contentType: 'image/png' });
    const said = withFiles(dm(dd.fake, D.rita, ritaDm(), ''), [png]);
    await dd.dispatch('MESSAGE_CREATE', said);
    await dd.dispatch('MESSAGE_CREATE', said); // discord.js drops it: still in the channel's cache
    // Past the client's cache (200 messages a channel), the replay reaches the desk's inbox.
    for (let i = 0; i < 200; i++) dd.fake.dispatch('MESSAGE_CREATE', dm(dd.fake, D.otherBot, ritaDm(), 'x'));
    dd.fake.dispatch('MESSAGE_CREATE', said);
    const deliveries = () => receive.mock.calls.filter(([event]) => event.deliveryId === `m:${said.id}`);
    // 200 events on the gateway take a while on a busy machine: wait for the replay itself.
    await vi.waitFor(() => expect(deliveries()).toHaveLength(2), { timeout: 5_000 });
    await dd.settle();
    receive.mockRestore();
    expect(cdnGets().filter((c) => c.path.includes('again.png'))).toHaveLength(1);
    expect((await names(alice)).filter((n) => n === 'again.png')).toHaveLength(1);
  });
});

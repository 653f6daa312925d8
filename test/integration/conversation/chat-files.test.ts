import { beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS, type InboundFile } from '../../../src/ports/message.types.js';
import { RecordingChannel } from '../../support/recording-channel.js';
import { TestChat } from '../../support/test-chat.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const photo: InboundFile = {
  name: 'error.png',
  contentType: 'image/png',
  size: PNG.length,
  url: 'test://error.png',
};

let t: TestDesk;
let rita: TestChat;
let fetched: string[];

describe(`files sent in chat (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    fetched = [];
    const channel = new RecordingChannel();
    t.desk.attach({
      platform: 'test',
      label: 'test',
      channel,
      files: async (file) => {
        fetched.push(file.url);
        if (file.url === 'test://gone') throw new Error('404 from the platform');
        if (file.url === 'test://svg') return Buffer.from('<svg onload="alert(1)"/>');
        if (file.url === 'test://jpeg') return Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);
        return file.url === 'test://fake.png' ? Buffer.from('<html>') : PNG;
      },
      start: async () => {},
      stop: async () => {},
    });
    rita = new TestChat(t, await t.person('rita'), { threaded: true });
  });

  const openTicket = () => rita.openLaptopRequest();

  const filesOf = async (key: string, who: Parameters<typeof t.desk.tickets.comments>[0]) => {
    const ticket = await t.desk.tickets.get(who, key);
    const byComment = await t.desk.attachments.byComment(who, ticket);
    return [...byComment.values()].flat().map((f) => f.name);
  };

  it('a photo after the request becomes a comment with the file; what is refused is named', async () => {
    await rita.sendFiles([photo]);
    // Before there is a request, files are not taken (and not fetched).
    expect(rita.text()).toMatch(/once your request is open/);
    expect(fetched).toEqual([]);
    const key = await openTicket();

    await rita.sendFiles(
      [
        photo,
        { name: 'gone.png', contentType: 'image/png', url: 'test://gone' },
        { name: 'fake.png', contentType: 'image/png', url: 'test://fake.png' },
        { name: 'huge.zip', contentType: 'application/zip', size: 50 * 1024 * 1024, url: 'test://huge' },
        { name: 'page.svg', contentType: 'image/svg+xml', url: 'test://svg' },
      ],
      'Here is the screen',
    );
    expect(rita.text()).toContain(`Added to`);
    expect(rita.text()).toContain('- gone.png: could not be fetched from test');
    expect(rita.text()).toContain('- fake.png: is not a PNG file');
    expect(rita.text()).toContain('- huge.zip: larger than the desk takes');
    expect(rita.text()).toMatch(/- page\.svg: must be one of/);
    expect(fetched).not.toContain('test://huge'); // too large by what the platform said: never fetched
    // A picture the platform called a PNG (it gave no type) that is a JPEG is kept as what it is.
    await rita.sendFiles([{ name: 'pasted', contentType: 'image/png', url: 'test://jpeg' }]);
    const ticket = await t.desk.tickets.get(rita.person, key);
    const kept = [...(await t.desk.attachments.byComment(rita.person, ticket)).values()].flat();
    expect(kept.map((f) => [f.name, f.contentType])).toContainEqual(['pasted', 'image/jpeg']);
    const alice = await t.person('alice');
    expect(await filesOf(key, alice)).toEqual(['error.png', 'pasted']);
    const comments = await t.desk.tickets.comments(alice, key);
    expect(comments.at(-2)?.body).toBe('Here is the screen');

    // A photo alone is a comment too.
    await rita.sendFiles([{ ...photo, name: 'second.png' }]);
    expect(await filesOf(key, alice)).toEqual(['error.png', 'pasted', 'second.png']);
  });

  it("an agent's note with a file from the agents' room stays with the agents", async () => {
    const key = await openTicket();
    const alice = await t.person('alice');
    const room = new TestChat(t, alice, { conversationId: `room:${key}`, threaded: true });
    await room.send({ action: { action: ACTIONS.note, value: key }, text: 'Log attached', files: [photo] });
    expect(await filesOf(key, alice)).toEqual(['error.png']);
    expect(await filesOf(key, rita.person)).toEqual([]);
  });
});

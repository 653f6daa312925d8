import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/discord.adapter.js';
import { dm } from '../../fakes/discord/discord-events.js';
import { APPLICATION_ID, BOT_TOKEN } from '../../fakes/discord/fake-discord.js';
import { capturedLogger } from '../../support/log-lines.js';
import { type SecondInstance, secondInstance } from '../../support/second-instance.js';
import { testBackend } from '../../support/test-store.js';
import { D, type DiscordDesk, startDiscordDesk } from './discord-harness.js';

/**
 * Two instances on one database, both with Discord on: one holds the gateway, the other waits; on a
 * clean stop the waiting one connects before the first lets its connection go. PGlite is one process
 * (one instance), so this runs on the server only.
 */
let d: DiscordDesk;
let second: SecondInstance;
let other: DiscordAdapter;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(testBackend() === 'pglite')('the Discord gateway on two instances (postgres)', () => {
  beforeEach(async () => {
    d = await startDiscordDesk();
    second = await secondInstance(d.t);
    other = createDiscordAdapter({
      desk: second.desk,
      logger: capturedLogger().logger,
      settings: { token: BOT_TOKEN, applicationId: APPLICATION_ID, apiUrl: d.fake.apiUrl },
    });
    second.desk.attach(other);
  });
  afterEach(async () => {
    await other.stop();
    await second.close();
    await d.fake.stop();
  });

  it('one instance holds it; on a clean stop the other takes over before the first closes, and answers', async () => {
    await other.start();
    await sleep(1000);
    expect(d.fake.gateway.identifies).toBe(1); // the second waits
    const stopped = d.discord.stop();
    await other.ready();
    expect(d.fake.gateway.identifies).toBe(2);
    await stopped;
    await d.t.desk.kb.stop();

    d.fake.dispatch('MESSAGE_CREATE', dm(d.fake, D.rita, d.dmOf(D.rita), 'my vpn keeps dropping'));
    for (let i = 0; i < 50 && d.fake.postedIn(d.dmOf(D.rita)).length === 0; i++) {
      await sleep(100);
      await other.idle();
      await second.desk.outbox.drain();
    }
    expect(d.fake.postedIn(d.dmOf(D.rita))).toHaveLength(1);
  });
});

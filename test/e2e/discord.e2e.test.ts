/**
 * The built service with Discord on, configured only by the operating contract's variables, against a
 * fake Discord (REST and gateway) on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dm } from '../fakes/discord/discord-events.js';
import { APPLICATION_ID, BOT_TOKEN, FakeDiscord } from '../fakes/discord/fake-discord.js';
import { buildService, type Service, startService, until } from '../support/built-service.js';

let fake: FakeDiscord;
let service: Service;
const rita = { id: '3000000000000000001', username: 'rita' };

describe('Discord on the built service', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    const dist = await buildService('test-artifacts/e2e-discord-dist');
    fake = await new FakeDiscord().start();
    fake.users.set(rita.id, rita);
    service = await startService(dist, {
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_URL: fake.apiUrl,
    });
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
    await fake?.stop();
  });

  it('says Discord is on, registers /helpdesk, and answers a DM through the gateway', async () => {
    await until(() => /channels on: .*Discord \(gateway\)/.exec(service.logs()) ?? undefined);
    await fake.connections(1);
    await until(() => fake.of('PUT', /\/applications\/\d+\/commands$/)[0]);
    fake.dispatch('MESSAGE_CREATE', dm(fake, rita, '9000000000000000001', 'my vpn keeps dropping'));
    const reply = await until(() => fake.postedIn('9000000000000000001')[0]);
    expect(reply.authorization).toBe(`Bot ${BOT_TOKEN}`);
    expect(reply.body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(reply.body)).toContain('VPN');
  });
});

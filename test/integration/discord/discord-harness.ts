import { createDiscordAdapter, type DiscordAdapter } from '../../../adapters/discord/discord.adapter.js';
import { loadKbSeed } from '../../../src/config/kb-seed.loader.js';
import {
  APPLICATION_ID,
  BOT_TOKEN,
  type DiscordUser,
  FakeDiscord,
} from '../../fakes/discord/fake-discord.js';
import { capturedLogger } from '../../support/log-lines.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';

/** Discord users of the sample desk's people (Discord gives bots no email: they link by code). */
export const D = {
  rita: { id: '3000000000000000001', username: 'rita', global_name: 'Rita R' },
  sam: { id: '3000000000000000002', username: 'sam' },
  alice: { id: '3000000000000000003', username: 'alice', global_name: 'Alice A' },
  otherBot: { id: '3000000000000000009', username: 'otherbot', bot: true },
} satisfies Record<string, DiscordUser>;

/** The sample desk's IT triage channel for Discord, and a channel where people ask. */
export const IT_TRIAGE = '1187423001120000001';
export const GENERAL = '1187423001120000099';

export interface DiscordDesk {
  t: TestDesk;
  fake: FakeDiscord;
  discord: DiscordAdapter;
  logs: string[];
  /** A DM channel id per user, as Discord gives one. */
  dmOf(user: DiscordUser): string;
  /** Sends a gateway dispatch, waits for the turns it caused, then delivers the outbox. */
  dispatch(t: string, d: unknown): Promise<void>;
  settle(): Promise<void>;
  /** Another adapter on the desk takes the gateway (a new instance's): it becomes `discord`. */
  restart(): Promise<DiscordAdapter>;
  close(): Promise<void>;
}

/** The sample desk with Discord on, logged in to a fake Discord's gateway. */
export async function startDiscordDesk(options: Parameters<typeof testDesk>[0] = {}): Promise<DiscordDesk> {
  const t = await testDesk(options);
  await t.desk.kb.importSeed((await loadKbSeed('config/kb')).articles);
  await t.desk.kb.start();
  const fake = await new FakeDiscord([
    IT_TRIAGE,
    GENERAL,
    '1187423001120000002',
    '1187423001120000003',
  ]).start();
  for (const u of Object.values(D)) fake.users.set(u.id, u);
  const { logger, lines: logs } = capturedLogger();
  /** An instance's Discord adapter on the desk, connected (it holds the gateway), its commands registered. */
  const connect = async (): Promise<DiscordAdapter> => {
    const adapter = createDiscordAdapter({
      desk: t.desk,
      logger,
      settings: { token: BOT_TOKEN, applicationId: APPLICATION_ID, apiUrl: fake.apiUrl },
    });
    t.desk.attach(adapter);
    await adapter.start();
    await adapter.ready();
    await adapter.idle(); // /helpdesk is registered, what was missed is read
    return adapter;
  };
  const settle = async () => {
    for (let i = 0; i < 6; i++) {
      await fake.received(); // the client took in what was sent (its own echoes among them)
      await desk.discord.idle();
      if ((await t.desk.outbox.drain()) === 0) return;
    }
  };
  const desk: DiscordDesk = {
    t,
    fake,
    discord: await connect(),
    logs,
    dmOf: (user) => `9${user.id.slice(1)}`,
    async dispatch(type, d) {
      fake.dispatch(type, d);
      await settle();
    },
    settle,
    async restart() {
      desk.discord = await connect();
      return desk.discord;
    },
    async close() {
      await desk.discord.stop();
      await t.desk.kb.stop();
      await fake.stop();
    },
  };
  return desk;
}

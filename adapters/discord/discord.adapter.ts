import { Client, Events, GatewayIntentBits, Partials, Routes } from 'discord.js';
import type { Logger } from 'pino';
import type { Desk } from '../../src/core/index.js';
import type { ChannelAdapter } from '../../src/ports/channel-adapter.port.js';
import type { Held } from '../../src/ports/holder.port.js';
import { catchUp } from './discord.catch-up.js';
import { DiscordChannel } from './discord.channel.js';
import type { DiscordDeps } from './discord.deps.js';
import { discordDirectRoute } from './discord.direct.js';
import { describeDiscordError } from './discord.errors.js';
import { DISCORD_FILE_ORIGINS, discordFileFetcher } from './discord.file-fetcher.js';
import { PLATFORM } from './discord.inbound.js';
import { onInteraction } from './discord.interactions.js';
import { onMessage } from './discord.messages.js';
import type { DiscordSettings } from './discord.settings.js';
import { discordCards } from './discord.triage.js';

export type { DiscordSettings } from './discord.settings.js';

export interface DiscordAdapterOptions {
  desk: Desk;
  settings: DiscordSettings;
  logger: Logger;
}

export interface DiscordAdapter extends ChannelAdapter {
  /** Resolves when the client is connected and ready (the gateway's READY and guilds arrived). */
  ready(): Promise<void>;
  /** Resolves when the work taken so far (turns after their answers) is done. */
  idle(): Promise<void>;
}

const RETRY_CONNECT_MS = 30_000;
/** Which instance holds the gateway is agreed in the database (src/store/sole.holder.ts). */
const GATEWAY = 'discord-gateway';
/** On a clean stop, how long to wait for the next holder's gateway before closing this one. */
const HANDOVER_MS = 15_000;
/** Rate limits up to this long are waited inside the REST call rather than through the outbox. */
const WAIT_INSIDE_MS = 2_000;

/** /helpdesk, registered at start (PUT replaces the app's commands with exactly these). */
export const COMMANDS = [
  {
    name: 'helpdesk',
    description: 'Ask the help desk',
    options: [
      {
        type: 1,
        name: 'ask',
        description: 'Ask for help or start a request',
        options: [{ type: 3, name: 'words', description: 'What do you need?', required: true }],
      },
      { type: 1, name: 'my', description: 'Your requests and their status' },
      {
        type: 1,
        name: 'status',
        description: 'The status of one request',
        options: [{ type: 3, name: 'key', description: 'The request key, e.g. IT-42', required: true }],
      },
    ],
  },
];

/**
 * Deskbot on Discord (discord.js gateway client), one channel adapter: DMs, @mentions in channels
 * (a thread per request), components and modals, tickets' messages in each department's channel.
 * Every message Deskbot sends parses no mentions; a rate limit throws to the outbox instead of waiting.
 */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const { desk, settings } = options;
  const log = options.logger.child({ channel: 'discord' });
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
      GatewayIntentBits.DirectMessages,
    ],
    partials: [Partials.Channel],
    rest: {
      ...(settings.apiUrl ? { api: settings.apiUrl } : {}),
      // A short wait (the client's own pacing to Discord's 50 requests/s, a brief route limit) is
      // waited inside the call; a longer one throws to the outbox, which waits and sends once.
      rejectOnRateLimit: (limit) => Math.max(limit.timeToReset, limit.retryAfter) > WAIT_INSIDE_MS,
      retries: 0,
      timeout: 10_000,
    },
    allowedMentions: { parse: [] },
  });
  client.rest.setToken(settings.token);
  const channel = new DiscordChannel(client.rest);
  const inFlight = new Set<Promise<unknown>>();
  let botId = '';
  let retryTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  let held: Held | undefined;
  let markReady: () => void = () => {};
  const isReady = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const deps: DiscordDeps = {
    desk,
    client,
    rest: client.rest,
    channel,
    botId: () => botId,
    rolesMapped: desk.catalog.config.departments.some((d) => d.chatRoles[PLATFORM] !== undefined),
    rolesSeen: new Map(),
    logger: log,
    track(work) {
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
  };
  // Messages wait for the catch-up at READY (below), so a conversation's missed ones are taken first.
  let caughtUp: Promise<unknown> = Promise.resolve();
  client.on(Events.MessageCreate, (m) =>
    deps.track(caughtUp.then(() => onMessage(deps, m)).catch((err) => lateError(err))),
  );
  client.on(Events.InteractionCreate, (i) => deps.track(onInteraction(deps, i)));
  client.once(Events.ClientReady, (c) => {
    botId = c.user.id;
    const appId = settings.applicationId ?? c.application.id;
    deps.track(
      client.rest
        .put(Routes.applicationCommands(appId), { body: COMMANDS })
        .then(() => log.info('Discord connected; /helpdesk registered'))
        .catch((err) => log.warn({ reason: describeDiscordError(err) }, 'discord: /helpdesk not registered')),
    );
    markReady();
    void held?.ready(); // an instance handing the gateway over closes its own now
    // A holder killed before this one took over leaves a gap no IDENTIFY replays: read it.
    caughtUp = catchUp(deps)
      .then((read) => {
        if (read > 0) log.info(`discord: read ${read} recent conversation(s) for messages missed`);
      })
      .catch((err) => log.warn({ reason: describeDiscordError(err) }, 'discord: no catch-up'));
    deps.track(caughtUp);
  });
  client.on(Events.ShardResume, () => log.info('discord gateway resumed'));
  const lateError = (err: unknown) =>
    log.error({ reason: describeDiscordError(err) }, 'discord event failed');

  /** Connects once, when this instance comes to hold the gateway. */
  let connecting = false;
  const connect = async (): Promise<void> => {
    if (connecting || stopped) return;
    connecting = true;
    await login();
  };
  const login = async (): Promise<void> => {
    try {
      await client.login(settings.token);
    } catch (err) {
      if (stopped) return;
      log.warn(
        { reason: describeDiscordError(err) },
        `Discord login failed; trying again in ${RETRY_CONNECT_MS / 1000} s`,
      );
      retryTimer = setTimeout(() => void login(), RETRY_CONNECT_MS);
      retryTimer.unref?.();
    }
  };

  return {
    platform: PLATFORM,
    label: 'Discord (gateway)',
    channel,
    directRoute: discordDirectRoute(desk),
    cards: discordCards(client.rest, log),
    // A fake Discord (DISCORD_API_URL) serves its attachments on its own origin: exactly that one too.
    files: discordFileFetcher(
      settings.apiUrl ? [...DISCORD_FILE_ORIGINS, new URL(settings.apiUrl).origin] : DISCORD_FILE_ORIGINS,
    ),
    profiles: async ({ externalId }) => {
      const user = await client.users.fetch(externalId);
      // Discord shows bots no email: the person is a placeholder until they link with a code.
      return {
        isPerson: !user.bot && !user.system,
        email: null,
        name: user.globalName ?? user.username,
        timezone: 'UTC',
      };
    },
    // One instance at a time holds the gateway; the others wait, and one takes over when it lets go.
    start: async () => {
      held = desk.holders.hold(GATEWAY, connect, async () =>
        // Its database connection dropped: another instance may connect too meanwhile, and the
        // inbox records each event once whichever receives it; this one keeps its gateway.
        log.warn('discord: lost the gateway lock; keeping the connection until it is held again'),
      );
    },
    ready: () => isReady,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      // The next holder connects before this one closes, so no event falls between the two.
      await held?.release(HANDOVER_MS);
      await client.destroy();
      await this.idle();
    },
  };
}

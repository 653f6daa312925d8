import { App } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Desk } from '../../src/core/index.js';
import type { ChannelAdapter } from '../../src/ports/channel-adapter.port.js';
import type { Clock } from '../../src/ports/clock.port.js';
import { registerAgentListeners } from './slack.agents.js';
import { SlackChannel } from './slack.channel.js';
import { slackDirectRoute } from './slack.direct.js';
import { describeSlackError } from './slack.errors.js';
import { slackFileFetcher } from './slack.files.js';
import { slackProfiles } from './slack.identity.js';
import { PLATFORM } from './slack.inbound.js';
import { slackLogger } from './slack.logger.js';
import { SlackHttpReceiver } from './slack.receiver.js';
import { registerRequesterListeners } from './slack.requests.js';
import { SlackSocketReceiver } from './slack.socket.js';
import { slackCards } from './slack.triage.js';
import type { SlackDeps } from './slack.turns.js';

/** The operating contract's Slack variables (DESIGN.md). */
export interface SlackSettings {
  botToken: string;
  /** HTTP mode: POST /slack/events. */
  signingSecret?: string;
  /** Socket Mode, when set. */
  appToken?: string;
  /** Web API base URL, e.g. a fake Slack in tests (`http://127.0.0.1:PORT/api/`). */
  apiUrl?: string;
}

export interface SlackAdapterOptions {
  desk: Desk;
  settings: SlackSettings;
  logger: Logger;
  clock: Clock;
  /** Answer Slack only when all work is done (tests, for determinism); off in production. */
  processBeforeResponse?: boolean;
}

/**
 * Deskbot on Slack, one channel adapter: `desk.attach` it, its routes on the HTTP server, then `start()`
 * once the server listens (auth.test, retried in the background until Slack answers, then listening).
 */
export interface SlackAdapter extends ChannelAdapter {
  mode: 'http' | 'socket';
  channel: SlackChannel;
}

const RETRY_CONNECT_MS = 30_000;

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { desk, settings, logger } = options;
  const log = logger.child({ channel: 'slack' });
  const clientOptions: WebClientOptions = {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    // The outbox retries; a request handler never waits on the SDK's own retries (about 30 minutes).
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    logger: slackLogger(log),
  };
  const client = new WebClient(settings.botToken, clientOptions);
  const channel = new SlackChannel(client);
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const onLateError = (err: unknown) =>
    log.error({ reason: describeSlackError(err) }, 'slack work failed after the ack');
  let auth: { botUserId: string; botId: string; teamId: string } | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let app: App | undefined;

  const mode = settings.appToken ? 'socket' : 'http';
  const receiver =
    mode === 'socket'
      ? new SlackSocketReceiver({
          appToken: settings.appToken!,
          slackApiUrl: settings.apiUrl,
          track,
          onLateError,
          onRefused: (problem) => log.warn({ ...problem }, 'slack payload refused'),
        })
      : new SlackHttpReceiver({
          signingSecret: settings.signingSecret ?? '',
          now: () => options.clock.now().getTime(),
          processBeforeResponse: options.processBeforeResponse ?? false,
          ready: () => app !== undefined,
          track,
          onLateError,
        });

  const connect = async (): Promise<void> => {
    try {
      const r = await client.auth.test();
      auth = { botUserId: String(r.user_id), botId: String(r.bot_id), teamId: String(r.team_id) };
    } catch (err) {
      log.warn(
        { reason: describeSlackError(err) },
        `Slack auth.test failed; trying again in ${RETRY_CONNECT_MS / 1000} s`,
      );
      retryTimer = setTimeout(() => void connect(), RETRY_CONNECT_MS);
      retryTimer.unref?.();
      return;
    }
    const bolt = new App({
      token: settings.botToken,
      botId: auth.botId,
      botUserId: auth.botUserId,
      receiver,
      clientOptions,
      // Conversation state lives in the desk's store; Bolt's in-memory copy would be dead weight.
      convoStore: false,
      logger: slackLogger(log),
    });
    bolt.error(async (err) => {
      log.error({ reason: describeSlackError(err.original ?? err) }, 'slack listener failed');
      throw err;
    });
    const deps: SlackDeps = { desk, client, botUserId: auth.botUserId, teamId: auth.teamId, logger: log };
    registerRequesterListeners(bolt, deps);
    registerAgentListeners(bolt, deps);
    await bolt.start();
    app = bolt;
    log.info(`Slack connected (${mode === 'socket' ? 'Socket Mode' : 'HTTP events at POST /slack/events'})`);
  };

  return {
    platform: PLATFORM,
    label: `Slack (${mode === 'socket' ? 'Socket Mode' : 'HTTP events at POST /slack/events'})`,
    mode,
    channel,
    routes(server) {
      if (receiver instanceof SlackHttpReceiver) receiver.register(server);
    },
    directRoute: slackDirectRoute(desk),
    cards: slackCards(client, () => auth?.teamId),
    profiles: slackProfiles(client),
    files: slackFileFetcher({ botToken: settings.botToken, apiUrl: settings.apiUrl, logger: log }),
    start: connect,
    async stop() {
      clearTimeout(retryTimer);
      await app?.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}

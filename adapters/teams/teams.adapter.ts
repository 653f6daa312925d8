import { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import type { Desk } from '../../src/core/index.js';
import type { ChannelAdapter } from '../../src/ports/channel-adapter.port.js';
import { outboundTokens, teamsAuthentication } from './teams.auth.js';
import { TeamsChannel } from './teams.channel.js';
import { TeamsConnector } from './teams.connector.js';
import type { TeamsDeps } from './teams.deps.js';
import { teamsDirectRoute } from './teams.direct.js';
import { TeamsFiles } from './teams.file-fetch.js';
import { RecentSpeakers, teamsProfiles } from './teams.identity.js';
import { PLATFORM } from './teams.inbound.js';
import { TeamsPlaces } from './teams.places.js';
import { registerTeamsRoute } from './teams.route.js';
import type { TeamsSettings } from './teams.settings.js';
import { teamsCards } from './teams.triage.js';
import { onActivity, onInvoke } from './teams.turns.js';

export type { TeamsSettings } from './teams.settings.js';

export interface TeamsAdapterOptions {
  desk: Desk;
  settings: TeamsSettings;
  logger: Logger;
}

const UNSIGNED_WARNING =
  'TEAMS_AUTH=off: POST /api/messages accepts activities WITHOUT checking their token. Anyone who can reach ' +
  'this port can speak as any Teams user. Local development only; never expose this instance.';

/**
 * Deskbot on Microsoft Teams (botbuilder's CloudAdapter), one channel adapter: activities at POST
 * /api/messages, replies and cards through the outbox as proactive messages. botbuilder is imported
 * only in this folder, so moving to its successor SDK touches nothing else.
 */
export interface TeamsAdapter extends ChannelAdapter {
  /** Resolves when the work acknowledged so far (turns after their 200) is done. */
  idle(): Promise<void>;
}

export function createTeamsAdapter(options: TeamsAdapterOptions): TeamsAdapter {
  const { desk, settings } = options;
  const log = options.logger.child({ channel: 'teams' });
  const tokens = outboundTokens(settings);
  const auth = teamsAuthentication(settings, tokens);
  const adapter = new CloudAdapter(auth);
  const connector = new TeamsConnector(adapter, settings.authOn ? settings.appId : '');
  const places = new TeamsPlaces(desk, settings.appType === 'SingleTenant' ? settings.tenantId : undefined);
  const recent = new RecentSpeakers();
  const botId = `28:${settings.appId}`;
  const files = new TeamsFiles({
    token: tokens && (() => tokens.get()),
    downloadOrigins: settings.fileOrigins ?? [],
    home: async () => (await places.home())?.serviceUrl ?? null,
  });
  const inFlight = new Set<Promise<unknown>>();
  let accepting = true;
  const deps: TeamsDeps = {
    desk,
    connector,
    places,
    recent,
    files,
    logger: log,
    track(work) {
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
  };
  return {
    platform: PLATFORM,
    label: settings.authOn
      ? 'Teams (POST /api/messages)'
      : 'Teams (POST /api/messages, UNSIGNED: TEAMS_AUTH=off)',
    channel: new TeamsChannel(connector, places),
    routes(server) {
      registerTeamsRoute(server, {
        auth,
        logger: log,
        accepting: () => accepting,
        onActivity: (activity, ack) => onActivity(deps, activity, ack),
        onInvoke: (activity) => onInvoke(deps, activity),
        track: deps.track,
      });
    },
    directRoute: teamsDirectRoute(desk, places, botId),
    cards: teamsCards(connector, places, botId),
    profiles: teamsProfiles(connector, recent),
    files: files.fetch,
    async start() {
      if (!settings.authOn) log.warn(UNSIGNED_WARNING);
      log.info('Teams on: activities at POST /api/messages');
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async stop() {
      accepting = false;
      await this.idle();
    },
  };
}

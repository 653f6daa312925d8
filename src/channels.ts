import type { Logger } from 'pino';
import { createDiscordAdapter } from '../adapters/discord/discord.adapter.js';
import { createSlackAdapter } from '../adapters/slack/slack.adapter.js';
import { createTeamsAdapter } from '../adapters/teams/teams.adapter.js';
import { createWebChat } from '../adapters/web/web.adapter.js';
import type { DeskConfig } from './config/desk.schema.js';
import type { Desk } from './core/index.js';
import type { Env } from './env.js';
import type { ChannelAdapter } from './ports/channel-adapter.port.js';
import { systemClock } from './ports/clock.port.js';

/**
 * The channel adapters the environment turns on, each attached to the desk: the web chat always; Slack
 * when its bot token is set (readEnv makes sure a signing secret or app token comes with it).
 */
export function channelsOn(env: Env, desk: Desk, config: DeskConfig, logger: Logger): ChannelAdapter[] {
  const channels: ChannelAdapter[] = [
    createWebChat({ desk, config, demoIdentities: env.WEB_DEMO_IDENTITIES === 'on' }),
  ];
  if (env.SLACK_BOT_TOKEN) {
    channels.push(
      createSlackAdapter({
        desk,
        logger,
        clock: systemClock,
        settings: {
          botToken: env.SLACK_BOT_TOKEN,
          signingSecret: env.SLACK_SIGNING_SECRET,
          appToken: env.SLACK_APP_TOKEN,
          apiUrl: env.SLACK_API_URL,
        },
      }),
    );
  }
  if (env.MICROSOFT_APP_ID) {
    channels.push(
      createTeamsAdapter({
        desk,
        logger,
        settings: {
          appId: env.MICROSOFT_APP_ID,
          appPassword: env.MICROSOFT_APP_PASSWORD,
          tenantId: env.MICROSOFT_APP_TENANT_ID,
          appType: env.MICROSOFT_APP_TYPE,
          openIdMetadataUrl: env.TEAMS_OPENID_METADATA_URL,
          tokenIssuer: env.TEAMS_TOKEN_ISSUER,
          loginUrl: env.TEAMS_LOGIN_URL,
          authOn: env.TEAMS_AUTH === 'on',
        },
      }),
    );
  }
  if (env.DISCORD_TOKEN) {
    channels.push(
      createDiscordAdapter({
        desk,
        logger,
        settings: {
          token: env.DISCORD_TOKEN,
          applicationId: env.DISCORD_APPLICATION_ID,
          apiUrl: env.DISCORD_API_URL,
        },
      }),
    );
  }
  for (const channel of channels) desk.attach(channel);
  return channels;
}

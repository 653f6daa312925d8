import type { WebClient } from '@slack/web-api';
import type { PlatformProfile } from '../../src/ports/channel-adapter.port.js';
import type { PlatformIdentity } from '../../src/ports/message.types.js';
import { PLATFORM } from './slack.inbound.js';

/**
 * Slack's part in identity: users.info, as the core's profile lookup asks it (the core links, caches
 * and refuses). Called only for a Slack user the desk has not linked yet, after the event's ack.
 */
export function slackProfiles(client: WebClient): (identity: PlatformIdentity) => Promise<PlatformProfile> {
  return async ({ externalId }) => {
    const u = (await client.users.info({ user: externalId })).user;
    const email = u?.profile?.email ?? null;
    return {
      isPerson: !!u && !u.deleted && !u.is_bot,
      email,
      name: u?.real_name || u?.profile?.real_name || u?.name || email || externalId,
      timezone: u?.tz || 'UTC',
      ...(u?.team_id ? { homeWorkspace: u.team_id } : {}),
    };
  };
}

/** The Slack user of a verified payload, as the core names platform identities. */
export function slackSpeaker(team: string, user: string): PlatformIdentity {
  return { platform: PLATFORM, workspace: team, externalId: user };
}

import type { Desk } from '../../src/core/index.js';
import type { DirectRoute } from '../../src/ports/channel-adapter.port.js';
import { PLATFORM, type SlackRef } from './slack.inbound.js';

/**
 * Notices (SLA pings) reach a person in their direct messages with the bot: chat.postMessage to a
 * user id posts there. Null for a person with no linked Slack account.
 */
export function slackDirectRoute(desk: Desk): DirectRoute {
  return async (person) => {
    const [identity] = await desk.people.identities(person.id, PLATFORM);
    if (!identity) return null;
    const ref: SlackRef = { team: identity.workspace, channel: identity.externalId };
    return {
      id: `${PLATFORM}:${identity.workspace}:${identity.externalId}:notices`,
      platform: PLATFORM,
      ref: ref as unknown as Record<string, unknown>,
      formFields: 0,
    };
  };
}

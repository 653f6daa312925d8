import type { Desk } from '../../src/core/index.js';
import type { DirectRoute } from '../../src/ports/channel-adapter.port.js';
import { PLATFORM, type TeamsRef } from './teams.inbound.js';
import type { TeamsPlaces } from './teams.places.js';

/**
 * Notices (SLA pings) reach a linked person in their 1:1 chat with the bot. Teams opens a chat by the
 * user's bot-framework id, known once they have written to the bot; null before that, or for a person
 * with no Teams identity.
 */
export function teamsDirectRoute(desk: Desk, places: TeamsPlaces, botId: string): DirectRoute {
  return async (person) => {
    for (const identity of await desk.people.identities(person.id, PLATFORM)) {
      const userId = await places.userId(identity.workspace, identity.externalId);
      const serviceUrl = await places.serviceUrl(identity.workspace);
      if (!userId || !serviceUrl) continue;
      const ref: TeamsRef = {
        serviceUrl,
        tenantId: identity.workspace,
        conversationId: '',
        conversationType: 'personal',
        bot: { id: botId },
        userId,
      };
      return {
        id: `${PLATFORM}:${identity.workspace}:direct:${identity.externalId}`,
        platform: PLATFORM,
        ref: ref as unknown as Record<string, unknown>,
        formFields: 0,
      };
    }
    return null;
  };
}

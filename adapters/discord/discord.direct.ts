import type { Desk } from '../../src/core/index.js';
import type { DirectRoute } from '../../src/ports/channel-adapter.port.js';
import { type DiscordRef, PLATFORM } from './discord.inbound.js';

/** Notices (SLA pings) reach a linked person in their DMs with the bot (opened when first needed). */
export function discordDirectRoute(desk: Desk): DirectRoute {
  return async (person) => {
    const [identity] = await desk.people.identities(person.id, PLATFORM);
    if (!identity) return null;
    const ref: DiscordRef = { channelId: '', userId: identity.externalId };
    return {
      id: `${PLATFORM}:@me:notices:${identity.externalId}`,
      platform: PLATFORM,
      ref: ref as unknown as Record<string, unknown>,
      formFields: 0,
    };
  };
}

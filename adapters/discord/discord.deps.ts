import type { Client, REST } from 'discord.js';
import type { Logger } from 'pino';
import type { Desk } from '../../src/core/index.js';
import type { InboundEvent } from '../../src/ports/message.types.js';
import type { Person } from '../../src/ports/store.port.js';
import type { DiscordChannel } from './discord.channel.js';
import { discordSpeaker } from './discord.inbound.js';

/** What every gateway handler works with. */
export interface DiscordDeps {
  desk: Desk;
  client: Client;
  /** REST that throws on a rate limit (the outbox waits), for messages and cards. */
  rest: REST;
  channel: DiscordChannel;
  botId: () => string;
  logger: Logger;
  /** Whether any department maps Discord roles to desk roles (else roles are not looked at). */
  rolesMapped: boolean;
  /** The roles applied last per user, so an unchanged set writes nothing. */
  rolesSeen: Map<string, string>;
  /** Work that goes on after Discord got its answer, for a clean stop. */
  track(work: Promise<unknown>): void;
}

/** Hands an event to the core: inbox, then `ack` (an interaction's answer), then the turn. */
export async function receive(deps: DiscordDeps, event: InboundEvent, ack: () => unknown = () => {}) {
  const received = await deps.desk.inbound.receive(event, ack);
  if (received.outcome === 'refused') deps.logger.warn({ reason: received.reason }, 'discord user refused');
  return received;
}

/** The person of a Discord user with roles read now, for clicks the core checks. */
export function personOf(deps: DiscordDeps, userId: string): Promise<Person> {
  return deps.desk.identities.personOf(discordSpeaker(userId));
}

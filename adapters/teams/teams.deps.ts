import type { Logger } from 'pino';
import type { Desk } from '../../src/core/index.js';
import type { InboundEvent } from '../../src/ports/message.types.js';
import { sendDirect, type TeamsConnector } from './teams.connector.js';
import { describeTeamsError } from './teams.errors.js';
import type { TeamsFiles } from './teams.file-fetch.js';
import type { RecentSpeakers } from './teams.identity.js';
import type { TeamsRef } from './teams.inbound.js';
import type { TeamsPlaces } from './teams.places.js';
import { teamsMarkdown } from './teams.text.js';

/** What every activity handler works with. */
export interface TeamsDeps {
  desk: Desk;
  connector: TeamsConnector;
  places: TeamsPlaces;
  recent: RecentSpeakers;
  /** Files sent with messages: translated for the event, fetched when the turn keeps them. */
  files: TeamsFiles;
  logger: Logger;
  /** Work that goes on after the ack (a turn, remembering the service URL), for a clean stop. */
  track(work: Promise<unknown>): void;
}

/** Hands an event to the core's inbound pipeline (inbox, `ack`, then the turn). */
export async function receive(deps: TeamsDeps, event: InboundEvent, ack: () => void): Promise<void> {
  const received = await deps.desk.inbound.receive(event, ack);
  if (received.outcome === 'refused') deps.logger.warn({ reason: received.reason }, 'teams user refused');
}

/** An answer only the clicking person sees: Teams has no ephemeral messages, so their 1:1 chat. */
export async function tellOnly(deps: TeamsDeps, ref: TeamsRef, userId: string, text: string): Promise<void> {
  try {
    await sendDirect(deps.connector, ref, userId, {
      type: 'message',
      textFormat: 'markdown',
      text: teamsMarkdown(text),
    });
  } catch (err) {
    deps.logger.warn({ reason: describeTeamsError(err) }, 'teams private answer failed');
  }
}

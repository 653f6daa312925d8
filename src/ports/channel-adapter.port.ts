import type { FastifyInstance } from 'fastify';
import type { CardPort } from './card.port.js';
import type { ChannelPort } from './channel.port.js';
import type { OutboxRow } from './conversation-store.port.js';
import type { ConversationAddress, InboundFile, PlatformIdentity } from './message.types.js';
import type { Person } from './person.types.js';

/** Handles one outbox topic; throws DeliveryError to be retried. */
export type TopicHandler = (row: OutboxRow) => Promise<'delivered' | { skipped: string }>;

/**
 * Where a person is reached directly on one platform (their DM, the web chat); null when they have no
 * linked account there.
 */
export type DirectRoute = (person: Person) => Promise<ConversationAddress | null>;

/** What a platform says of one of its users, asked only when the identity is not linked yet. */
export interface PlatformProfile {
  /** False for a bot or a deactivated user: they are nobody on the desk. */
  isPerson: boolean;
  /** Null where the platform gives bots no email (Discord): such a person links by code. */
  email: string | null;
  name: string;
  timezone: string;
  /** The user's home workspace or tenant, where the platform says (Slack Connect, Teams guests). */
  homeWorkspace?: string;
}

/**
 * Fetches the bytes of a file sent with a message on the platform (with the platform's credentials, and
 * only from the platform's own hosts); throws past `maxBytes` without reading the rest.
 */
export type FileFetcher = (file: InboundFile, maxBytes: number) => Promise<Buffer>;

/** Looks up a platform user's profile (the adapter's one job in identity). */
export type ProfileLookup = (identity: PlatformIdentity) => Promise<PlatformProfile>;

/**
 * One channel: what the composition root loops over (src/main.ts) and the core attaches (`desk.attach`).
 * A new platform is this shape: its delivery and rendering, its verified inbound routes handing events
 * to `desk.inbound`, and the few parts below it has.
 */
export interface ChannelAdapter {
  platform: string;
  /** How the start-up line names it, e.g. "Slack (Socket Mode)". */
  label: string;
  /** Delivers outbound messages, rendered natively. */
  channel: ChannelPort;
  /** Its routes on the one HTTP server (webhooks, pages). */
  routes?(server: FastifyInstance): void;
  /** Where a person's notices (SLA pings) reach them here. */
  directRoute?: DirectRoute;
  /** Outbox topics it delivers besides messages. */
  topics?: Record<string, TopicHandler>;
  /** Triage cards, where the platform shows them. */
  cards?: CardPort;
  /** Its users' profiles, for linking identities the desk does not know yet. */
  profiles?: ProfileLookup;
  /** The bytes of files people send in its messages. */
  files?: FileFetcher;
  /** After the server listens (connect, log in). */
  start(): Promise<void>;
  /** On shutdown: stop taking events and wait for the work acknowledged so far. */
  stop(): Promise<void>;
}

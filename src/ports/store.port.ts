import type { AttachmentStore } from './attachment-store.port.js';
import type { ApprovalStore, AutomationStore, SurveyStore } from './automation-store.port.js';
import type { ChannelPostStore, ChannelRouteStore } from './channel-post.port.js';
import type { ConversationStore, OutboxStore } from './conversation-store.port.js';
import type { Priority, SlaState, StatusCategory, TicketSort } from './desk.types.js';
import type { Holders } from './holder.port.js';
import type { KbStore } from './kb-store.port.js';
import type { Person, RoleGrant, RoleName, TokenOptions, TokenRecord } from './person.types.js';
import type { ReportStore } from './report-store.port.js';
import type { Signals } from './signal.port.js';
import type { SlaStore } from './sla-store.port.js';

export type {
  Person,
  PersonRecord,
  RoleGrant,
  RoleName,
  TokenOptions,
  TokenRecord,
} from './person.types.js';

export interface TicketRecord {
  id: number;
  key: string;
  department: string;
  requestType: string;
  summary: string;
  requesterId: string;
  assigneeId: string | null;
  status: string;
  statusCategory: StatusCategory;
  priority: Priority;
  fields: Record<string, unknown>;
  resolution: string | null;
  originConversationId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CommentRecord {
  id: number;
  ticketId: number;
  authorId: string | null;
  body: string;
  internal: boolean;
  createdAt: Date;
}

export interface HistoryRecord {
  id: number;
  actorId: string | null;
  at: Date;
  field: string;
  before: unknown;
  after: unknown;
  /** The automation rule that made the change, by name. */
  rule: string | null;
}

/** Everything one change writes beside the ticket row, in the same transaction. */
export interface ChangeSet {
  actorId: string | null;
  at: Date;
  history: { field: string; before: unknown; after: unknown }[];
  /** `attachments`: ids of files the author uploaded to this ticket, claimed by the comment. */
  comments: { authorId: string | null; body: string; internal: boolean; attachments?: string[] }[];
  /** Payloads get the ticket's key added by the store (it is only known inside the transaction on create). */
  events: { type: string; payload: Record<string, unknown> }[];
  outbox: { topic: string; payload: Record<string, unknown> }[];
  /** A client's retry key: stored with the change, so the same key cannot make a second one. */
  request?: RequestKey;
  /** The automation rule making the change: named in history, and acting once per trigger. */
  rule?: RuleFiring;
  /**
   * A value the rule keeps for next time (a round-robin's last agent), written with the change only if
   * it still is `expected` (null: not set yet); else the write fails with CursorMovedError.
   */
  cursor?: { key: string; value: string; expected: string | null };
}

/** One firing of an automation rule: which rule, on what trigger, how deep in a chain of rules. */
export interface RuleFiring {
  id: string;
  name: string;
  /** Unique per occasion (the outbox row, the idle timer, the schedule tick): a rule acts once on it. */
  trigger: string;
  /** 1 for a rule fired by a person's change, 2 for a rule fired by that rule's change, ... */
  depth: number;
}

/** Thrown by a write whose cursor another change moved since it was read: plan again. */
export class CursorMovedError extends Error {
  constructor(readonly key: string) {
    super(`cursor ${key} moved`);
  }
}

/** Thrown by a write whose rule already acted on its trigger (a retried outbox row or sweep). */
export class RuleAlreadyRanError extends Error {
  constructor(readonly rule: string) {
    super(`rule ${rule} already acted on this trigger`);
  }
}

/** Thrown by a comment naming a file that is not its author's upload to the ticket, or was sent already. */
export class AttachmentTakenError extends Error {
  constructor() {
    super('an attachment is not yours to send with this comment, or was sent already');
  }
}

/** A client's Idempotency-Key for one change, with a fingerprint of the request it came with. */
export interface RequestKey {
  personId: string;
  key: string;
  fingerprint: string;
}

/** What a request key made: its ticket (and comment), and the answer given, once known. */
export interface RequestKeyRecord {
  fingerprint: string;
  ticketKey: string;
  commentId: number | null;
  answer: { status: number; body: unknown; location?: string } | null;
}

/** Thrown by a write whose request key was used already (by a retry that raced the first). */
export class RequestKeyUsedError extends Error {
  constructor(readonly key: string) {
    super(`the request key ${key} was used already`);
  }
}

export interface RequestKeyStore {
  /** The key's record if it was used since `notBefore`; older keys count as never used. */
  find(personId: string, key: string, notBefore: Date): Promise<RequestKeyRecord | null>;
  /** Keeps the answer given for the key, for retries. */
  answer(personId: string, key: string, answer: NonNullable<RequestKeyRecord['answer']>): Promise<void>;
}

/** A ticket to create: what the store does not assign itself (id, key, version, times). */
export interface NewTicket
  extends Omit<TicketRecord, 'id' | 'key' | 'version' | 'createdAt' | 'updatedAt' | 'originConversationId'> {
  keyPrefix: string;
  /** A retried create with the same key returns the ticket made the first time. */
  requestKey?: string | null;
  originConversationId?: string | null;
}

export type TicketPatch = Partial<
  Pick<TicketRecord, 'assigneeId' | 'status' | 'statusCategory' | 'priority' | 'fields' | 'resolution'>
>;

/** Which tickets a reader may see: all of them, or their own, shared ones and their departments'. */
export type TicketScope = { all: true } | { all: false; personId: string; departments: string[] };

export interface TicketQuery {
  status?: string[];
  statusCategory?: StatusCategory[];
  department?: string[];
  requestType?: string[];
  priority?: Priority[];
  assigneeId?: string | null;
  requesterId?: string;
  /** A key ("IT-42"), words of the summary (all of them), or part of the requester's name or email. */
  text?: string;
  /** Where the ticket stands against its SLA clocks at `now`. */
  sla?: SlaState[];
  now?: Date;
  /** Newest first when absent. */
  sort?: { by: TicketSort; order: 'asc' | 'desc' };
  /** Keyset pagination: tickets with an id below this one (newest-first order only). */
  beforeId?: number;
  /** Offset pagination: skip this many (any order). */
  offset?: number;
  limit: number;
}

/** A written change: the ticket as it is now and the comments the change added. */
export interface SavedChange {
  ticket: TicketRecord;
  comments: CommentRecord[];
}

export interface TicketStore {
  /** Allocates the next key of the prefix and inserts the ticket with its change set, atomically. */
  create(ticket: NewTicket, change: ChangeSet): Promise<TicketRecord>;
  /**
   * Applies the patch and change set if the ticket still has `expectedVersion` (null: no check, no bump).
   * Returns null when the version is stale.
   */
  update(
    ticketId: number,
    expectedVersion: number | null,
    patch: TicketPatch,
    change: ChangeSet,
  ): Promise<SavedChange | null>;
  byKey(key: string): Promise<TicketRecord | null>;
  byId(id: number): Promise<TicketRecord | null>;
  /** The tickets with these ids that exist (one read for them all). */
  byIds(ids: number[]): Promise<TicketRecord[]>;
  list(query: TicketQuery, scope: TicketScope): Promise<TicketRecord[]>;
  /** How many tickets the query matches, counting up to `cap` (a long queue costs no full count). */
  count(query: TicketQuery, scope: TicketScope, cap: number): Promise<number>;
  comments(ticketId: number, includeInternal: boolean): Promise<CommentRecord[]>;
  history(ticketId: number): Promise<HistoryRecord[]>;
  isSharedWith(ticketId: number, personId: string): Promise<boolean>;
  /** Requests opened from a person's own words since `since`: the words and the type chosen, newest `limit`. */
  typeChoices(since: Date, limit: number): Promise<{ words: string; requestType: string; at: Date }[]>;
  share(ticketId: number, personId: string): Promise<void>;
}

export interface PersonInput {
  email: string;
  name: string;
  timezone: string;
  roles: RoleGrant[];
}

export interface PeopleStore {
  byId(id: string): Promise<Person | null>;
  byEmail(email: string): Promise<Person | null>;
  /** The person of a token neither revoked nor expired at `now`, and when the token expires. */
  byTokenHash(hash: string, now: Date): Promise<{ person: Person; expiresAt: Date | null } | null>;
  byIdentity(platform: string, workspace: string, externalId: string): Promise<Person | null>;
  /** The person's linked accounts on one platform, oldest first. */
  identities(personId: string, platform: string): Promise<{ workspace: string; externalId: string }[]>;
  list(): Promise<Person[]>;
  withRole(role: RoleName, department: string): Promise<Person[]>;
  /** Creates or updates people by email and replaces their roles with the given ones. */
  sync(people: PersonInput[]): Promise<void>;
  /** The person with this email, created without roles if there is none (a chat user seen first). */
  ensure(person: Omit<PersonInput, 'roles'>): Promise<Person>;
  /** Replaces the roles one source gives a person (a platform's roles); the config's stay. */
  setSourcedRoles(personId: string, source: string, roles: RoleGrant[]): Promise<void>;
  linkIdentity(personId: string, platform: string, workspace: string, externalId: string): Promise<void>;
  addToken(
    personId: string,
    name: string,
    tokenHash: string,
    options?: TokenOptions,
  ): Promise<{ id: string }>;
  /** Tokens, newest first; only this person's when given. */
  tokens(personId?: string): Promise<TokenRecord[]>;
  /**
   * Marks the tokens revoked at `at` (already revoked ones keep their time); returns those it revoked.
   * Every process listening with `onTokensRevoked` hears of it once the revocation commits.
   */
  revokeTokens(
    which: { id: string } | { personId: string } | { demo: true },
    at: Date,
  ): Promise<TokenRecord[]>;
  /** Calls `onRevoked` after any process on this database revoked tokens (or when it may have missed one). */
  onTokensRevoked(onRevoked: () => void): Promise<() => Promise<void>>;
  addLinkCode(codeHash: string, personId: string, at: Date, expiresAt: Date): Promise<void>;
  /** Marks the code used if it is unused and unexpired at `now`; its person's id, else null. */
  useLinkCode(codeHash: string, now: Date): Promise<string | null>;
  /**
   * What a placeholder person (made for a platform identity that showed no email) has becomes the
   * person's: its identities, conversations and requests, atomically.
   */
  absorbPlaceholder(placeholderId: string, personId: string): Promise<void>;
}

export interface Store {
  tickets: TicketStore;
  people: PeopleStore;
  conversations: ConversationStore;
  outbox: OutboxStore;
  kb: KbStore;
  /** Messages posted on platforms that Deskbot finds again (triage cards). */
  posts: ChannelPostStore;
  /** What adapters remember to reach people and channels again (Teams' service URLs). */
  routes: ChannelRouteStore;
  /** SLA clocks, timers and the ping ledger. */
  sla: SlaStore;
  /** Clients' Idempotency-Keys and the answers they got. */
  requestKeys: RequestKeyStore;
  /** Idle timers and cursors of automation rules. */
  automation: AutomationStore;
  /** Satisfaction surveys and their answers. */
  surveys: SurveyStore;
  /** Approvers' answers where all must approve. */
  approvals: ApprovalStore;
  /** Day rollups and live counts for reports and the manager's dashboard. */
  reports: ReportStore;
  /** Files attached to tickets' comments, and their bytes. */
  attachments: AttachmentStore;
  /** True when a trivial query answers. */
  /** Wake-ups between the instances on this database. */
  signals: Signals;
  /** Work one instance at a time may do (a gateway connection). */
  holders: Holders;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

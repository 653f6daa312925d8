/**
 * The neutral message vocabulary between the core and every channel. Dependency-free: the server build
 * and the web page's build both include this one module (the page reads the same shapes).
 */

/**
 * Outbound messages are made of neutral parts; each adapter renders them natively (Block Kit, Adaptive
 * Cards, Discord components, HTML). Text uses a small Markdown subset: **bold**, _italic_, `code`,
 * [label](url), line breaks and "- " list items.
 */
export type MessagePart =
  | { kind: 'text'; text: string }
  | { kind: 'articles'; articles: ArticleCard[] }
  | { kind: 'buttons'; buttons: Button[] }
  | { kind: 'select'; action: string; placeholder: string; options: SelectOption[] }
  | { kind: 'form'; form: FormSpec };

export interface ArticleCard {
  slug: string;
  title: string;
  snippet: string;
  url: string;
}

/** Clicking sends back an inbound action with this `action` and `value`. */
export interface Button {
  action: string;
  label: string;
  value?: string;
  style?: 'primary' | 'danger';
}

export interface SelectOption {
  label: string;
  value: string;
  description?: string;
}

/** A form, for channels that can show one; submitting sends `action` with `values` keyed by field id. */
export interface FormSpec {
  action: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
}

/** What a request type's field holds (the desk config's `type`). */
export type FieldType = 'text' | 'longtext' | 'select' | 'multiselect' | 'number' | 'date' | 'email' | 'user';

export interface FormField {
  id: string;
  label: string;
  type: FieldType;
  required: boolean;
  options?: string[];
  help?: string;
  /** Prefilled or previously entered value. */
  value?: unknown;
  /** Why the last value was refused. */
  error?: string;
}

export interface OutboundMessage {
  parts: MessagePart[];
}

/** Where a conversation lives, as the adapter knows it. */
export interface ConversationAddress {
  /** Stable and unique across platforms, e.g. `web:<person>` or `slack:T1:C1:1700000000.0001`. */
  id: string;
  platform: string;
  /** What the adapter needs to post there again (channel, thread, service URL, ...). */
  ref: Record<string, unknown>;
  /**
   * The largest form (inputs) the channel shows at once natively: a form with more fields, or any
   * where this is 0, is asked field by field (Discord modals take 5 inputs, a Slack modal 100).
   */
  formFields: number;
  /**
   * Each request has a thread of its own here (Slack threads, Teams reply chains, Discord threads), so
   * whatever is said in it is about that request. Without (the web chat, a DM), a message after a
   * ticket that is not clearly about it asks whether it is.
   */
  threaded?: boolean;
}

/** Who spoke on a platform, from its verified payload only (never from message text). */
export interface PlatformIdentity {
  platform: string;
  /** Workspace, team, tenant or guild; '' where the platform has none. */
  workspace: string;
  /** The platform's user id. */
  externalId: string;
}

/** Who spoke: a person signed in to Deskbot itself (the web chat), or a platform identity. */
export type Speaker = { personId: string } | PlatformIdentity;

/** Words, or a click (button, select) or a submitted form. */
export interface InboundAction {
  action: string;
  value?: string;
  values?: Record<string, unknown>;
}

/**
 * A file sent with a message, as the platform describes it: fetched (by the adapter's FileFetcher, with
 * the platform's own credentials) only when the turn keeps it, after the event is acknowledged.
 */
export interface InboundFile {
  name: string;
  contentType: string;
  /** Bytes, where the platform says. */
  size?: number;
  /** Where the adapter fetches it (Slack's url_private_download, a Teams contentUrl, Discord's CDN url). */
  url: string;
}

/** One inbound event as an adapter hands it to the core: verified and translated, nothing more. */
export interface InboundEvent {
  platform: string;
  /** The platform's delivery id: a retried delivery with the same id changes nothing. */
  deliveryId: string;
  conversation: ConversationAddress;
  speaker: Speaker;
  text?: string;
  action?: InboundAction;
  /** Files sent with the message. */
  files?: InboundFile[];
}

/** An inbound event once the core knows who the person is: what the conversation engine runs on. */
export interface InboundMessage extends Omit<InboundEvent, 'speaker'> {
  personId: string;
  /** The platform identity the person spoke as, when it was one (linking by code reads it). */
  speaker?: PlatformIdentity;
}

/** One line of a conversation's transcript. */
export interface TranscriptEntry {
  id: number;
  direction: 'in' | 'out';
  /** Inbound: { text } or { action, value }. Outbound: an OutboundMessage. */
  message: Record<string, unknown>;
  at: Date;
}

/** The actions the engine's buttons, selects and forms send back. */
export const ACTIONS = {
  solved: 'kb.solved',
  notSolved: 'kb.not_solved',
  chooseType: 'intake.type',
  browse: 'intake.browse',
  chooseDepartment: 'intake.department',
  answer: 'intake.answer',
  keep: 'intake.keep',
  skip: 'intake.skip',
  back: 'intake.back',
  cancel: 'intake.cancel',
  submitForm: 'intake.form',
  confirm: 'intake.confirm',
  newRequest: 'intake.new',
  /** After a ticket, in a conversation without threads: the words go to that ticket as a comment. */
  addToTicket: 'intake.add_to_ticket',
  /** After a ticket: the words start a new request instead. */
  startNew: 'intake.start_new',
  myRequests: 'requests.mine',
  /** In an agents' room (a triage card's thread): the text is an internal note on ticket `value`. */
  note: 'ticket.note',
  /** In an agents' room: the text is a public reply on ticket `value`, relayed to the requester. */
  reply: 'ticket.reply',
  /** The satisfaction survey's rating: `value` is KEY:round:rating. */
  rate: 'survey.rate',
  /** The survey's "still broken": `value` is KEY:round. */
  stillBroken: 'survey.reopen',
  /** An approver's answer: `value` is KEY:round (the approval round, so an old message cannot decide a new one). */
  approve: 'approval.approve',
  decline: 'approval.decline',
} as const;

/**
 * Shapes the page reads from the server. The message vocabulary is the core's own module, which this
 * build includes (it has no dependencies); the rest are the HTTP answers the page reads.
 */
import type { MessagePart } from '../../../src/ports/message.types.js';

export type {
  Button,
  FieldType,
  FormField,
  FormSpec,
  MessagePart,
  OutboundMessage,
  SelectOption,
} from '../../../src/ports/message.types.js';

/** One line of the chat transcript. */
export interface Line {
  id: number;
  direction: 'in' | 'out';
  message: {
    parts?: MessagePart[];
    text?: string;
    action?: string;
    value?: string;
    values?: Record<string, unknown>;
    /** The names of files sent with an inbound line. */
    files?: string[];
  };
  at: string;
}

/** What the page sends: words, or a click or a form. */
/** A file the page sends with a message, its bytes as base64. */
export interface SentFile {
  name: string;
  contentType: string;
  data: string;
}

export type Said =
  | { text?: string; files?: SentFile[] }
  | { action: string; value?: string; values?: Record<string, unknown> };

export interface WebConfig {
  desk: { name: string; baseUrl: string | null };
  demoIdentities: { email: string; name: string; role: 'requester' | 'agent' | 'manager' }[] | null;
}

export interface Me {
  id: string;
  email: string;
  name: string;
  roles: { role: 'agent' | 'manager' | 'kb_editor' | 'admin'; department: string }[];
}

export interface PersonBrief {
  id: string;
  name: string;
  email: string;
}

export interface Ticket {
  key: string;
  summary: string;
  department: { id: string; name: string };
  requestType: { id: string; name: string };
  status: { id: string; name: string; category: string };
  priority: string;
  requester: PersonBrief | null;
  assignee: PersonBrief | null;
  fields: Record<string, unknown>;
  resolution: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A file sent with a comment. */
export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  /** A picture shown in place; other files are downloads. */
  inline: boolean;
  url: string;
}

export interface Comment {
  id: number;
  author: PersonBrief | null;
  body: string;
  internal: boolean;
  createdAt: string;
  attachments?: Attachment[];
}

export interface TransitionOffer {
  id: string;
  name: string;
  to: { id: string; name: string; category: string };
  fields: { id: string; label: string; type: string; required: boolean; options?: string[] }[];
}

export interface Queue {
  id: string;
  name: string;
  /** Null for a built-in view ("All tickets", "Resolved") over every department the agent works. */
  department: string | null;
  count: number;
  more: boolean;
}

/** One clock of a ticket in a list's SLA column. */
export interface SlaBrief {
  metric: string;
  name: string;
  state: 'met' | 'breached' | 'at_risk' | 'on_track' | 'paused';
  dueAt: string | null;
  remainingMs: number | null;
}

export interface QueueTicket extends Ticket {
  sla: SlaBrief[];
}

/** A page of a queue as GET /api/v1/queues/:id/tickets gives it. */
export interface QueuePageAnswer {
  queue: { id: string; name: string; department: string | null };
  tickets: QueueTicket[];
  total: number;
  more: boolean;
  page: number;
  pages: number;
}

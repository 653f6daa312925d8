/**
 * Shapes the page reads from the server. The message types copy the core's (the browser build cannot
 * import it); test/unit/web/client-types.test.ts fails the type check when the two drift apart.
 */

export type MessagePart =
  | { kind: 'text'; text: string }
  | { kind: 'articles'; articles: { slug: string; title: string; snippet: string; url: string }[] }
  | { kind: 'buttons'; buttons: Button[] }
  | { kind: 'select'; action: string; placeholder: string; options: SelectOption[] }
  | { kind: 'form'; form: FormSpec };

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

export type FieldType = 'text' | 'longtext' | 'select' | 'multiselect' | 'number' | 'date' | 'email' | 'user';

export interface FormField {
  id: string;
  label: string;
  type: FieldType;
  required: boolean;
  options?: string[];
  help?: string;
  value?: unknown;
  error?: string;
}

export interface FormSpec {
  action: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
}

export interface OutboundMessage {
  parts: MessagePart[];
}

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
  };
  at: string;
}

/** What the page sends: words, or a click or a form. */
export type Said = { text: string } | { action: string; value?: string; values?: Record<string, unknown> };

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

export interface Comment {
  id: number;
  author: PersonBrief | null;
  body: string;
  internal: boolean;
  createdAt: string;
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
  department: string;
  count: number;
  more: boolean;
}

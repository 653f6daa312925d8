import type { Priority, StatusCategory } from './desk.types.js';

/** What a ticket's card in a triage channel shows; every click on it is checked again by the core. */
export interface TicketCard {
  ticketId: number;
  key: string;
  summary: string;
  url: string;
  department: { id: string; name: string };
  requestType: string;
  requester: { id: string; name: string };
  assignee: { id: string; name: string } | null;
  status: { id: string; name: string; category: StatusCategory };
  priority: Priority;
  /** Transitions out of the current status that someone on the desk's side may take. */
  transitions: { id: string; name: string; asksFields: boolean }[];
  /** Where each platform posts the department's card (config `departments[].triage`). */
  triage: Record<string, string>;
}

/**
 * Where a platform shows triage cards (Slack, Teams, Discord): post one, update it in place, reply in
 * the thread under it. Throws DeliveryError for the outbox's retry rules.
 */
export interface CardPort {
  platform: string;
  /** Posts the card; where it is now (the workspace it is in, and its message id). */
  post(channel: string, card: TicketCard): Promise<{ workspace: string; messageId: string }>;
  /** Updates the card in place; 'gone' when someone deleted it (it is posted afresh). */
  update(channel: string, messageId: string, card: TicketCard): Promise<'updated' | 'gone'>;
  /** The requester's public words, under the card for the agents. */
  reply(channel: string, messageId: string, words: { author: string; body: string }): Promise<void>;
}

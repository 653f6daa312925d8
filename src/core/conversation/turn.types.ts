import type { InboundFile, OutboundMessage, PlatformIdentity } from '../../ports/message.types.js';
import type { Person } from '../../ports/store.port.js';
import type { IntakeState } from './conversation.state.js';

/** What a turn works with: who speaks, where, what they said or clicked. */
export interface Turn {
  person: Person;
  conversationId: string;
  /** The conversation's owner (who started it); another person may write in a shared thread. */
  ownerId: string;
  /** The largest form the channel shows at once (see ConversationAddress.formFields). */
  formFields: number;
  /** Each request has its own thread here (see ConversationAddress.threaded). */
  threaded: boolean;
  deliveryId: string;
  text?: string;
  action?: { action: string; value?: string; values?: Record<string, unknown> };
  /** The ticket the conversation follows, if any. */
  ticketId: number | null;
  /** The platform identity the person spoke as (absent in the web chat, where they signed in). */
  speaker?: PlatformIdentity;
  /** Where the message came from, and the files sent with it. */
  platform: string;
  files?: InboundFile[];
}

/** Whether a request type's fields go as one form here, rather than one question at a time. */
export function fitsForm(turn: Turn, fields: number): boolean {
  return turn.formFields > 0 && fields <= turn.formFields;
}

/** What a turn decides: the next state, the ticket to follow, and the replies. */
export interface TurnResult {
  state: IntakeState;
  ticketId: number | null;
  replies: OutboundMessage[];
}

/** Articles for a person's words, and the events reports count (shown, solved, not solved). */
export interface ArticleSuggester {
  suggestArticles(
    text: string,
    limit?: number,
  ): Promise<{ slug: string; title: string; snippet: string; url: string }[]>;
  record(event: {
    type: 'suggestion_shown' | 'article_opened' | 'solved' | 'not_solved' | 'search_no_results';
    slugs?: string[];
    query?: string;
    personId?: string | null;
    conversationId?: string | null;
  }): Promise<void>;
}

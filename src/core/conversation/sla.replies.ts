import type { OutboundMessage } from '../../ports/message.types.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { ticketLink } from '../sla/sla.pings.js';
import { slaChatText } from '../sla/sla.view.js';
import { say, text } from './intake.replies.js';
import type { TurnDeps } from './turn.deps.js';
import type { Turn } from './turn.types.js';

/** "/sla" in a ticket's thread, or "sla IT-42": the ticket's clocks, for agents of the ticket only. */
export async function slaReply(
  deps: TurnDeps,
  turn: Turn,
  key: string | undefined,
): Promise<OutboundMessage> {
  const which = key ?? (turn.ticketId !== null ? { id: turn.ticketId } : null);
  if (!which) return say(text('Which ticket? Say **sla IT-42**, or **/sla** in a ticket’s thread.'));
  try {
    const view = await deps.sla.view(turn.person, which, true);
    return say(text(slaChatText(view, ticketLink(deps.baseUrl, view.ticket))));
  } catch (err) {
    if (err instanceof ForbiddenError) return say(text(`${err.message}.`));
    if (err instanceof NotFoundError)
      return say(text(`I can't find a ticket ${key?.toUpperCase() ?? ''} you can see.`));
    throw err;
  }
}

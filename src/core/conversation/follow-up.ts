import { ACTIONS, type OutboundMessage } from '../../ports/message.types.js';
import { NotFoundError } from '../errors.js';
import { requestLink } from '../tickets/ticket.links.js';
import { IDLE, type IntakeState } from './conversation.state.js';
import { buttons, say, text } from './intake.replies.js';
import { startIntake } from './intake.start.js';
import type { TurnDeps } from './turn.deps.js';
import type { Turn, TurnResult } from './turn.types.js';

/** Words that only make sense about the request just made (thanks, an update asked for, still broken). */
const FOLLOW_UP =
  /^(thanks?( you)?|thx|ty|ok(ay)?|great|perfect|cheers|any (update|news)s?|still (broken|not working|the same|happening)|it('s| is) (still|fixed|working))\b/;

/**
 * A message after a ticket, in the conversation that opened it. Where each request has its own thread
 * (Slack, Teams, Discord), it is about that request: a public comment. Where not (the web chat, a DM),
 * it is one only when clearly so (it names the ticket, or says thanks or "still broken"); anything else
 * asks: add it to the ticket, or start a new request?
 */
export async function afterTicket(deps: TurnDeps, turn: Turn, said: string): Promise<TurnResult> {
  const ticket = await deps.tickets.getById(turn.person, turn.ticketId!).catch(() => null);
  const key = ticket?.key ?? '';
  const words = said.toLowerCase();
  if (turn.threaded || !ticket || words.includes(key.toLowerCase()) || FOLLOW_UP.test(words))
    return { state: IDLE, ticketId: turn.ticketId, replies: [await commentOnTicket(deps, turn, said)] };
  return {
    state: { step: 'add_or_new', text: said },
    ticketId: turn.ticketId,
    replies: [
      say(
        text(`Add this to **${key}** (${ticket.summary}), or start a new request?`),
        buttons(
          { action: ACTIONS.addToTicket, label: `Add to ${key}`, style: 'primary' },
          { action: ACTIONS.startNew, label: 'New request' },
        ),
      ),
    ],
  };
}

/** The answer to "add to the ticket or start a new request?". */
export async function addOrNewStep(
  deps: TurnDeps,
  turn: Turn,
  state: Extract<IntakeState, { step: 'add_or_new' }>,
  words: string,
): Promise<TurnResult> {
  const action = turn.action?.action;
  if (action === ACTIONS.addToTicket || ['add', 'add it', 'add to it', 'yes'].includes(words))
    return { state: IDLE, ticketId: turn.ticketId, replies: [await commentOnTicket(deps, turn, state.text)] };
  if (action === ACTIONS.startNew || ['new', 'new one', 'no'].includes(words))
    return startIntake(deps, { ...turn, ticketId: null }, state.text);
  // Something else said instead of a choice: that is the message now.
  if (turn.text?.trim()) return afterTicket(deps, turn, turn.text.trim());
  return { state, ticketId: turn.ticketId, replies: [say(text('Choose **Add** or **New request**.'))] };
}

async function commentOnTicket(deps: TurnDeps, turn: Turn, body: string): Promise<OutboundMessage> {
  try {
    const comment = await deps.tickets.addComment(turn.person, { id: turn.ticketId! }, { body });
    const key = comment.ticketKey;
    return say(
      text(`Added to ${requestLink(deps.baseUrl, key)}. Say **new request** to ask for something else.`),
    );
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    return say(text("You can't add to that request: it isn't yours. Say **new request** to open your own."));
  }
}

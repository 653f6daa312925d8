import { ACTIONS, type OutboundMessage } from '../../ports/message.types.js';
import type { KeptFiles } from '../attachments/chat.files.js';
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
  // Files after a request (a photo of the error) are about it, wherever they are sent.
  const files = (turn.files?.length ?? 0) > 0;
  if (turn.threaded || !ticket || files || words.includes(key.toLowerCase()) || FOLLOW_UP.test(words))
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
    const files = await keepFiles(deps, turn, { id: turn.ticketId! });
    if (body === '' && files.ids.length === 0) return say(text(notKept(files.refused)));
    const comment = await deps.tickets.addComment(
      turn.person,
      { id: turn.ticketId! },
      { body, attachments: files.ids },
    );
    const key = comment.ticketKey;
    const added = `Added to ${requestLink(deps.baseUrl, key)}. Say **new request** to ask for something else.`;
    return say(text(files.refused.length ? `${added}\n${notKept(files.refused)}` : added));
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    return say(text("You can't add to that request: it isn't yours. Say **new request** to open your own."));
  }
}

/** The turn's files, kept on the ticket it is about (none when the message had none). */
export async function keepFiles(
  deps: TurnDeps,
  turn: Turn,
  ticket: { id: number } | string,
): Promise<KeptFiles> {
  if (!turn.files?.length) return { ids: [], refused: [] };
  const key = typeof ticket === 'string' ? ticket : (await deps.tickets.getById(turn.person, ticket.id)).key;
  return deps.files.keep(turn.person, key, turn.platform, turn.files);
}

/** Why files were left out, one line each. */
export function notKept(refused: string[]): string {
  return `Not attached:\n${refused.map((r) => `- ${r}`).join('\n')}`;
}

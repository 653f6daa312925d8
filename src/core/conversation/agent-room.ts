import type { OutboundMessage } from '../../ports/message.types.js';
import { DomainError } from '../errors.js';
import { say, text } from './intake.replies.js';
import type { TurnDeps } from './turn.deps.js';
import type { Turn } from './turn.types.js';

/**
 * A message in an agents' room (the thread under a ticket's triage card): an internal note, or a
 * public reply the relay takes to the requester. The ticket service checks who may do which.
 */
export async function agentComment(
  deps: TurnDeps,
  turn: Turn,
  internal: boolean,
): Promise<OutboundMessage[]> {
  const key = turn.action?.value ?? '';
  const body = (turn.text ?? '').trim();
  if (!key || !body) return [];
  try {
    await deps.tickets.addComment(turn.person, key, { body, internal });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const what = internal ? 'a note' : 'a reply';
    return [
      say(
        text(`${turn.person.name}, I could not add ${what} to ${key}: ${err.message}. Nothing was recorded.`),
      ),
    ];
  }
  return internal ? [] : [say(text(`Sent to the requester of ${key}.`))];
}

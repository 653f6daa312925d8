import type { OutboundMessage } from '../../ports/message.types.js';
import { DomainError } from '../errors.js';
import { keepFiles, notKept } from './follow-up.js';
import { say, text } from './intake.replies.js';
import type { TurnDeps } from './turn.deps.js';
import type { Turn } from './turn.types.js';

/** Written at the start of a message in an agents' room, it makes the rest a public reply. */
export const REPLY_PREFIX = /^reply:\s*/i;

/**
 * A message in an agents' room (the thread under a ticket's triage card, on any platform): an internal
 * note, or a public reply the relay takes to the requester (`reply:` in front, or sent as a reply).
 * The ticket service checks who may do which.
 */
export async function agentComment(deps: TurnDeps, turn: Turn, asReply: boolean): Promise<OutboundMessage[]> {
  const key = turn.action?.value ?? '';
  const said = (turn.text ?? '').trim();
  const internal = !asReply && !REPLY_PREFIX.test(said);
  const body = said.replace(REPLY_PREFIX, '').trim();
  if (!key || (!body && !turn.files?.length)) return [];
  let refused: string[] = [];
  try {
    const files = await keepFiles(deps, turn, key);
    refused = files.refused;
    if (!body && files.ids.length === 0) return [say(text(notKept(refused)))];
    await deps.tickets.addComment(turn.person, key, { body, internal, attachments: files.ids });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const what = internal ? 'a note' : 'a reply';
    return [
      say(
        text(`${turn.person.name}, I could not add ${what} to ${key}: ${err.message}. Nothing was recorded.`),
      ),
    ];
  }
  const left = refused.length ? [say(text(notKept(refused)))] : [];
  return internal ? left : [say(text(`Sent to the requester of ${key}.`)), ...left];
}

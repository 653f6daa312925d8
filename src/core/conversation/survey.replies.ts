import { ACTIONS } from '../../ports/message.types.js';
import { IDLE, type IntakeState } from './conversation.state.js';
import { say, text } from './intake.replies.js';
import type { TurnDeps } from './turn.deps.js';
import type { Turn, TurnResult } from './turn.types.js';

const SKIP = ['skip', 'no', 'no thanks', 'nothing', 'none'];

/**
 * A click on the satisfaction survey (a rating, "still broken"), or the optional words after a rating;
 * null when the turn is about something else. A rating given while idle asks for those words.
 */
export async function surveyTurn(
  deps: TurnDeps,
  turn: Turn,
  state: IntakeState,
  words: string,
): Promise<TurnResult | null> {
  const stay = (message: string): TurnResult => ({
    state,
    ticketId: turn.ticketId,
    replies: [say(text(message))],
  });
  const action = turn.action;
  if (action?.action === ACTIONS.rate) {
    const [key = '', round, rating] = (action.value ?? '').split(':');
    const outcome = await deps.surveys.rate(turn.person, key, Number(round), Number(rating));
    if (!outcome.ok || state.step !== 'idle') return stay(outcome.message);
    return {
      state: { step: 'survey_comment', key, round: Number(round) },
      ticketId: turn.ticketId,
      replies: [
        say(text(`${outcome.message} Anything you would like to add? Write it here, or say **skip**.`)),
      ],
    };
  }
  if (action?.action === ACTIONS.stillBroken) {
    const [key = '', round] = (action.value ?? '').split(':');
    try {
      return stay((await deps.surveys.stillBroken(turn.person, key, Number(round))).message);
    } catch (err) {
      return stay(`I could not reopen ${key}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (state.step !== 'survey_comment') return null;
  if (!turn.text?.trim() || SKIP.includes(words))
    return { state: IDLE, ticketId: turn.ticketId, replies: [say(text('No problem. Thank you!'))] };
  const outcome = await deps.surveys.comment(turn.person, state.key, state.round, turn.text);
  return { state: IDLE, ticketId: turn.ticketId, replies: [say(text(outcome.message))] };
}

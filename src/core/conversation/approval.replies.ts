import { ACTIONS } from '../../ports/message.types.js';
import type { IntakeState } from './conversation.state.js';
import { say, text } from './intake.replies.js';
import type { TurnDeps } from './turn.deps.js';
import type { Turn, TurnResult } from './turn.types.js';

/**
 * An approver's Approve or Decline, and the reason Decline asks for (the next words, then the
 * conversation goes back to where it was); null when the turn is about something else.
 */
export async function approvalTurn(
  deps: TurnDeps,
  turn: Turn,
  state: IntakeState,
  words: string,
): Promise<TurnResult | null> {
  const reply = (next: IntakeState, message: string): TurnResult => ({
    state: next,
    ticketId: turn.ticketId,
    replies: [say(text(message))],
  });
  const action = turn.action;
  if (action?.action === ACTIONS.approve || action?.action === ACTIONS.decline) {
    const [key = '', round] = (action.value ?? '').split(':');
    const at = Number(round);
    if (action.action === ACTIONS.approve)
      return reply(state, await deps.approvals.decide(turn.person, key, at, 'approve'));
    const standing = await deps.approvals.standing(turn.person, key, at);
    if (!standing.ok) return reply(state, standing.message);
    const resume = state.step === 'decline_reason' ? state.resume : state;
    return reply(
      { step: 'decline_reason', key: standing.ticket.key, round: at, resume },
      `Why are you declining ${standing.ticket.key}? The requester will read your reason. (Say **cancel** to leave it undecided.)`,
    );
  }
  if (state.step !== 'decline_reason') return null;
  if (words === 'cancel' || action?.action === ACTIONS.cancel)
    return reply(state.resume, `Nothing was decided on ${state.key}.`);
  if (!turn.text?.trim())
    return reply(state, `Please write why you are declining ${state.key}, or say **cancel**.`);
  return reply(
    state.resume,
    await deps.approvals.decide(turn.person, state.key, state.round, 'decline', turn.text),
  );
}

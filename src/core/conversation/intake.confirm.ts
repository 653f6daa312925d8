import type { RequestTypeConfig } from '../../config/desk.schema.js';
import { ACTIONS } from '../../ports/message.types.js';
import { ValidationError } from '../errors.js';
import { IDLE, type IntakeState } from './conversation.state.js';
import { askField, buttons, form, say, summary, text } from './intake.replies.js';
import { nextStep } from './next-step.js';
import { link, statusName } from './requests.replies.js';
import type { TurnDeps } from './turn.deps.js';
import { fitsForm, type Turn, type TurnResult } from './turn.types.js';

type ConfirmState = Extract<IntakeState, { step: 'confirm' }>;

/** Shows the summary and waits for "send". */
export function confirmation(deps: TurnDeps, turn: Turn, s: Omit<ConfirmState, 'step'>): TurnResult {
  const type = deps.catalog.requestType(s.requestType)!.type;
  return { state: { ...s, step: 'confirm' }, ticketId: turn.ticketId, replies: [summary(type, s.values)] };
}

/** Send opens the ticket (once, even if the turn is retried); Edit goes back to the fields or the form. */
export async function confirmStep(
  deps: TurnDeps,
  turn: Turn,
  state: ConfirmState,
  words: string,
): Promise<TurnResult> {
  const type = deps.catalog.requestType(state.requestType)!.type;
  const action = turn.action?.action;
  if (action === ACTIONS.back || ['back', 'edit', 'no'].includes(words)) {
    if (state.via === 'form') return backToForm(turn, state, type, {});
    const asked = state.asked.length ? state.asked : [0];
    return backToField(turn, state, type, asked, state.asked.length > 1);
  }
  if (action !== ACTIONS.confirm && !['yes', 'send', 'submit', 'ok', 'send request'].includes(words)) {
    return {
      state,
      ticketId: turn.ticketId,
      replies: [
        say(text('Shall I send it? Choose **Send request**, **Edit** or **Cancel**.')),
        summary(type, state.values),
      ],
    };
  }
  try {
    const ticket = await deps.tickets.create(
      turn.person,
      { requestType: state.requestType, fields: state.values },
      {
        requestKey: `${turn.conversationId}#${turn.deliveryId}`,
        originConversationId: turn.conversationId,
        words: state.text,
      },
    );
    deps.finder.learn(state.text, state.requestType);
    return {
      state: IDLE,
      ticketId: ticket.id,
      replies: [
        say(
          text(
            `Your request ${link(deps, ticket)} (${ticket.summary}) is **${statusName(deps, ticket)}**: ${nextStep(deps.catalog, ticket)}\nI'll post replies and status changes here.`,
          ),
          buttons(
            { action: ACTIONS.myRequests, label: 'My requests' },
            { action: ACTIONS.newRequest, label: 'New request' },
          ),
        ),
      ],
    };
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    // Something changed since the answers were checked (e.g. a person left): ask again.
    const problems = Object.entries(err.fields).map(([f, reason]) => `- ${f}: ${reason}`);
    const sorry = say(text(`I couldn't send it:\n${problems.join('\n')}`));
    if (fitsForm(turn, type.fields.length)) {
      const again = backToForm(turn, state, type, err.fields);
      return { ...again, replies: [sorry, ...again.replies] };
    }
    const index = Math.max(
      0,
      type.fields.findIndex((f) => err.fields[f.id] !== undefined),
    );
    const again = backToField(turn, state, type, [index], false, err.fields);
    return { ...again, replies: [sorry, ...again.replies] };
  }
}

/** The form again, with the values given and the reason for each refused one. */
function backToForm(
  turn: Turn,
  state: ConfirmState,
  type: RequestTypeConfig,
  errors: Record<string, string>,
): TurnResult {
  const { text: problem, requestType, values, prefill } = state;
  return {
    state: { step: 'form', text: problem, requestType, values, prefill },
    ticketId: turn.ticketId,
    replies: [form(type, values, errors)],
  };
}

/** One field again (the last of `asked`), offering the value given, with the reason it was refused. */
function backToField(
  turn: Turn,
  state: ConfirmState,
  type: RequestTypeConfig,
  asked: number[],
  canGoBack: boolean,
  errors: Record<string, string> = {},
): TurnResult {
  const { text: problem, requestType, values, prefill } = state;
  const field = type.fields[asked.at(-1)!]!;
  return {
    state: { step: 'fields', text: problem, requestType, values, prefill, asked },
    ticketId: turn.ticketId,
    replies: [askField(field, values[field.id], canGoBack, errors[field.id])],
  };
}

import { ACTIONS, type OutboundMessage } from '../../ports/message.types.js';
import { agentComment } from './agent-room.js';
import { approvalTurn } from './approval.replies.js';
import { IDLE, type IntakeState } from './conversation.state.js';
import { addOrNewStep, afterTicket } from './follow-up.js';
import { offerDepartments, offerTypes } from './intake.choices.js';
import { confirmStep } from './intake.confirm.js';
import { beginFields, fieldsStep, formStep } from './intake.fields.js';
import { buttons, cancelButton, say, text } from './intake.replies.js';
import { startIntake } from './intake.start.js';
import { linkReply } from './link.replies.js';
import { helpMessage, myRequests, ticketStatus } from './requests.replies.js';
import { slaReply } from './sla.replies.js';
import { surveyTurn } from './survey.replies.js';
import type { TurnDeps } from './turn.deps.js';
import type { Turn, TurnResult } from './turn.types.js';

const STATUS = /^status\s+([a-z][a-z0-9]*-\d+)$/i;
const SLA = /^\/?sla(?:\s+([a-z][a-z0-9]*-\d+))?$/i;

/** One turn of the dialogue: global commands first, then the step the conversation is at. */
/** Files sent before there is a request to keep them on. */
const FILES_LATER =
  'Tell me what you need help with, in your own words. I can keep files once your request is open: send them again then.';

export async function runTurn(deps: TurnDeps, turn: Turn, state: IntakeState): Promise<TurnResult> {
  const words = (turn.text ?? '')
    .trim()
    .toLowerCase()
    .replace(/[.!?]+$/, '');
  const action = turn.action?.action;
  const stay = (...replies: OutboundMessage[]): TurnResult => ({ state, ticketId: turn.ticketId, replies });

  // An agents' room is shared by the department's agents: no owner, no intake.
  if (action === ACTIONS.note || action === ACTIONS.reply) {
    return stay(...(await agentComment(deps, turn, action === ACTIONS.reply)));
  }
  const answered =
    (await surveyTurn(deps, turn, state, words)) ?? (await approvalTurn(deps, turn, state, words));
  if (answered) return answered;
  if (state.step !== 'idle' && turn.person.id !== turn.ownerId) {
    return stay(
      say(text('Someone else is filling in a request here. Message me directly to start your own.')),
    );
  }
  if (action === ACTIONS.cancel || words === 'cancel') {
    if (state.step === 'idle') return stay(say(text('There is nothing to cancel.')));
    return { state: IDLE, ticketId: turn.ticketId, replies: [say(text('Cancelled. Nothing was sent.'))] };
  }
  if (action === ACTIONS.myRequests || ['my requests', 'my', 'my tickets'].includes(words)) {
    return stay(await myRequests(deps, turn));
  }
  const status = STATUS.exec(words);
  if (status) return stay(await ticketStatus(deps, turn, status[1]!));
  const sla = SLA.exec(words);
  if (sla) return stay(await slaReply(deps, turn, sla[1]));
  if (words === 'help') return stay(helpMessage());
  const linked = await linkReply(deps, turn, words);
  if (linked) return stay(linked);
  if (action === ACTIONS.newRequest || words === 'new request' || words === 'new') {
    return {
      state: IDLE,
      ticketId: null,
      replies: [say(text('What do you need help with? Describe it in your own words.'))],
    };
  }

  switch (state.step) {
    case 'idle':
      if (turn.ticketId !== null && (turn.text?.trim() || turn.files?.length))
        return afterTicket(deps, turn, turn.text?.trim() ?? '');
      if (!turn.text?.trim())
        return stay(
          say(text(turn.files?.length ? FILES_LATER : 'Tell me what you need help with, in your own words.')),
        );
      return startIntake(deps, turn, turn.text.trim());
    case 'add_or_new':
      return addOrNewStep(deps, turn, state, words);
    case 'articles':
      return articlesStep(deps, turn, state, words);
    case 'type':
    case 'department':
    case 'department_type':
      return chooseTypeStep(deps, turn, state, words);
    case 'fields':
      return fieldsStep(deps, turn, state);
    case 'form':
      return formStep(deps, turn, state);
    case 'confirm':
      return confirmStep(deps, turn, state, words);
    case 'survey_comment':
    case 'decline_reason':
      return { state: IDLE, ticketId: turn.ticketId, replies: [] }; // answered above
  }
}

async function articlesStep(
  deps: TurnDeps,
  turn: Turn,
  state: Extract<IntakeState, { step: 'articles' }>,
  words: string,
): Promise<TurnResult> {
  // The words go with the answer: editors see which questions the articles did not answer.
  const who = {
    personId: turn.person.id,
    conversationId: turn.conversationId,
    slugs: state.slugs,
    query: state.text,
  };
  if (
    turn.action?.action === ACTIONS.solved ||
    ['solved', 'yes', 'that solved it', 'thanks'].includes(words)
  ) {
    await deps.kb.record({ type: 'solved', ...who });
    return {
      state: IDLE,
      ticketId: turn.ticketId,
      replies: [say(text('Glad that helped! If anything else comes up, just ask.'))],
    };
  }
  await deps.kb.record({ type: 'not_solved', ...who });
  // Anything they add while saying it did not help is part of the problem.
  const more =
    turn.text?.trim() && !['no', 'still need help', 'i still need help', 'not solved'].includes(words);
  return offerTypes(deps, turn, more ? `${state.text}\n${turn.text!.trim()}` : state.text);
}

async function chooseTypeStep(
  deps: TurnDeps,
  turn: Turn,
  state: Extract<IntakeState, { step: 'type' | 'department' | 'department_type' }>,
  words: string,
): Promise<TurnResult> {
  const action = turn.action;
  if (action?.action === ACTIONS.browse || words === 'browse')
    return offerDepartments(deps, turn, state.text, 'Sure.');
  if (action?.action === ACTIONS.back || words === 'back') return offerTypes(deps, turn, state.text);
  if (action?.action === ACTIONS.chooseDepartment || state.step === 'department') {
    const wanted = action?.value ?? words;
    const department = deps.catalog.config.departments.find(
      (d) => d.id === wanted || d.name.toLowerCase() === wanted,
    );
    if (!department) return offerDepartments(deps, turn, state.text, "I don't know that team.");
    return {
      state: { step: 'department_type', text: state.text, department: department.id },
      ticketId: turn.ticketId,
      replies: [
        say(
          text(`What do you need from ${department.name}?`),
          {
            kind: 'select',
            action: ACTIONS.chooseType,
            placeholder: 'Choose a request type',
            options: department.requestTypes.map((t) => ({
              label: t.name,
              value: t.id,
              description: t.description,
            })),
          },
          buttons({ action: ACTIONS.browse, label: 'Other teams' }, cancelButton),
        ),
      ],
    };
  }
  const choices =
    state.step === 'type'
      ? state.suggested
      : (deps.catalog.department(state.department)?.requestTypes.map((t) => t.id) ?? []);
  const picked = pickType(deps, choices, action?.action === ACTIONS.chooseType ? action.value : words);
  if (!picked) {
    return state.step === 'type'
      ? offerTypes(deps, turn, state.text)
      : offerDepartments(deps, turn, state.text, 'Please pick one of the list.');
  }
  return beginFields(deps, turn, picked, state.text);
}

/** A choice by id, by name or by its number in the list. */
function pickType(deps: TurnDeps, choices: string[], answer: string | undefined): string | undefined {
  if (!answer) return undefined;
  const n = Number(answer);
  if (Number.isInteger(n) && n >= 1 && n <= choices.length) return choices[n - 1];
  return choices.find(
    (id) => id === answer || deps.catalog.requestType(id)?.type.name.toLowerCase() === answer.toLowerCase(),
  );
}

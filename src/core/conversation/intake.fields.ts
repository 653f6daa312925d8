import type { FieldConfig, RequestTypeConfig } from '../../config/desk.schema.js';
import { ACTIONS } from '../../ports/message.types.js';
import { runValidators, validateFields } from '../tickets/field.validation.js';
import type { IntakeState } from './conversation.state.js';
import { prefillFromText } from './field.prefill.js';
import { offerTypes } from './intake.choices.js';
import { confirmation } from './intake.confirm.js';
import { askField, form, say, text } from './intake.replies.js';
import type { TurnDeps } from './turn.deps.js';
import { fitsForm, type Turn, type TurnResult } from './turn.types.js';

type FieldsState = Extract<IntakeState, { step: 'fields' }>;
type FormState = Extract<IntakeState, { step: 'form' }>;

/** Starts asking for a chosen request type's fields: as one form where the channel can show it. */
export function beginFields(deps: TurnDeps, turn: Turn, requestType: string, problem: string): TurnResult {
  const type = deps.catalog.requestType(requestType)!.type;
  const prefill = prefillFromText(type.fields, problem);
  if (fitsForm(turn, type.fields.length)) {
    const state: FormState = { step: 'form', text: problem, requestType, values: {}, prefill };
    return { state, ticketId: turn.ticketId, replies: [form(type, prefill, {})] };
  }
  if (type.fields.length === 0)
    return confirmation(deps, turn, {
      text: problem,
      requestType,
      values: {},
      prefill,
      via: 'fields',
      asked: [],
    });
  const state: FieldsState = { step: 'fields', text: problem, requestType, values: {}, prefill, asked: [0] };
  return {
    state,
    ticketId: turn.ticketId,
    replies: [askField(type.fields[0]!, prefill[type.fields[0]!.id], false)],
  };
}

/** One answer to the field being asked: a value, keep, skip or back. */
export async function fieldsStep(deps: TurnDeps, turn: Turn, state: FieldsState): Promise<TurnResult> {
  const type = deps.catalog.requestType(state.requestType)!.type;
  const index = state.asked.at(-1)!;
  const field = type.fields[index]!;
  const words = (turn.text ?? '').trim().toLowerCase();
  const action = turn.action?.action;
  const offered = (f: FieldConfig) => state.values[f.id] ?? state.prefill[f.id];
  const reask = (problem: string): TurnResult => ({
    state,
    ticketId: turn.ticketId,
    replies: [askField(field, offered(field), state.asked.length > 1, problem)],
  });

  if (action === ACTIONS.back || words === 'back') {
    if (state.asked.length === 1) return offerTypes(deps, turn, state.text);
    const asked = state.asked.slice(0, -1);
    const previous = type.fields[asked.at(-1)!]!;
    return {
      state: { ...state, asked },
      ticketId: turn.ticketId,
      replies: [askField(previous, offered(previous), asked.length > 1)],
    };
  }
  let answer: unknown;
  if (action === ACTIONS.skip || words === 'skip') {
    if (field.required) return reask(`${field.label} is required, so it can't be skipped`);
    const values = { ...state.values };
    delete values[field.id];
    return next(deps, turn, { ...state, values }, type);
  }
  if (action === ACTIONS.keep) answer = offered(field);
  else if (action === ACTIONS.answer) answer = turn.action?.value;
  else answer = turn.text;
  if (answer === undefined || (typeof answer === 'string' && answer.trim() === ''))
    return reask('I need an answer');

  const problem = await checkOne(deps, field, answer);
  if (typeof problem === 'string') return reask(problem);
  return next(deps, turn, { ...state, values: { ...state.values, [field.id]: problem.value } }, type);
}

/** The next field not yet answered; at the end, the request type's validators, then the summary. */
function next(deps: TurnDeps, turn: Turn, state: FieldsState, type: RequestTypeConfig): TurnResult {
  // The next field not asked yet: after a re-asked field (a validator failed) the rest are done already.
  const index = type.fields.findIndex((_, i) => i > state.asked.at(-1)! && !state.asked.includes(i));
  if (index !== -1) {
    const field = type.fields[index]!;
    const asked = [...state.asked, index];
    return {
      state: { ...state, asked },
      ticketId: turn.ticketId,
      replies: [askField(field, state.prefill[field.id], true)],
    };
  }
  const failing = runValidators(type.validators, state.values, (id) => labelOf(type, id));
  const [fieldId, reason] = Object.entries(failing)[0] ?? [];
  if (fieldId) {
    const at = type.fields.findIndex((f) => f.id === fieldId);
    const field = type.fields[at]!;
    return {
      state: { ...state, asked: [...state.asked, at] },
      ticketId: turn.ticketId,
      replies: [askField(field, state.values[field.id], true, reason)],
    };
  }
  return confirmation(deps, turn, { ...state, via: 'fields' });
}

/** A submitted form: every field checked at once; errors come back in the form, values kept. */
export async function formStep(deps: TurnDeps, turn: Turn, state: FormState): Promise<TurnResult> {
  const type = deps.catalog.requestType(state.requestType)!.type;
  if (turn.action?.action !== ACTIONS.submitForm) {
    return {
      state,
      ticketId: turn.ticketId,
      replies: [
        say(text('Please fill in the form, or say **cancel**.')),
        form(type, { ...state.prefill, ...state.values }, {}),
      ],
    };
  }
  const submitted = turn.action.values ?? {};
  const { values, errors } = validateFields(type.fields, submitted);
  for (const f of type.fields) {
    if (
      f.type === 'user' &&
      values[f.id] !== undefined &&
      !errors[f.id] &&
      !(await deps.people.findByEmail(String(values[f.id])))
    ) {
      errors[f.id] = `nobody has the email ${values[f.id]}`;
    }
  }
  if (Object.keys(errors).length === 0)
    Object.assign(
      errors,
      runValidators(type.validators, values, (id) => labelOf(type, id)),
    );
  if (Object.keys(errors).length > 0) {
    return {
      state: { ...state, values: submitted },
      ticketId: turn.ticketId,
      replies: [form(type, submitted, errors)],
    };
  }
  return confirmation(deps, turn, {
    text: state.text,
    requestType: state.requestType,
    values,
    prefill: state.prefill,
    via: 'form',
    asked: [],
  });
}

/** Checks one answer; the clean value, or why it was refused. */
async function checkOne(
  deps: TurnDeps,
  field: FieldConfig,
  answer: unknown,
): Promise<{ value: unknown } | string> {
  const { values, errors } = validateFields([field], { [field.id]: answer });
  if (errors[field.id]) return errors[field.id]!;
  const value = values[field.id];
  if (field.type === 'user' && !(await deps.people.findByEmail(String(value))))
    return `nobody has the email ${value}`;
  return { value };
}

function labelOf(type: RequestTypeConfig, id: string): string {
  return type.fields.find((f) => f.id === id)?.label ?? id;
}

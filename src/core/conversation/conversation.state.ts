/** Where a conversation's intake dialogue stands; stored as JSON with the conversation. */
export type IntakeState =
  | { step: 'idle' }
  /** A message after a ticket that may be a new request: waiting for "add to it" or "new request". */
  | { step: 'add_or_new'; text: string }
  /** Articles were suggested; waiting for "solved" or "still need help". */
  | { step: 'articles'; text: string; slugs: string[] }
  /** Request types were suggested; waiting for a choice or "browse". */
  | { step: 'type'; text: string; suggested: string[] }
  | { step: 'department'; text: string }
  | { step: 'department_type'; text: string; department: string }
  /** Asking the fields one at a time; `asked` is the stack of field indexes asked, for "back". */
  | { step: 'fields'; text: string; requestType: string; values: Values; prefill: Values; asked: number[] }
  /** A form was shown (channels that can show one). */
  | { step: 'form'; text: string; requestType: string; values: Values; prefill: Values }
  | {
      step: 'confirm';
      text: string;
      requestType: string;
      values: Values;
      prefill: Values;
      via: 'fields' | 'form';
      asked: number[];
    }
  /** A survey was rated here; the next words are its optional comment. */
  | { step: 'survey_comment'; key: string; round: number }
  /** An approver chose Decline; the next words are the reason, then the dialogue resumes where it was. */
  | { step: 'decline_reason'; key: string; round: number; resume: IntakeState };

export type Values = Record<string, unknown>;

export const IDLE: IntakeState = { step: 'idle' };

/** Reads a stored state, falling back to idle for anything unknown (an older shape after an upgrade). */
export function readState(raw: Record<string, unknown> | undefined): IntakeState {
  const step = raw?.step;
  const known = [
    'idle',
    'add_or_new',
    'articles',
    'type',
    'department',
    'department_type',
    'fields',
    'form',
    'confirm',
    'survey_comment',
    'decline_reason',
  ];
  return typeof step === 'string' && known.includes(step) ? (raw as IntakeState) : IDLE;
}

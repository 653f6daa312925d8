import { ACTIONS } from '../../ports/message.types.js';
import { buttons, cancelButton, say, text } from './intake.replies.js';
import type { TurnDeps } from './turn.deps.js';
import type { Turn, TurnResult } from './turn.types.js';

/** Suggests request types for the problem; with no clear match, offers the departments instead. */
export function offerTypes(deps: TurnDeps, turn: Turn, problem: string): TurnResult {
  const guessed = deps.finder.find(problem, 3);
  if (guessed.length === 0)
    return offerDepartments(deps, turn, problem, "I'm not sure which kind of request this is.");
  // The best guess's department's "something else", for a request none of the guesses fits.
  const department = deps.catalog.requestType(guessed[0]!)!.department;
  const catchAll = department.requestTypes.find((t) => t.catchAll);
  const suggested = catchAll ? [...guessed, catchAll.id] : guessed;
  return {
    state: { step: 'type', text: problem, suggested },
    ticketId: turn.ticketId,
    replies: [
      say(
        text("Let's open a request. Which of these fits best?"),
        {
          kind: 'select',
          action: ACTIONS.chooseType,
          placeholder: 'Choose a request type',
          options: suggested.map((id) => {
            const entry = deps.catalog.requestType(id)!;
            return {
              label: `${entry.type.name} (${entry.department.name})`,
              value: id,
              description: entry.type.description,
            };
          }),
        },
        buttons({ action: ACTIONS.browse, label: 'Browse by department' }, cancelButton),
      ),
    ],
  };
}

/** Lets the person browse: department first, then its request types. */
export function offerDepartments(deps: TurnDeps, turn: Turn, problem: string, lead: string): TurnResult {
  const departments = deps.catalog.config.departments;
  return {
    state: { step: 'department', text: problem },
    ticketId: turn.ticketId,
    replies: [
      say(
        text(`${lead} Which team can help?`),
        buttons(
          ...departments.map((d) => ({ action: ACTIONS.chooseDepartment, label: d.name, value: d.id })),
          cancelButton,
        ),
      ),
    ],
  };
}

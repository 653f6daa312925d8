import type { Attachment } from 'botbuilder';
import type { TicketCard } from '../../src/ports/card.port.js';
import { PRIORITIES } from '../../src/ports/desk.types.js';
import { adaptiveCard, submit, textBlock } from './teams.render.js';

/** What a triage card's Action.Submit data carries: `triage` is the click, `key` the ticket. */
export const TRIAGE = { click: 'triage', priority: 'triage_priority', reply: 'triage_reply' } as const;
/** The verb of the card's refresh: Teams asks for it as each person views the card. */
export const TRIAGE_VIEW = 'triage.view';
export type TriageClick = 'assign' | 'priority' | 'move' | 'reply';

/**
 * A ticket's card in its department's Teams channel, updated in place on every change. As posted it
 * shows the desk's steps; its `refresh` has Teams ask, as each person views it (channels of up to 60
 * members), for their own card, with only the steps they may take (`teams.card-view.ts`). Its reply
 * chain is the agents' room (a reply there is an internal note); "Reply to requester" sends a public
 * reply. Every click is checked again by the core.
 */
export function renderCard(card: TicketCard): Attachment {
  const data = (click: TriageClick, more: Record<string, unknown> = {}) => ({
    [TRIAGE.click]: click,
    key: card.key,
    ...more,
  });
  const body = [
    textBlock(`**[${card.key}](${card.url})** ${card.summary}`, { size: 'Medium' }),
    {
      type: 'FactSet',
      facts: [
        { title: 'Requester', value: card.requester.name },
        { title: 'Type', value: card.requestType },
        { title: 'Status', value: card.status.name },
        { title: 'Priority', value: card.priority },
        { title: 'Assignee', value: card.assignee?.name ?? 'Unassigned' },
      ],
    },
    textBlock('Reply to this card to add an internal note; start with `reply:` to answer the requester.', {
      isSubtle: true,
      size: 'Small',
    }),
  ];
  const actions = [
    submit('Assign to me', data('assign')),
    {
      type: 'Action.ShowCard',
      title: 'Priority',
      card: {
        type: 'AdaptiveCard',
        body: [
          {
            type: 'Input.ChoiceSet',
            id: TRIAGE.priority,
            style: 'compact',
            value: card.priority,
            choices: PRIORITIES.map((p) => ({ title: p, value: p })),
          },
        ],
        actions: [submit('Set priority', data('priority'))],
      },
    },
    ...card.transitions
      .slice(0, 8)
      .map((t) => submit(t.asksFields ? `${t.name}…` : t.name, data('move', { transition: t.id }))),
    {
      type: 'Action.ShowCard',
      title: 'Reply to requester',
      card: {
        type: 'AdaptiveCard',
        body: [
          {
            type: 'Input.Text',
            id: TRIAGE.reply,
            isMultiline: true,
            label: `Reply to ${card.requester.name}`,
            isRequired: true,
          },
        ],
        actions: [submit('Send reply', data('reply'), 'primary')],
      },
    },
  ];
  const refresh = {
    action: { type: 'Action.Execute', title: 'Refresh', verb: TRIAGE_VIEW, data: { key: card.key } },
  };
  return adaptiveCard(body, actions, { refresh });
}

/** The requester's words as the agents' room shows them: a card, so nothing in them is rendered as HTML. */
export function requesterWords(name: string, body: string): Attachment {
  return adaptiveCard([
    textBlock(`**${name}** wrote:`),
    { type: 'Container', style: 'emphasis', items: [textBlock(body)] },
  ]);
}

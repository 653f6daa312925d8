import type { TicketCard } from '../../src/ports/card.port.js';
import { PRIORITIES } from '../../src/ports/desk.types.js';
import type { Block } from './slack.renderer.js';
import { plain, safeText } from './slack.text.js';

/** Action ids of a triage card; the block id `card|KEY` names the ticket. */
export const CARD_ACTIONS = {
  assign: 'triage.assign',
  priority: 'triage.priority',
  /** Followed by `#n`; the value is the transition id. */
  move: 'triage.move',
} as const;

/** A ticket's card in its department's triage channel; the same for everyone who sees it. */
export function renderCard(card: TicketCard): { text: string; blocks: Block[] } {
  const title = `*<${card.url}|${card.key}>* ${safeText(card.summary)}`;
  const facts = [
    `Requester: ${safeText(card.requester.name)}`,
    safeText(card.requestType),
    `Status: *${safeText(card.status.name)}*`,
    `Priority: ${card.priority}`,
    card.assignee ? `Assignee: ${safeText(card.assignee.name)}` : 'Unassigned',
  ].join('  ·  ');
  const priorities = PRIORITIES.map((p) => ({ text: plain(p, 75), value: p }));
  const elements: Block[] = [
    { type: 'button', action_id: CARD_ACTIONS.assign, text: plain('Assign to me', 75), value: card.key },
    {
      type: 'static_select',
      action_id: CARD_ACTIONS.priority,
      placeholder: plain('Priority', 150),
      options: priorities,
      initial_option: priorities.find((p) => p.value === card.priority),
    },
    ...card.transitions.slice(0, 20).map((t, i) => ({
      type: 'button',
      action_id: `${CARD_ACTIONS.move}#${i}`,
      text: plain(t.asksFields ? `${t.name}…` : t.name, 75),
      value: t.id,
    })),
  ];
  return {
    text: `${card.key} ${safeText(card.summary)} (${safeText(card.status.name)})`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: title } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: facts }] },
      { type: 'actions', block_id: `card|${card.key}`, elements },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Write in this thread to add an internal note; start with `reply:` to answer the requester.',
          },
        ],
      },
    ],
  };
}

/** The requester's words as the agents' room shows them. */
export function requesterWords(name: string, body: string): string {
  return `*${safeText(name)}* wrote:\n${body
    .split('\n')
    .map((l) => `> ${safeText(l)}`)
    .join('\n')}`;
}

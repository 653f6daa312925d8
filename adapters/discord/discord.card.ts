import type { TicketCard } from '../../src/ports/card.port.js';
import { PRIORITIES } from '../../src/ports/desk.types.js';
import { type DiscordMessage, row } from './discord.render.js';
import { clip, safeText } from './discord.text.js';

/** A card's custom ids: `triage|CLICK|KEY[|TRANSITION]`; `movef` is a step that asks fields (a modal). */
export const CARD = 'triage';
export type CardClickName = 'assign' | 'priority' | 'steps' | 'move' | 'movef' | 'reply';

export function cardId(click: CardClickName, key: string, transition?: string): string {
  return [CARD, click, key, ...(transition ? [transition] : [])].join('|');
}

export function parseCardId(id: string): { click: CardClickName; key: string; transition?: string } | null {
  const m = /^triage\|(assign|priority|steps|move|movef|reply)\|([A-Z][A-Z0-9]*-\d+)(?:\|(.+))?$/.exec(id);
  return m ? { click: m[1] as CardClickName, key: m[2]!, ...(m[3] ? { transition: m[3] } : {}) } : null;
}

/**
 * A ticket's message in its department's channel, the same for everyone and edited in place: the facts,
 * Assign to me, Reply to requester, Priority, and **Steps…**, which answers each person, privately, with
 * only the workflow steps they may take (`stepButtons`). Every click is checked again for the person
 * who clicked. Its thread is the agents' room.
 */
export function renderCard(card: TicketCard): DiscordMessage {
  const rows = [
    row([
      { type: 2, style: 1, custom_id: cardId('assign', card.key), label: 'Assign to me' },
      { type: 2, style: 2, custom_id: cardId('reply', card.key), label: 'Reply to requester' },
      ...(card.transitions.length > 0
        ? [{ type: 2, style: 2, custom_id: cardId('steps', card.key), label: 'Steps…' }]
        : []),
    ]),
    row([
      {
        type: 3,
        custom_id: cardId('priority', card.key),
        placeholder: 'Priority',
        options: PRIORITIES.map((p) => ({ label: p, value: p, default: p === card.priority })),
      },
    ]),
  ];
  return {
    content: '',
    embeds: [
      {
        title: clip(safeText(`${card.key} ${card.summary}`), 256),
        url: card.url,
        fields: [
          { name: 'Requester', value: clip(safeText(card.requester.name), 1024), inline: true },
          { name: 'Type', value: clip(safeText(card.requestType), 1024), inline: true },
          { name: 'Status', value: card.status.name, inline: true },
          { name: 'Priority', value: card.priority, inline: true },
          {
            name: 'Assignee',
            value: clip(safeText(card.assignee?.name ?? 'Unassigned'), 1024),
            inline: true,
          },
        ],
        footer: {
          text: 'Write in this thread to add an internal note; start with reply: to answer the requester.',
        },
      },
    ],
    components: rows,
    allowed_mentions: { parse: [] },
  };
}

/** The steps one person may take on a ticket, as buttons (for their eyes only). */
export function stepButtons(
  key: string,
  steps: { id: string; name: string; asksFields: boolean }[],
): Record<string, unknown>[] {
  const buttons = steps.slice(0, 25).map((t) => ({
    type: 2,
    style: 2,
    custom_id: cardId(t.asksFields ? 'movef' : 'move', key, t.id),
    label: clip(t.asksFields ? `${t.name}…` : t.name, 80),
  }));
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < buttons.length; i += 5) rows.push(row(buttons.slice(i, i + 5)));
  return rows;
}

/** The requester's words as the agents' room shows them. */
export function requesterWords(name: string, body: string): DiscordMessage {
  return {
    content: clip(
      `**${safeText(name)}** wrote:\n${body
        .split('\n')
        .map((l) => `> ${safeText(l)}`)
        .join('\n')}`,
      2000,
    ),
    embeds: [],
    components: [],
    allowed_mentions: { parse: [] },
  };
}

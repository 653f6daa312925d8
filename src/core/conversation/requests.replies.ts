import type { OutboundMessage } from '../../ports/message.types.js';
import type { TicketRecord } from '../../ports/store.port.js';
import { NotFoundError } from '../errors.js';
import { requestLink } from '../tickets/ticket.links.js';
import { say, text } from './intake.replies.js';
import type { TurnDeps } from './turn.deps.js';
import type { Turn } from './turn.types.js';

/** "my requests": the person's own tickets, newest first, from the store. */
export async function myRequests(deps: TurnDeps, turn: Turn): Promise<OutboundMessage> {
  const tickets = await deps.tickets.list(turn.person, { requesterId: turn.person.id, limit: 10 });
  if (tickets.length === 0)
    return say(text("You have no requests yet. Tell me what you need help with and I'll open one."));
  const lines = tickets.map((t) => `- ${link(deps, t)} ${t.summary} — ${statusName(deps, t)}`);
  return say(text(`**Your requests**\n${lines.join('\n')}`));
}

/** "status IT-42": one ticket, only if the person may see it (never whether it exists otherwise). */
export async function ticketStatus(deps: TurnDeps, turn: Turn, key: string): Promise<OutboundMessage> {
  try {
    const t = await deps.tickets.get(turn.person, key);
    const assignee = t.assigneeId ? (await deps.people.find(t.assigneeId))?.name : undefined;
    const lines = [
      `${link(deps, t)} ${t.summary}`,
      `Status: **${statusName(deps, t)}**${t.resolution ? ` (${t.resolution})` : ''} · Priority: ${t.priority}`,
      assignee ? `Assigned to ${assignee}` : 'Not assigned yet',
    ];
    return say(text(lines.join('\n')));
  } catch (err) {
    if (err instanceof NotFoundError)
      return say(text(`I can't find a request ${key.toUpperCase()} of yours.`));
    throw err;
  }
}

export function helpMessage(): OutboundMessage {
  return say(
    text(
      [
        'Tell me what you need in your own words and I will suggest articles or open a request.',
        '- **my requests**: your requests and their status',
        '- **status IT-42**: one request',
        '- **new request**: start another request here',
        '- **link**: a code to use your account on another chat platform too',
        '- **cancel**, **back**, **skip**: while I ask for details',
      ].join('\n'),
    ),
  );
}

export function link(deps: TurnDeps, t: TicketRecord): string {
  return requestLink(deps.baseUrl, t.key);
}

export function statusName(deps: TurnDeps, t: TicketRecord): string {
  return deps.catalog.status(deps.catalog.workflowOf(t.requestType), t.status).name;
}

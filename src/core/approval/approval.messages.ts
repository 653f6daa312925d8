import type { RequestTypeConfig } from '../../config/desk.schema.js';
import { ACTIONS, type OutboundMessage } from '../../ports/message.types.js';
import type { PersonRecord, TicketRecord } from '../../ports/store.port.js';
import { type EmailBody, emailOf } from '../email/email.messages.js';

/** What an approver is sent: who asks for what, the request's fields, and Approve / Decline. */
export function approvalMessage(
  ticket: TicketRecord,
  type: RequestTypeConfig,
  requester: PersonRecord,
  round: number,
  link: string,
): OutboundMessage {
  const lines = [
    `**${requester.name}** asks for your approval of [**${ticket.key}**](${link}): ${ticket.summary}`,
  ];
  for (const f of type.fields) {
    const value = ticket.fields[f.id];
    if (value === undefined || value === null || value === '') continue;
    const shown = Array.isArray(value) ? value.join(', ') : String(value);
    lines.push(`- ${f.label}: ${shown.split('\n')[0]!.slice(0, 300)}`);
  }
  const value = `${ticket.key}:${round}`;
  return {
    parts: [
      { kind: 'text', text: lines.join('\n') },
      {
        kind: 'buttons',
        buttons: [
          { action: ACTIONS.approve, label: 'Approve', value, style: 'primary' },
          { action: ACTIONS.decline, label: 'Decline', value, style: 'danger' },
        ],
      },
    ],
  };
}

/** The same by email, for an approver with no chat: the link opens the request, where they decide. */
export function approvalEmail(ticket: TicketRecord, requester: PersonRecord, link: string): EmailBody {
  return emailOf(
    `[${ticket.key}] Approval needed: ${ticket.summary}`,
    `**${requester.name}** asks for your approval of **${ticket.key}**: ${ticket.summary}\n\n[Approve or decline it](${link})`,
    'You get this because you approve requests of this kind.',
  );
}

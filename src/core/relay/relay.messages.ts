import type { OutboundMessage } from '../../ports/message.types.js';

/** A ticket event as the requester reads it in their conversation. Internal notes never get here. */
export function relayMessage(
  payload: Record<string, unknown>,
  authorName: string | null,
  ticketLink: string,
): OutboundMessage | null {
  if (payload.type === 'comment') {
    const who = authorName ? `**${authorName}**` : 'The team';
    const quoted = String(payload.body ?? '')
      .split('\n')
      .map((line) => `> ${line}`)
      .join('\n');
    return { parts: [{ kind: 'text', text: `${who} replied on ${ticketLink}:\n${quoted}` }] };
  }
  if (payload.type === 'status') {
    return { parts: [{ kind: 'text', text: `${ticketLink} is now **${String(payload.to)}**.` }] };
  }
  return null;
}

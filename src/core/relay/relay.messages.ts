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
    const files = Array.isArray(payload.attachments) ? payload.attachments.map(String) : [];
    // The files stay on the request page, where only those who may see them are let in.
    const attached = files.length ? `\n📎 ${files.join(', ')}: open ${ticketLink} to see them.` : '';
    const said =
      String(payload.body ?? '') === ''
        ? `${who} sent files on ${ticketLink}.`
        : `${who} replied on ${ticketLink}:\n${quoted}`;
    return { parts: [{ kind: 'text', text: `${said}${attached}` }] };
  }
  if (payload.type === 'status') {
    return { parts: [{ kind: 'text', text: `${ticketLink} is now **${String(payload.to)}**.` }] };
  }
  return null;
}

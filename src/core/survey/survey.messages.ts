import type { OutboundMessage } from '../../ports/message.types.js';
import { ACTIONS } from '../../ports/message.types.js';
import { type EmailBody, emailOf } from '../email/email.messages.js';

const LABELS = ['1 Poor', '2', '3', '4', '5 Great'];

/** The survey as the requester sees it in their conversation: one rating, and "still broken". */
export function surveyMessage(key: string, round: number, link: string): OutboundMessage {
  return {
    parts: [
      {
        kind: 'text',
        text: `[**${key}**](${link}) is resolved. How satisfied are you with how it was handled?`,
      },
      {
        kind: 'buttons',
        buttons: LABELS.map((label, i) => ({
          action: ACTIONS.rate,
          label,
          value: `${key}:${round}:${i + 1}`,
        })),
      },
      {
        kind: 'buttons',
        buttons: [{ action: ACTIONS.stillBroken, label: 'Still broken', value: `${key}:${round}` }],
      },
    ],
  };
}

/** The survey by email: the same question, answered on a page the link opens (no sign-in: the link is the key). */
export function surveyEmail(key: string, summary: string, link: string): EmailBody {
  return emailOf(
    `[${key}] How did we do? ${summary}`,
    `**${key}** (${summary}) is resolved.\n\nHow satisfied are you with how it was handled? [Rate it from 1 to 5, or tell us it is still broken](${link}).`,
    'One answer per request; the link is yours alone.',
  );
}

import nodemailer from 'nodemailer';
import { DeliveryError } from '../../src/ports/channel.port.js';
import type { TopicHandler } from '../../src/ports/channel-adapter.port.js';

export interface EmailOptions {
  /** smtp://user:pass@host:587 or smtps://...; nodemailer's connection URL. */
  smtpUrl: string;
  from: string;
}

/** Header fields never carry CR or LF: a line break there would let text add headers (injection). */
const LINE_BREAK = /[\r\n]/;

/**
 * The outbox topic 'email': one message to one person (SLA pings, new requests, a requester's updates,
 * surveys, approvals), plain text with an HTML part when the row has one, and a Reply-To when replies
 * should come back to a request. SMTP 4xx answers and connection failures are retried; 5xx answers and
 * unsafe headers are final.
 */
export function emailSender(o: EmailOptions): TopicHandler & { close(): void } {
  const transport = nodemailer.createTransport(o.smtpUrl);
  const send: TopicHandler = async (row) => {
    const to = String(row.payload.to ?? '');
    const subject = String(row.payload.subject ?? '');
    const replyTo = typeof row.payload.replyTo === 'string' ? row.payload.replyTo : undefined;
    if ([to, subject, o.from, replyTo ?? ''].some((h) => LINE_BREAK.test(h))) {
      throw new DeliveryError('an email header field contains CR or LF', false);
    }
    const html = typeof row.payload.html === 'string' ? row.payload.html : undefined;
    try {
      await transport.sendMail({
        from: o.from,
        to,
        subject,
        text: String(row.payload.text ?? ''),
        html,
        replyTo,
      });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      throw new DeliveryError(`SMTP: ${(err as Error).message}`, code === undefined || code < 500);
    }
    return 'delivered';
  };
  return Object.assign(send, { close: () => transport.close() });
}

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
 * The outbox topic 'email': one message to one person (SLA pings). SMTP 4xx answers and connection
 * failures are retried; 5xx answers and unsafe headers are final.
 */
export function emailSender(o: EmailOptions): TopicHandler & { close(): void } {
  const transport = nodemailer.createTransport(o.smtpUrl);
  const send: TopicHandler = async (row) => {
    const to = String(row.payload.to ?? '');
    const subject = String(row.payload.subject ?? '');
    if ([to, subject, o.from].some((h) => LINE_BREAK.test(h))) {
      throw new DeliveryError('an email header field contains CR or LF', false);
    }
    try {
      await transport.sendMail({ from: o.from, to, subject, text: String(row.payload.text ?? '') });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      throw new DeliveryError(`SMTP: ${(err as Error).message}`, code === undefined || code < 500);
    }
    return 'delivered';
  };
  return Object.assign(send, { close: () => transport.close() });
}

import type { WebhookTarget } from '../../src/config/automation.schema.js';
import type { OutboxDispatcher } from '../../src/core/index.js';
import { emailSender } from './email.sender.js';
import { opsgenieSender } from './opsgenie.sender.js';
import { pagerDutySender } from './pagerduty.sender.js';
import { webhookSender } from './webhook.sender.js';

/** The notification services' settings, from the environment; an absent one is off. */
export interface NotifySettings {
  SMTP_URL?: string;
  SMTP_FROM?: string;
  PAGERDUTY_ROUTING_KEY?: string;
  PAGERDUTY_EVENTS_URL?: string;
  OPSGENIE_API_KEY?: string;
  OPSGENIE_API_URL?: string;
  WEBHOOK_SECRET?: string;
}

/** Registers a sender on the outbox for each configured service; returns the names of those on. */
export function registerNotifiers(
  outbox: OutboxDispatcher,
  s: NotifySettings,
  webhooks: WebhookTarget[] = [],
): { on: string[]; close(): void } {
  const on: string[] = [];
  const closers: (() => void)[] = [];
  if (s.SMTP_URL) {
    const email = emailSender({ smtpUrl: s.SMTP_URL, from: s.SMTP_FROM ?? 'Deskbot <deskbot@localhost>' });
    outbox.registerTopic('email', email);
    closers.push(email.close);
    on.push('email');
  }
  if (s.PAGERDUTY_ROUTING_KEY) {
    outbox.registerTopic(
      'pagerduty',
      pagerDutySender({ routingKey: s.PAGERDUTY_ROUTING_KEY, eventsUrl: s.PAGERDUTY_EVENTS_URL }),
    );
    on.push('PagerDuty');
  }
  if (s.OPSGENIE_API_KEY) {
    outbox.registerTopic(
      'opsgenie',
      opsgenieSender({ apiKey: s.OPSGENIE_API_KEY, apiUrl: s.OPSGENIE_API_URL }),
    );
    on.push('Opsgenie');
  }
  if (webhooks.length > 0 && s.WEBHOOK_SECRET) {
    outbox.registerTopic('webhook', webhookSender({ targets: webhooks, secret: s.WEBHOOK_SECRET }));
    on.push('webhooks');
  }
  return {
    on,
    close: () => {
      for (const close of closers) close();
    },
  };
}

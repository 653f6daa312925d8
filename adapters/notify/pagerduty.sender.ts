import type { TopicHandler } from '../../src/ports/channel-adapter.port.js';
import { postJson } from './http.delivery.js';

/** PagerDuty's Events API v2 endpoint, overridable with PAGERDUTY_EVENTS_URL (tests, EU service region). */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

export interface PagerDutyOptions {
  routingKey: string;
  eventsUrl?: string;
}

/**
 * The outbox topic 'pagerduty': an SLA breach triggers an incident, the ticket's resolution resolves
 * it. The dedup_key is per clock cycle, so a retried trigger joins the same incident.
 */
export function pagerDutySender(o: PagerDutyOptions): TopicHandler {
  const url = o.eventsUrl ?? PAGERDUTY_EVENTS_URL;
  return async (row) => {
    const p = row.payload;
    const dedupKey = String(p.dedupKey);
    if (p.action === 'resolve') {
      await postJson(url, { routing_key: o.routingKey, event_action: 'resolve', dedup_key: dedupKey });
      return 'delivered';
    }
    if (p.action !== 'trigger') return { skipped: `unknown PagerDuty action ${String(p.action)}` };
    const details = (p.details ?? {}) as Record<string, unknown>;
    await postJson(url, {
      routing_key: o.routingKey,
      event_action: 'trigger',
      dedup_key: dedupKey,
      payload: {
        summary: String(p.summary).slice(0, 1024),
        source: 'deskbot',
        severity: 'critical',
        component: String(details.department ?? ''),
        group: 'sla',
        class: String(details.metric ?? ''),
        custom_details: details,
      },
      ...(details.link
        ? { links: [{ href: String(details.link), text: String(details.ticket ?? 'ticket') }] }
        : {}),
    });
    return 'delivered';
  };
}

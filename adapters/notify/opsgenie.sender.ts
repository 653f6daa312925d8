import type { TopicHandler } from '../../src/ports/channel-adapter.port.js';
import { postJson } from './http.delivery.js';

/** Opsgenie's API, overridable with OPSGENIE_API_URL (tests, the EU instance https://api.eu.opsgenie.com). */
export const OPSGENIE_API_URL = 'https://api.opsgenie.com';

export interface OpsgenieOptions {
  apiKey: string;
  apiUrl?: string;
}

/**
 * The outbox topic 'opsgenie': an SLA breach creates an alert, the ticket's resolution closes it. The
 * alias is per clock cycle, so Opsgenie folds a retried create into the open alert.
 */
export function opsgenieSender(o: OpsgenieOptions): TopicHandler {
  const base = (o.apiUrl ?? OPSGENIE_API_URL).replace(/\/$/, '');
  const auth = { authorization: `GenieKey ${o.apiKey}` };
  return async (row) => {
    const p = row.payload;
    const alias = String(p.alias);
    if (p.action === 'close') {
      const url = `${base}/v2/alerts/${encodeURIComponent(alias)}/close?identifierType=alias`;
      await postJson(url, { source: 'Deskbot', note: 'The ticket was resolved.' }, auth);
      return 'delivered';
    }
    if (p.action !== 'create') return { skipped: `unknown Opsgenie action ${String(p.action)}` };
    const details = (p.details ?? {}) as Record<string, unknown>;
    await postJson(
      `${base}/v2/alerts`,
      {
        message: String(p.summary).slice(0, 130),
        alias: alias.slice(0, 512),
        description: String(p.summary).slice(0, 15_000),
        priority: 'P1',
        source: 'Deskbot',
        tags: ['sla', String(details.metric ?? '')].filter(Boolean),
        // Opsgenie's details are a map of strings.
        details: Object.fromEntries(Object.entries(details).map(([k, v]) => [k, String(v)])),
      },
      auth,
    );
    return 'delivered';
  };
}

import type { Block } from './slack.renderer.js';
import { plain, safeText } from './slack.text.js';
import { personOf, type SlackDeps } from './slack.turns.js';

/** App Home: "My requests", newest first, with their status and next SLA due time. */
export async function publishHome(deps: SlackDeps, team: string, user: string): Promise<void> {
  const person = await personOf(deps, team, user);
  const tickets = await deps.desk.tickets.list(person, { requesterId: person.id, limit: 20 });
  const baseUrl = (deps.desk.catalog.config.desk.baseUrl ?? '').replace(/\/$/, '');
  const blocks: Block[] = [{ type: 'header', text: plain('My requests', 150) }];
  if (tickets.length === 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: 'You have no requests yet. Send me a direct message to ask for help.' },
    });
  }
  for (const t of tickets) {
    const status = deps.desk.catalog.status(deps.desk.catalog.workflowOf(t.requestType), t.status).name;
    const due = await deps.desk.sla.nextDue(person, t);
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*<${baseUrl}/requests/${t.key}|${t.key}>* ${safeText(t.summary)}\nStatus: *${safeText(status)}*${due ? `  ·  ${safeText(due)}` : ''}`,
      },
    });
  }
  await deps.client.views.publish({
    user_id: user,
    view: { type: 'home', blocks: blocks.slice(0, 100) } as never,
  });
}

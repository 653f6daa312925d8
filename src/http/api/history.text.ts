import type { Desk } from '../../core/desk.js';
import type { HistoryRecord, TicketRecord } from '../../ports/store.port.js';
import type { PeopleLookup } from './ticket.view.js';

const PRIORITY_NAMES: Record<string, string> = {
  highest: 'Highest',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  lowest: 'Lowest',
};

/**
 * A history line as a sentence after its actor's name ("changed the priority from Medium to High"):
 * statuses, priorities, people and fields by their names, never their ids.
 */
export async function historyText(
  desk: Desk,
  ticket: TicketRecord,
  h: HistoryRecord,
  people: PeopleLookup,
): Promise<string> {
  const workflow = desk.catalog.workflowOf(ticket.requestType);
  const status = (id: unknown) => (typeof id === 'string' ? desk.catalog.status(workflow, id).name : '—');
  const priority = (id: unknown) => (typeof id === 'string' ? (PRIORITY_NAMES[id] ?? id) : '—');
  const person = async (id: unknown) =>
    typeof id === 'string' ? ((await people.brief(id))?.name ?? 'someone') : 'nobody';
  const value = (v: unknown) => (v === null || v === '' ? '—' : Array.isArray(v) ? v.join(', ') : String(v));
  switch (h.field) {
    case 'created': {
      const a = h.after as { status?: string; priority?: string } | null;
      return `opened the request (${status(a?.status)}, ${priority(a?.priority)} priority)`;
    }
    case 'status':
      return `moved it from ${status(h.before)} to ${status(h.after)}`;
    case 'priority':
      return `changed the priority from ${priority(h.before)} to ${priority(h.after)}`;
    case 'assignee':
      return h.after === null ? 'unassigned it' : `assigned it to ${await person(h.after)}`;
    case 'resolution':
      return h.after === null ? 'cleared the resolution' : `resolved it as ${value(h.after)}`;
    case 'comment':
      return 'replied';
    case 'internal_comment':
      return 'added an internal note';
    case 'notified':
      return `notified ${value(h.after)}`;
    case 'webhook':
      return `called the webhook ${value(h.after)}`;
    case 'survey':
      return 'sent the satisfaction survey';
    case 'rule_skipped':
      return `could not ${value(h.after)}`;
  }
  if (h.field.startsWith('fields.')) {
    const id = h.field.slice('fields.'.length);
    const label =
      desk.catalog.requestType(ticket.requestType)?.type.fields.find((f) => f.id === id)?.label ?? id;
    return `changed ${label} from ${value(h.before)} to ${value(h.after)}`;
  }
  return `changed ${h.field}`;
}

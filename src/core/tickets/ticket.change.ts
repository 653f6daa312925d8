import type { ChangeSet, TicketPatch, TicketRecord } from '../../ports/store.port.js';

/** Starts an empty change set for an actor at a time. */
export function newChange(actorId: string | null, at: Date): ChangeSet {
  return { actorId, at, history: [], comments: [], events: [], outbox: [] };
}

/** Writes one history entry per field the patch really changes, and drops unchanged ones from the patch. */
export function recordPatch(change: ChangeSet, ticket: TicketRecord, patch: TicketPatch): TicketPatch {
  const effective: TicketPatch = {};
  for (const [name, after] of Object.entries(patch) as [keyof TicketPatch, unknown][]) {
    if (after === undefined) continue;
    if (name === 'fields') {
      for (const field of new Set([...Object.keys(ticket.fields), ...Object.keys(after as object)])) {
        const b = ticket.fields[field] ?? null;
        const a = (after as Record<string, unknown>)[field] ?? null;
        if (!sameValue(b, a)) change.history.push({ field: `fields.${field}`, before: b, after: a });
      }
      if (!sameValue(ticket.fields, after)) effective.fields = after as Record<string, unknown>;
      continue;
    }
    // status_category follows status; its history line would only repeat the status change.
    if (name === 'statusCategory') {
      if (ticket.statusCategory !== after) effective.statusCategory = patch.statusCategory;
      continue;
    }
    const before = ticket[name] ?? null;
    if (sameValue(before, after ?? null)) continue;
    change.history.push({ field: name === 'assigneeId' ? 'assignee' : name, before, after: after ?? null });
    (effective as Record<string, unknown>)[name] = after;
  }
  return effective;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

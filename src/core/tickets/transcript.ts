import type { CommentRecord, Person, Store, TicketRecord } from '../../ports/store.port.js';
import type { DeskCatalog } from '../desk.catalog.js';
import { ForbiddenError } from '../errors.js';
import { canWork } from '../identity/access.policy.js';
import { loadVisible } from './ticket.reader.js';

/**
 * A ticket's whole conversation as a text file an agent downloads (the Discord ticket bots' "transcript"):
 * every public comment and internal note in order, each marked, with who and when (UTC). Only those who
 * work the ticket get it: it holds the internal notes.
 */
export async function ticketTranscript(
  store: Store,
  catalog: DeskCatalog,
  actor: Person,
  key: string,
): Promise<{ key: string; text: string }> {
  const ticket = await loadVisible(store, actor, key);
  if (!canWork(actor, ticket))
    throw new ForbiddenError('Only agents of the department download a transcript');
  const comments = await store.tickets.comments(ticket.id, true);
  const names = new Map<string, string>();
  for (const id of new Set([ticket.requesterId, ...comments.map((c) => c.authorId)]))
    if (id) names.set(id, (await store.people.byId(id))?.name ?? 'someone no longer on the desk');
  return { key: ticket.key, text: render(ticket, catalog, comments, names) };
}

function render(
  ticket: TicketRecord,
  catalog: DeskCatalog,
  comments: CommentRecord[],
  names: Map<string, string>,
): string {
  const type = catalog.requestType(ticket.requestType)?.type.name ?? ticket.requestType;
  const lines = [
    `${ticket.key}: ${ticket.summary}`,
    `${type} · requested by ${names.get(ticket.requesterId) ?? 'someone'} · ${stamp(ticket.createdAt)}`,
    `status ${ticket.status} · priority ${ticket.priority}`,
    '',
  ];
  for (const c of comments) {
    const who = c.authorId ? (names.get(c.authorId) ?? 'someone') : 'Deskbot';
    lines.push(`[${stamp(c.createdAt)}] ${who} (${c.internal ? 'internal note' : 'public'}):`);
    lines.push(...c.body.split('\n').map((l) => `    ${l}`), '');
  }
  if (comments.length === 0) lines.push('No comments yet.');
  return `${lines.join('\n').trimEnd()}\n`;
}

function stamp(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

import type { Priority, StatusCategory } from '../ports/desk.types.js';
import type { CommentRecord, TicketRecord } from '../ports/store.port.js';
import { fromJsonb } from './jsonb.js';

/** Maps a raw snake_case row (from a data-modifying CTE) to a TicketRecord. */
export function ticketFromRow(row: Record<string, unknown>): TicketRecord {
  return {
    id: Number(row.id),
    key: String(row.key),
    department: String(row.department),
    requestType: String(row.request_type),
    summary: String(row.summary),
    requesterId: String(row.requester_id),
    assigneeId: (row.assignee_id as string | null) ?? null,
    status: String(row.status),
    statusCategory: row.status_category as StatusCategory,
    priority: row.priority as Priority,
    fields: fromJsonb<Record<string, unknown>>(row.fields),
    resolution: (row.resolution as string | null) ?? null,
    originConversationId: (row.origin_conversation_id as string | null) ?? null,
    version: Number(row.version),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

/** Maps the JSON array of comment rows a CTE returned. */
export function commentsFromJson(value: unknown): CommentRecord[] {
  const rows = fromJsonb<Record<string, unknown>[] | null>(value) ?? [];
  return rows.map((r) => ({
    id: Number(r.id),
    ticketId: Number(r.ticket_id),
    authorId: (r.author_id as string | null) ?? null,
    body: String(r.body),
    internal: Boolean(r.internal),
    createdAt: toDate(r.created_at),
  }));
}

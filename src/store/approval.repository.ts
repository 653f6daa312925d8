import { and, eq } from 'drizzle-orm';
import type { ApprovalStore } from '../ports/automation-store.port.js';
import { approvals } from './approval.schema.js';
import type { Db } from './database.js';

export class ApprovalRepository implements ApprovalStore {
  constructor(private readonly db: Db) {}

  async record(ticketId: number, since: Date, approverId: string, decision: 'approve' | 'decline', at: Date) {
    const rows = await this.db
      .insert(approvals)
      .values({ ticketId, since, approverId, decision, at })
      .onConflictDoNothing()
      .returning({ t: approvals.ticketId });
    return rows.length > 0;
  }

  async decisions(ticketId: number, since: Date) {
    const rows = await this.db
      .select({ approverId: approvals.approverId, decision: approvals.decision })
      .from(approvals)
      .where(and(eq(approvals.ticketId, ticketId), eq(approvals.since, since)));
    return rows as { approverId: string; decision: 'approve' | 'decline' }[];
  }
}

import { sql } from 'drizzle-orm';
import type { BlobStore } from '../ports/attachment-store.port.js';
import type { Store } from '../ports/store.port.js';
import { ApprovalRepository } from './approval.repository.js';
import { AttachmentRepository } from './attachment.repository.js';
import { AutomationRepository } from './automation.repository.js';
import { databaseBlobs, fileBlobs } from './blob.store.js';
import { ChannelPostRepository } from './channel-post.repository.js';
import { ChannelRouteRepository } from './channel-route.repository.js';
import { ConversationRepository } from './conversation.repository.js';
import { type Database, type DatabaseTarget, openDatabase } from './database.js';
import { KbRepository } from './kb.repository.js';
import { OutboxRepository } from './outbox.repository.js';
import { PeopleRepository } from './people.repository.js';
import { ReportRepository } from './report.repository.js';
import { RequestKeyRepository } from './request-key.repository.js';
import { databaseSignals } from './signals.js';
import { SlaRepository } from './sla.repository.js';
import { databaseHolders } from './sole.holder.js';
import { SurveyRepository } from './survey.repository.js';
import { TicketRepository } from './ticket.repository.js';
import { turnLeases } from './turn.lease.js';

/** The Store port over one database (PGlite or PostgreSQL), with where it lives for the start-up line. */
export interface OpenStore extends Store {
  database: Database;
}

export async function openStore(target: DatabaseTarget): Promise<OpenStore> {
  const database = await openDatabase(target);
  return storeOn(database, 'dataDir' in target ? fileBlobs(target.dataDir) : undefined);
}

/**
 * `blobs`: where attachments' bytes go; files under the embedded default's DATA_DIR, else the
 * database itself (a server deployment: every instance reads the same ones).
 */
export function storeOn(database: Database, blobs: BlobStore = databaseBlobs(database.db)): OpenStore {
  // Batches of writes in flight at once: PGlite has one connection; a server's pool has ten.
  const concurrency = database.kind === 'pglite' ? 1 : 4;
  const leases = turnLeases(database);
  return {
    database,
    tickets: new TicketRepository(database.db, database.raw, concurrency),
    people: new PeopleRepository(database),
    conversations: new ConversationRepository(database.db, database.raw, leases, concurrency),
    outbox: new OutboxRepository(database.db, database.raw, concurrency),
    kb: new KbRepository(database),
    posts: new ChannelPostRepository(database.db),
    routes: new ChannelRouteRepository(database.db),
    sla: new SlaRepository(database.db),
    requestKeys: new RequestKeyRepository(database.db),
    automation: new AutomationRepository(database.db),
    surveys: new SurveyRepository(database.db),
    approvals: new ApprovalRepository(database.db),
    reports: new ReportRepository(database.db),
    attachments: new AttachmentRepository(database.db, blobs),
    signals: databaseSignals(database),
    holders: databaseHolders(database),
    async ping() {
      try {
        await database.db.execute(sql`SELECT 1`);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await leases.close();
      await database.close();
    },
  };
}

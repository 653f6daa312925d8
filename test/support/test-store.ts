import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/store/database.js';
import { type OpenStore, storeOn } from '../../src/store/store.js';

const TABLES = [
  'attachment_blobs',
  'attachments',
  'report_days',
  'report_sla_days',
  'report_kb_days',
  'report_time_days',
  'report_rollups',
  'approvals',
  'rule_runs',
  'automation_timers',
  'automation_cursors',
  'surveys',
  'sla_pings',
  'sla_clocks',
  'channel_posts',
  'kb_events',
  'kb_versions',
  'kb_articles',
  'inbox',
  'conversation_messages',
  'conversations',
  'outbox',
  'domain_events',
  'ticket_history',
  'comments',
  'ticket_shares',
  'tickets',
  'key_counters',
  'link_codes',
  'channel_routes',
  'idempotency_keys',
  'api_tokens',
  'channel_identities',
  'role_grants',
  'persons',
];

type Shared = { __deskbotTestDb?: Promise<Database> };

/**
 * A store on a clean database. PGlite by default; the PostgreSQL server when TEST_DATABASE_URL is set,
 * with one database per test worker so parallel files never truncate each other's rows.
 */
export async function testStore(): Promise<OpenStore> {
  const shared = globalThis as Shared;
  shared.__deskbotTestDb ??= openWorkerDatabase();
  const database = await shared.__deskbotTestDb;
  await database.db.execute(sql.raw(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE`));
  // The worker's database outlives each file; closing is the worker's exit.
  return { ...storeOn(database), close: async () => {} };
}

export function testBackend(): 'postgres' | 'pglite' {
  return process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
}

async function openWorkerDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return openDatabase({ memory: true });
  return openDatabase({ url: await workerDatabaseUrl(url) });
}

/**
 * Creates a fresh database for this worker on the server (dropping the one a previous run left), so
 * every run migrates from scratch, and returns its URL.
 */
export async function workerDatabaseUrl(
  baseUrl: string,
  suffix = `w${process.env.VITEST_POOL_ID ?? '1'}`,
): Promise<string> {
  const target = new URL(baseUrl);
  const name = `${target.pathname.slice(1) || 'postgres'}_deskbot_${suffix}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  target.pathname = `/${name}`;
  return target.toString();
}

/** Drops a database `workerDatabaseUrl` made, whoever is still connected to it. */
export async function dropDatabase(baseUrl: string, url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

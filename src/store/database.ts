import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** One statement with positional parameters, straight to the driver; resolves with the rows. */
export type RawQuery = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/** An open database: drizzle over PGlite or a PostgreSQL pool, already migrated. */
export interface Database {
  db: Db;
  /**
   * For the hot write path (the deskbot_* function calls): drizzle hands PGlite per-query type parsers,
   * which PGlite merges with its ~300 own on every query, a cost as large as a small INSERT.
   */
  raw: RawQuery;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for the start-up line (a directory, or the server without credentials). */
  location: string;
  close(): Promise<void>;
}

export type DatabaseTarget = { url: string } | { dataDir: string } | { memory: true };

/**
 * PGlite's start-up settings plus a smaller buffer cache: PostgreSQL's default 128 MB lives in the
 * process's WebAssembly memory, which never shrinks, while the pages it would hold stay in the OS file
 * cache anyway. 32 MB keeps a desk with 100,000 tickets under 400 MB (npm run bench) at no measured cost.
 */
const EMBEDDED_START = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const functionsFolder = join(dirname(fileURLToPath(import.meta.url)), 'functions');

/**
 * The deskbot_* functions' current text (src/store/functions, one file each), applied after the
 * migrations at every start, in one transaction under an advisory lock: two instances starting at once
 * would otherwise collide on the catalog ("tuple concurrently updated").
 */
async function applyFunctions(exec: (sql: string) => Promise<unknown>): Promise<void> {
  const files = (await readdir(functionsFolder)).filter((f) => f.endsWith('.sql')).sort();
  const texts = await Promise.all(files.map((f) => readFile(join(functionsFolder, f), 'utf8')));
  await exec(
    `BEGIN;\nSELECT pg_advisory_xact_lock(hashtext('deskbot_functions'));\n${texts.join('\n')}\nCOMMIT;`,
  );
}

/**
 * Migrations on one connection that holds an advisory lock meanwhile: of instances starting at once
 * (a rolling upgrade), one migrates and the others wait, then find nothing left to do.
 */
async function migrateAlone(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('deskbot_migrations'))");
    await migratePg(drizzlePg({ client, schema }) as never, { migrationsFolder });
  } finally {
    const unlocked = await client.query("SELECT pg_advisory_unlock(hashtext('deskbot_migrations'))").then(
      () => true,
      () => false,
    );
    client.release(!unlocked); // a connection that may still hold the lock is not pooled again
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ('url' in target) {
    // A server that never answers fails start-up after 10 s instead of hanging it.
    const pool = new pg.Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 10_000 });
    // An idle connection the server dropped (restart, failover) is discarded by the pool; without a
    // listener its error would crash the process. The next query opens a new connection.
    pool.on('error', () => {});
    await pool.query('SELECT 1').catch(async (err) => {
      await pool.end().catch(() => {});
      throw new Error(unreachable(target.url, err));
    });
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    await migrateAlone(pool);
    await applyFunctions((text) => pool.query(text));
    const raw: RawQuery = async (text, params) => (await pool.query(text, params)).rows;
    return { db, kind: 'postgres', location: redactUrl(target.url), raw, close: () => pool.end() };
  }
  let client: PGlite;
  let location = 'memory';
  if ('dataDir' in target) {
    await mkdir(target.dataDir, { recursive: true });
    client = await PGlite.create(join(target.dataDir, 'pglite'), { startParams: EMBEDDED_START });
    location = join(target.dataDir, 'pglite');
  } else {
    client = await PGlite.create({ startParams: EMBEDDED_START });
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  await applyFunctions((text) => client.exec(text));
  const raw: RawQuery = async (text, params) =>
    (await client.query<Record<string, unknown>>(text, params)).rows;
  return { db, kind: 'pglite', location, raw, close: () => client.close() };
}

/**
 * Why the server at `url` took no connection, without its credentials: `cannot reach PostgreSQL at
 * HOST:PORT (ECONNREFUSED)`, or the server's own refusal (a wrong password, a missing database).
 */
export function unreachable(url: string, err: unknown): string {
  let where = 'the server in DATABASE_URL';
  try {
    const u = new URL(url);
    where = `${u.hostname || 'localhost'}:${u.port || '5432'}`;
  } catch {}
  const e = err as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = e.code ?? e.errors?.[0]?.code;
  if (code && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08'))
    return `PostgreSQL at ${where} refused the connection: ${e.message} (${code})`;
  return `cannot reach PostgreSQL at ${where} (${code ?? (e.message?.includes('timeout') ? 'timed out' : e.message)})`;
}

/** Drops the password from a connection URL so it can be logged. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

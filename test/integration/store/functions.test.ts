import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DatabaseTarget, openDatabase } from '../../../src/store/database.js';
import { testBackend, workerDatabaseUrl } from '../../support/test-store.js';

/** Every deskbot_* function's current text lives in src/store/functions and is what the database runs. */
const folder = 'src/store/functions';
const files = readdirSync(folder).filter((f) => f.endsWith('.sql'));

async function target(): Promise<{ target: DatabaseTarget; done: () => void }> {
  if (testBackend() === 'postgres') {
    return {
      target: { url: await workerDatabaseUrl(process.env.TEST_DATABASE_URL!, 'functions') },
      done: () => {},
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'deskbot-functions-'));
  return { target: { dataDir }, done: () => rmSync(dataDir, { recursive: true, force: true }) };
}

describe(`the store's SQL functions (${testBackend()})`, () => {
  it('one file per function, and a database that runs an older text gets the current one at the next open', async () => {
    expect(files.map((f) => f.replace('.sql', ''))).toEqual(
      files.map((f) => /CREATE OR REPLACE FUNCTION (\w+)\(/.exec(readFileSync(join(folder, f), 'utf8'))![1]),
    );
    const { target: where, done } = await target();
    try {
      let db = await openDatabase(where);
      await db.raw(
        `CREATE OR REPLACE FUNCTION deskbot_batch(p_function text, p_items jsonb) RETURNS jsonb
         LANGUAGE sql AS $$ SELECT '"an old text"'::jsonb $$`,
        [],
      );
      expect((await db.raw(`SELECT deskbot_batch('x', '[]') AS r`, []))[0]!.r).toBe('an old text');
      await db.close();
      db = await openDatabase(where);
      const [row] = await db.raw(
        `SELECT string_agg(p.proname, ',' ORDER BY p.proname) AS names FROM pg_proc p WHERE p.proname LIKE 'deskbot_%'`,
        [],
      );
      expect(String(row!.names).split(',')).toEqual(files.map((f) => f.replace('.sql', '')).sort());
      const [def] = await db.raw(`SELECT pg_get_functiondef('deskbot_batch'::regproc) AS d`, []);
      expect(String(def!.d)).toContain('v_out := array_append');
      await db.close();
    } finally {
      done();
    }
  });
});

import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPgliteBridge, type PgliteBridge } from '../../../src/scheduler/pglite.bridge.js';

let db: PGlite;
let bridge: PgliteBridge;
const clients: pg.Client[] = [];

async function client(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: bridge.url });
  await c.connect();
  clients.push(c);
  return c;
}

async function rows(): Promise<string[]> {
  return (await db.query<{ v: string }>('SELECT v FROM t ORDER BY v')).rows.map((r) => r.v);
}

/** Lets queued work (socket messages, direct queries) run for a while. */
const settle = () => new Promise((r) => setTimeout(r, 50));

// Agenda reaches the embedded PGlite through this socket while the store uses PGlite directly:
// transactions on either side must never take in the other side's statements.
describe('the PGlite socket bridge with overlapping transactions', () => {
  beforeAll(async () => {
    db = await PGlite.create();
    bridge = await openPgliteBridge(db, 8);
  });
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => {});
    await bridge.close();
    await db.close();
  });
  beforeEach(async () => {
    await db.exec('DROP TABLE IF EXISTS t; CREATE TABLE t (v text PRIMARY KEY)');
  });

  it('a direct write issued during a socket client’s transaction is not rolled back with it', async () => {
    const c = await client();
    await c.query('BEGIN');
    await c.query('INSERT INTO t VALUES ($1)', ['socket']);
    const direct = db.query('INSERT INTO t VALUES ($1)', ['direct']); // waits for the socket transaction
    await settle();
    await c.query('ROLLBACK');
    await direct;
    expect(await rows()).toEqual(['direct']);
  });

  it('a socket write issued during a direct transaction is not rolled back with it', async () => {
    const c = await client();
    let socketWrite: Promise<unknown> | undefined;
    await db
      .transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES ($1)', ['direct']);
        socketWrite = c.query('INSERT INTO t VALUES ($1)', ['socket']);
        await settle();
        throw new Error('roll back');
      })
      .catch(() => {});
    await socketWrite;
    expect(await rows()).toEqual(['socket']);
  });

  it('a socket transaction sees neither half of a direct transaction', async () => {
    const c = await client();
    let seen: string[] | undefined;
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES ($1)', ['a']);
      const read = c.query<{ v: string }>('SELECT v FROM t ORDER BY v').then((r) => {
        seen = r.rows.map((x) => x.v);
      });
      await settle();
      expect(seen).toBeUndefined(); // still waiting for the direct transaction
      await tx.query('INSERT INTO t VALUES ($1)', ['b']);
      void read;
    });
    await settle();
    expect(seen).toEqual(['a', 'b']);
  });

  it('many clients and direct queries at once: every statement lands once, none fails', async () => {
    const socket = await Promise.all([client(), client(), client()]);
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i++) {
      const c = socket[i % socket.length]!;
      work.push(c.query('INSERT INTO t VALUES ($1) ON CONFLICT DO NOTHING', [`s${i}`]));
      work.push(db.query('INSERT INTO t VALUES ($1)', [`d${i}`]));
      if (i % 10 === 0)
        work.push(
          db.transaction(async (tx) => {
            await tx.query('INSERT INTO t VALUES ($1)', [`tx${i}`]);
            await tx.query('SELECT count(*) FROM t');
          }),
        );
    }
    await Promise.all(work);
    expect(await rows()).toHaveLength(60 + 60 + 6);
  });
});

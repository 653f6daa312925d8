import pg from 'pg';
import type { Held, Holders } from '../ports/holder.port.js';
import type { Database } from './database.js';

/** The first key of the two-key advisory locks Deskbot's holders take; the second is the name's hash. */
const HOLDERS = 0x64736b; // "dsk"
const READY_CHANNEL = 'deskbot_holder_ready';
const RETRY_MS = 2000;

/**
 * Holders on a database. On a server each name is an advisory lock taken on a connection of its own:
 * a waiting instance blocks in `pg_advisory_lock`, so it takes over the moment the holder lets go, or
 * the moment the holder's connection is gone (a crash, kill -9: the server releases its locks).
 * PGlite is one process: it holds everything at once.
 */
export function databaseHolders(database: Database): Holders {
  if (database.kind === 'pglite') {
    return {
      hold(_name, take) {
        void take();
        return { ready: async () => {}, release: async () => {} };
      },
    };
  }
  const options = (database.db as unknown as { $client: pg.Pool }).$client.options;
  return { hold: (name, take, lost) => holdOnServer(options, name, take, lost) };
}

function holdOnServer(
  options: pg.PoolConfig,
  name: string,
  take: () => Promise<void>,
  lost: () => Promise<void>,
): Held {
  let client: pg.Client | null = null;
  let holding = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let successorReady: (() => void) | null = null;
  const key = [HOLDERS, name];

  const dropped = (gone: pg.Client) => {
    if (client !== gone) return;
    client = null;
    gone.end().catch(() => {});
    const wasHolding = holding;
    holding = false;
    if (stopped) return;
    void (wasHolding ? lost() : Promise.resolve()).finally(() => {
      retry = setTimeout(() => void wait(), RETRY_MS);
      retry.unref();
    });
  };

  const wait = async (): Promise<void> => {
    if (stopped) return;
    const mine = new pg.Client(options);
    client = mine;
    mine.on('error', () => dropped(mine));
    mine.on('end', () => dropped(mine));
    mine.on('notification', (n) => {
      if (n.channel === READY_CHANNEL && n.payload === name) successorReady?.();
    });
    try {
      await mine.connect();
      await mine.query('SELECT pg_advisory_lock($1, hashtext($2))', key);
      if (stopped || client !== mine) return;
      await mine.query(`LISTEN ${READY_CHANNEL}`);
      holding = true;
    } catch {
      dropped(mine);
      return;
    }
    await take();
  };
  void wait();

  return {
    async ready() {
      await client?.query('SELECT pg_notify($1, $2)', [READY_CHANNEL, name]).catch(() => {});
    },
    async release(handOverMs) {
      stopped = true;
      clearTimeout(retry);
      const mine = client;
      client = null;
      if (!mine) return;
      if (holding) {
        holding = false;
        const waiting = await mine
          .query(
            `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
              AND classid = $1 AND objid = hashtext($2)::oid AND objsubid = 2`,
            key,
          )
          .then((r) => r.rows[0].n > 0)
          .catch(() => false);
        const handedOver = new Promise<void>((done) => {
          successorReady = done;
          setTimeout(done, waiting ? handOverMs : 0).unref();
        });
        await mine.query('SELECT pg_advisory_unlock($1, hashtext($2))', key).catch(() => {});
        await handedOver;
      }
      await mine.end().catch(() => {});
    },
  };
}

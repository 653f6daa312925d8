import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { StopListening } from '../ports/kb-store.port.js';
import type { Database } from './database.js';

const RETRY_MS = [500, 1000, 2000, 5000, 10_000];

/**
 * LISTENs on a channel of the database. PGlite is one process, so its own listen() sees every NOTIFY.
 * On a server the pool's connections come and go, so a dedicated connection listens; when it drops, it
 * reconnects with backoff and calls `onResync` (notifications sent meanwhile are lost).
 */
export async function listenOn(
  database: Database,
  channel: string,
  onMessage: (payload: string) => void,
  onResync: () => void,
): Promise<StopListening> {
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.kind === 'pglite') {
    const unlisten = await (client as PGlite).listen(channel, onMessage);
    return async () => {
      await unlisten().catch(() => {}); // the database may be closed already
    };
  }
  return listenOnServer((client as pg.Pool).options, channel, onMessage, onResync);
}

async function listenOnServer(
  options: pg.PoolConfig,
  channel: string,
  onMessage: (payload: string) => void,
  onResync: () => void,
): Promise<StopListening> {
  let stopped = false;
  let current: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;

  const connect = async (): Promise<void> => {
    const client = new pg.Client(options);
    client.on('notification', (n) => {
      if (n.channel === channel) onMessage(n.payload ?? '');
    });
    client.on('error', () => reconnect(client));
    client.on('end', () => reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    current = client;
    failures = 0;
  };

  const reconnect = (lost: pg.Client) => {
    if (stopped || current !== lost) return;
    current = null;
    lost.end().catch(() => {});
    schedule();
  };

  const schedule = () => {
    const delay = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]!;
    failures += 1;
    retry = setTimeout(() => {
      connect().then(
        () => (stopped ? current?.end().catch(() => {}) : onResync()),
        () => !stopped && schedule(),
      );
    }, delay);
    retry.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const client = current;
    current = null;
    await client?.end().catch(() => {});
  };
}

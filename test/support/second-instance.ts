import { createDesk, type Desk } from '../../src/core/index.js';
import { openDatabase } from '../../src/store/database.js';
import { type OpenStore, storeOn } from '../../src/store/store.js';
import type { TestDesk } from './test-desk.js';

/**
 * Another instance on the test desk's database: its own desk (turn queue, dispatcher) and, on the
 * server, its own connections. PGlite is one process, so there the store is shared.
 */
export interface SecondInstance {
  store: OpenStore;
  desk: Desk;
  close(): Promise<void>;
}

export async function secondStore(t: TestDesk): Promise<{ store: OpenStore; close(): Promise<void> }> {
  if (t.store.database.kind !== 'postgres') return { store: t.store, close: async () => {} };
  const pool = (t.store.database.db as unknown as { $client: { options: { connectionString: string } } })
    .$client;
  const store = storeOn(await openDatabase({ url: pool.options.connectionString }));
  return { store, close: () => store.close() };
}

export async function secondInstance(t: TestDesk): Promise<SecondInstance> {
  const { store, close } = await secondStore(t);
  return { store, desk: createDesk(store, t.config, t.clock), close };
}

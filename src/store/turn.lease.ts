import pg from 'pg';
import type { TurnLease } from '../ports/conversation-store.port.js';
import { CallBatcher, eachAsJson, jsonArray, jsonResult } from './call.batcher.js';
import type { Database } from './database.js';
import { fromJsonb } from './jsonb.js';

/**
 * Turns held at once per process: the inbound pipeline's TURNS_AT_ONCE. Each holds a connection of a
 * pool of its own for its turn, so turns waiting for another instance's lease never take the
 * connections the holders need for their work.
 */
const LEASES_AT_ONCE = 16;
/** A turn waits this long for another instance's; then it fails, and the inbox sweep runs it later. */
const WAIT = '30s';

const LEASE = 'SELECT deskbot_lease_turns($1, $2, $3) AS r';

type LeaseItem = { conversationId: string; platform?: string; deliveryId?: string };

export interface TurnLeases {
  hold<T>(
    conversationId: string,
    mine: { platform: string; deliveryId: string } | null,
    work: (lease: TurnLease) => Promise<T>,
  ): Promise<T>;
  close(): Promise<void>;
}

/**
 * A conversation's turns, one process at a time (src/store/functions/deskbot_lease_turns.sql). On a
 * server the lock is a transaction's, held on a dedicated connection while the turn runs; PGlite is one
 * process, whose TurnQueue orders its turns already, so there the lease only reads, in batches.
 */
export function turnLeases(database: Database): TurnLeases {
  const params = (id: string, mine: { platform: string; deliveryId: string } | null) => [
    id,
    mine?.platform ?? null,
    mine?.deliveryId ?? null,
  ];
  if (database.kind === 'pglite') {
    // Turns given their go together read together, as their inbox writes and saves are batched.
    const reads = new CallBatcher<LeaseItem, TurnLease>(
      eachAsJson((items) =>
        jsonResult(database.raw, 'SELECT deskbot_turns_of_batch($1::jsonb) AS r', [jsonArray(items)]),
      ),
      1,
    );
    return {
      async hold(id, mine, work) {
        return work(
          await reads.call({ conversationId: id, platform: mine?.platform, deliveryId: mine?.deliveryId }),
        );
      },
      close: async () => {},
    };
  }
  const main = (database.db as unknown as { $client: pg.Pool }).$client;
  const pool = new pg.Pool({ ...main.options, max: LEASES_AT_ONCE });
  pool.on('error', () => {}); // a dropped idle connection is replaced by the next hold
  return {
    async hold(id, mine, work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(`BEGIN; SET LOCAL lock_timeout = '${WAIT}'`);
        const { rows } = await client.query(LEASE, params(id, mine));
        const result = await work(fromJsonb<TurnLease>(rows[0].r));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => {
          broken = e;
        });
        throw err;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Extended-protocol messages that belong with the next ones up to Sync: Parse, Bind, Describe, Execute, Close, Flush, CopyData. */
const CONTINUES = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48, 0x64]);
/** A unit (query or transaction) whose client goes quiet this long is rolled back, so nobody waits for ever. */
const STALL_MS = 30_000;

type Exclusive = PGlite & { _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T> };

/**
 * The socket server's query queue, made safe for a PGlite that this process also uses directly.
 * pglite-socket runs each protocol message under PGlite's query lock only, so a direct transaction
 * (which holds PGlite's transaction lock between its statements) could see a socket client's statement
 * run inside it, and a direct query could land between a socket client's Parse and Sync or inside its
 * transaction. Here a socket client holds PGlite's transaction lock for a whole unit: from its first
 * message to the Sync or simple Query that leaves it outside a transaction block.
 */
export class ExclusiveQueryQueue {
  private holder: number | null = null;
  private release: (() => void) | null = null;
  private stall: NodeJS.Timeout | undefined;

  constructor(private readonly db: PGlite) {}

  async enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    if (this.holder !== handlerId) await this.acquire(handlerId);
    clearTimeout(this.stall);
    let bytes = 0;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(message, {
          onRawData: (data: Uint8Array) => {
            bytes += data.length;
            onData(data);
          },
        }),
      );
    } catch (err) {
      await this.endUnit(true);
      throw err;
    }
    if (!CONTINUES.has(message[0] ?? 0) && !this.db.isInTransaction()) await this.endUnit(false);
    else this.stall = setTimeout(() => void this.endUnit(true), STALL_MS).unref();
    return bytes;
  }

  getQueueLength(): number {
    return 0;
  }

  /** Messages wait in their handler's own loop, not here: nothing to clear. */
  clearQueueForHandler(_handlerId: number): void {}

  /** A client gone mid-unit: roll its transaction back and let the others in. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.holder === handlerId) await this.endUnit(true);
  }

  private acquire(handlerId: number): Promise<void> {
    return new Promise((held) => {
      void (this.db as Exclusive)._runExclusiveTransaction(
        () =>
          new Promise<void>((release) => {
            this.holder = handlerId;
            this.release = release;
            held();
          }),
      );
    });
  }

  private async endUnit(rollback: boolean): Promise<void> {
    clearTimeout(this.stall);
    const release = this.release;
    if (!release) return;
    if (rollback && this.db.isInTransaction()) {
      await this.db.runExclusive(() => this.db.execProtocolRaw(simpleQuery('ROLLBACK'))).catch(() => {});
    }
    this.holder = null;
    this.release = null;
    release();
  }
}

/** A simple-protocol Query message ('Q', length, text, NUL). */
function simpleQuery(text: string): Uint8Array {
  const body = Buffer.from(`${text}\0`, 'utf8');
  const out = Buffer.alloc(5 + body.length);
  out.write('Q', 0, 'latin1');
  out.writeInt32BE(4 + body.length, 1);
  body.copy(out, 5);
  return out;
}

/** A PostgreSQL endpoint on 127.0.0.1 for the embedded PGlite, for clients that need a connection string (Agenda). */
export interface PgliteBridge {
  url: string;
  close(): Promise<void>;
}

export async function openPgliteBridge(db: PGlite, maxConnections = 8): Promise<PgliteBridge> {
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  // The server builds a handler per connection around this queue (see ExclusiveQueryQueue for why).
  (server as unknown as { queryQueue: ExclusiveQueryQueue }).queryQueue = new ExclusiveQueryQueue(db);
  let port = 0;
  server.addEventListener('listening', (e) => {
    port = (e as CustomEvent<{ port: number }>).detail.port;
  });
  await server.start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    close: () => server.stop(),
  };
}

import type { RawQuery } from './database.js';
import { fromJsonb } from './jsonb.js';

/**
 * Group commit: calls made in the same turn of the event loop, or while batches are running, are sent
 * together as one batch, so under load many small statements become one; an idle caller waits one
 * turn of the loop. (PGlite answers within the caller's turn, so without waiting that turn nothing
 * would ever be batched there.) `run` returns one result per item, in order: a value, or an Error for
 * that item alone. A batch the database refused as a whole (one item's text or JSON it cannot take
 * fails the statement that carries them all) is run again item by item, so only that item fails.
 *
 * It exists for speed, measured by `npm run bench` (part api, 100 clients creating tickets over HTTP):
 * with batches of one the rate fell from ~1,000 to ~400 tickets/s on PGlite and from ~1,400 to ~700 on
 * PostgreSQL (2026-12-01, this machine), so it stays on both stores.
 */
export class CallBatcher<I, O> {
  private queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<(O | Error)[]>,
    /** Batches at once: 1 for PGlite (one connection), a few for a server's pool. */
    private readonly concurrency = 1,
    private readonly maxBatch = 100,
  ) {}

  call(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.inFlight < this.concurrency && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.flush();
        });
      }
    });
  }

  private async flush(): Promise<void> {
    this.inFlight++;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.run(batch.map((b) => b.item));
        batch.forEach((b, i) => {
          const r = results[i];
          if (r instanceof Error) b.reject(r);
          else b.resolve(r as O);
        });
      } catch (err) {
        if (batch.length > 1 && isStatementError(err)) await this.runAlone(batch);
        else for (const b of batch) b.reject(err);
      }
    }
    this.inFlight--;
  }

  private async runAlone(batch: typeof this.queue): Promise<void> {
    for (const b of batch) {
      try {
        const [r] = await this.run([b.item]);
        if (r instanceof Error) b.reject(r);
        else b.resolve(r as O);
      } catch (err) {
        b.reject(err);
      }
    }
  }
}

/**
 * An error PostgreSQL raised for the statement (it has a SQLSTATE): the statement's transaction rolled
 * back, so running its items again cannot apply any twice. A lost connection has none: its outcome is
 * unknown, and every item fails with it.
 */
function isStatementError(err: unknown): boolean {
  // drizzle's query builder wraps the driver's error in its own, as `cause`
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|57|53|58)/.test(code);
}

/**
 * A batcher over one of the deskbot_* functions: a batch of one calls it through deskbot_batch_one
 * (its error is the call's error); more go through deskbot_batch, each item in its own subtransaction.
 */
export function functionBatcher<I, O>(raw: RawQuery, fn: string, concurrency: number): CallBatcher<I, O> {
  return new CallBatcher<I, O>(
    eachAsJson(async (items) => {
      if (items.length === 1)
        return [await jsonResult<O>(raw, 'SELECT deskbot_batch_one($1, $2::jsonb) AS r', [fn, items[0]])];
      const rows = await jsonResult<{ ok?: O; error?: string; code?: string }[]>(
        raw,
        'SELECT deskbot_batch($1, $2::jsonb) AS r',
        [fn, jsonArray(items)],
      );
      return rows.map((row) =>
        row.error !== undefined ? Object.assign(new Error(row.error), { code: row.code }) : (row.ok as O),
      );
    }),
    concurrency,
  );
}

/**
 * A batch run over the items' JSON texts, each serialized alone: an item JSON cannot carry (nested too
 * deep for the serializer) gets its own error and is not sent; the rest go on.
 */
export function eachAsJson<I, O>(
  send: (json: string[]) => Promise<(O | Error)[]>,
): (items: I[]) => Promise<(O | Error)[]> {
  return async (items) => {
    const encoded = items.map((item): string | Error => {
      try {
        return JSON.stringify(item);
      } catch (err) {
        return err instanceof Error ? err : new Error(String(err));
      }
    });
    const sendable = encoded.filter((e): e is string => typeof e === 'string');
    const answers = sendable.length > 0 ? await send(sendable) : [];
    let next = 0;
    return encoded.map((e) => (typeof e === 'string' ? answers[next++]! : e));
  };
}

/** JSON texts as one JSON array. */
export function jsonArray(json: string[]): string {
  return `[${json.join(',')}]`;
}

/** The jsonb a `SELECT f(...) AS r` returns. */
export async function jsonResult<T>(raw: RawQuery, text: string, params: unknown[]): Promise<T> {
  return fromJsonb<T>((await raw(text, params))[0]?.r);
}

import { type SQL, sql } from 'drizzle-orm';
import type { Db } from './database.js';

/**
 * Group commit: calls made in the same turn of the event loop, or while batches are running, are sent
 * together as one batch, so under load many small statements become one; an idle caller waits one
 * turn of the loop. (PGlite answers within the caller's turn, so without waiting that turn nothing
 * would ever be batched there.) `run` returns one result per item, in order: a value, or an Error for
 * that item alone.
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
        for (const b of batch) b.reject(err);
      }
    }
    this.inFlight--;
  }
}

/**
 * A batcher over one of the deskbot_* functions: a batch of one calls it through deskbot_batch_one
 * (its error is the call's error); more go through deskbot_batch, each item in its own subtransaction.
 */
export function functionBatcher<I, O>(db: Db, fn: string, concurrency: number): CallBatcher<I, O> {
  return new CallBatcher<I, O>(async (items) => {
    if (items.length === 1) {
      const one = await db.execute(
        sql`SELECT deskbot_batch_one(${fn}, ${JSON.stringify(items[0])}::jsonb) AS r`,
      );
      return [parsed<O>((one as unknown as { rows: { r: unknown }[] }).rows[0]?.r)];
    }
    const query: SQL = sql`SELECT deskbot_batch(${fn}, ${JSON.stringify(items)}::jsonb) AS r`;
    const result = (await db.execute(query)) as unknown as { rows: { r: unknown }[] };
    const rows = parsed<{ ok?: O; error?: string; code?: string }[]>(result.rows[0]?.r);
    return rows.map((row) =>
      row.error !== undefined ? Object.assign(new Error(row.error), { code: row.code }) : (row.ok as O),
    );
  }, concurrency);
}

/** jsonb comes already parsed or as text, depending on the driver. */
function parsed<T>(raw: unknown): T {
  return (typeof raw === 'string' ? JSON.parse(raw) : raw) as T;
}

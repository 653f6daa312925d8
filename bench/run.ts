import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/store.js';
import { workerDatabaseUrl } from '../test/support/test-store.js';
import { benchConversationTurns } from './conversation-turn.bench.js';
import { benchKbSearch } from './kb-search.bench.js';
import { benchSlaEmbedded, benchSlaServer } from './sla.bench.js';
import { benchSlack } from './slack.bench.js';
import { benchTicketCreate } from './ticket-create.bench.js';

/** BENCH_ONLY=slack,kb runs those parts only (ticket, turn, slack, sla, kb); unset runs all. */
const only = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
const runs = (part: string) => only.size === 0 || only.has(part);

/**
 * npm run bench: prints figures, never pass/fail. The embedded store runs on files in a temporary
 * directory; the server run uses BENCH_DATABASE_URL (default: the local test server), in a fresh
 * database of its own, and is skipped when no server answers.
 */
async function main() {
  const lines: string[] = [`deskbot bench — ${new Date().toISOString()} — node ${process.version}`];
  if (runs('sla')) lines.push(...(await benchSlaEmbedded())); // in a process of its own: its memory is the figure
  // The embedded default as users run it: PGlite on files under a data directory.
  const dataDir = await mkdtemp(join(tmpdir(), 'deskbot-bench-'));
  const embedded = await openStore({ dataDir });
  if (runs('ticket')) lines.push(...(await benchTicketCreate(embedded, 'PGlite    ')));
  if (runs('turn')) lines.push(...(await benchConversationTurns(embedded, 'PGlite    ')));
  if (runs('slack')) lines.push(...(await benchSlack(embedded, 'PGlite    ')));
  await embedded.close();
  await rm(dataDir, { recursive: true, force: true });

  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  let server: Awaited<ReturnType<typeof openStore>> | undefined;
  let url = '';
  try {
    url = await workerDatabaseUrl(serverUrl, 'bench');
    server = await openStore({ url });
  } catch (err) {
    lines.push(`PostgreSQL: skipped (${(err as Error).message})`);
  }
  if (server) {
    if (runs('ticket')) lines.push(...(await benchTicketCreate(server, 'PostgreSQL')));
    if (runs('slack')) lines.push(...(await benchSlack(server, 'PostgreSQL')));
    if (runs('sla')) lines.push(...(await benchSlaServer(server, url, 'PostgreSQL')));
    await server.close();
  }
  if (runs('kb')) lines.push(...(await benchKbSearch()));
  for (const line of lines) process.stdout.write(`${line}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
